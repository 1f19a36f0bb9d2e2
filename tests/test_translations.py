"""The Vietnamese and Azerbaijani catalogs are complete: nothing untranslated, nothing fuzzy."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("locale*/*/LC_MESSAGES/django.po"))


def test_every_language_has_both_catalogs():
    assert CATALOGS == [
        "locale/az/LC_MESSAGES/django.po", "locale/vi/LC_MESSAGES/django.po",
        "locale_overrides/az/LC_MESSAGES/django.po", "locale_overrides/vi/LC_MESSAGES/django.po",
    ]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("catalog", CATALOGS)
def test_catalog_is_complete_and_valid(catalog):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", catalog],
                            cwd=ROOT, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
