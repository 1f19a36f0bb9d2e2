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


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext's xgettext is not installed")
def test_catalogs_hold_every_string_of_the_source(tmp_path):
    """Re-extract the strings in a copy of the project: the committed catalogs must already have them all."""
    import sys

    from babel.messages.pofile import read_po

    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "media", "staticfiles", "*.sqlite3", "tests", "bench", "__pycache__", "*.mo", "*.egg-info",
        ".hypothesis"))
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "-v", "0"],
                   cwd=copy, check=True, capture_output=True)

    def messages(path):
        with open(path, "rb") as f:
            return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_po(f) if m.id}

    extracted = messages(copy / "locale/vi/LC_MESSAGES/django.po")
    committed = messages(ROOT / "locale/vi/LC_MESSAGES/django.po")
    assert sorted(extracted - committed) == []
