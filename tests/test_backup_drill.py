"""The backup and restore drill (scripts/backup, scripts/restore-drill; docs/deployment.md, "Backup and restore").

The scripts run as they would in production, as separate processes with pg_dump and pg_restore, against the test
database: the rows made here are committed (transaction=True) so that pg_dump sees them.
"""

import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from companies.models import Company, Membership
from tests.conftest import stored_files
from tests.factories import CompanyFactory, MembershipFactory
from tests.images import image_bytes

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the drill runs pg_dump and pg_restore: it needs DATABASE_URL=postgres://..."),
    pytest.mark.skipif(shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
                       reason="PostgreSQL's client programs (pg_dump, pg_restore) are not installed"),
]


def database_url(name: str | None = None) -> str:
    """The test database's URL, as DATABASE_URL would give it."""
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
            f"/{name or settings['NAME']}")


def run(script: str, *args, media_root: Path | None = None) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "DATABASE_URL": database_url()}
    if media_root is not None:
        env["DJANGO_MEDIA_ROOT"] = str(media_root)
    return subprocess.run([sys.executable, str(SCRIPTS / script), *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=120)


def result_rows(output: str) -> dict[str, list[str]]:
    """The drill's table: {"public.companies_company": ["3", "3", "ok"], "media files": [...]}."""
    rows = {}
    for line in output.splitlines():
        if line.startswith("media files"):
            rows["media files"] = line.split()[2:]
        elif line.startswith("public."):
            name, *values = line.split()
            rows[name] = values
    return rows


def drill_databases() -> list[str]:
    with connection.cursor() as cursor:
        pattern = f"{connection.settings_dict['NAME']}_drill_%"
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern])
        return [name for (name,) in cursor.fetchall()]


@pytest.fixture
def saved(media_root, tmp_path):
    """Three companies with a logo each and an owner, then a backup of them: (backup directory, media root)."""
    for name in ["Mekong Coffee", "Caspian Foods", "Saigon Silk"]:
        company = MembershipFactory(company=CompanyFactory(name=name)).company
        company.logo.save("logo.webp", ContentFile(image_bytes("WEBP")), save=False)
        company.save()
    backup = run("backup", tmp_path / "backups", media_root=media_root)
    assert backup.returncode == 0, backup.stderr
    return Path(backup.stdout.splitlines()[-1]), media_root


def test_backup_records_rows_and_media_files(saved):
    backup_dir, media_root = saved

    manifest = json.loads((backup_dir / "manifest.json").read_text())

    assert sorted(p.name for p in backup_dir.iterdir()) == ["database.dump", "manifest.json", "media.tar"]
    assert backup_dir.name.startswith("tradebridge-")
    assert manifest["database"]["tables"]["public.companies_company"] == 3
    assert manifest["database"]["tables"]["public.companies_membership"] == 3
    assert sorted(manifest["media"]["files"]) == stored_files(media_root)
    assert len(stored_files(media_root)) == 3
    with tarfile.open(backup_dir / "media.tar") as archive:
        assert sorted(archive.getnames()) == stored_files(media_root)


def test_restore_drill_matches_the_backup(saved):
    backup_dir, media_root = saved

    drill = run("restore-drill", backup_dir)

    assert drill.returncode == 0, drill.stdout + drill.stderr
    rows = result_rows(drill.stdout)
    assert rows["public.companies_company"] == ["3", "3", "ok"]
    assert rows["public.companies_membership"] == ["3", "3", "ok"]
    assert rows["media files"] == ["3", "3", "ok"]
    assert all(values[2] == "ok" for values in rows.values())
    assert drill.stdout.splitlines()[-1] == "RESTORE DRILL PASSED"
    assert drill_databases() == []  # the drill dropped its database


def test_restore_drill_detects_a_dump_missing_rows(saved, tmp_path):
    backup_dir, media_root = saved
    # A dump that lost a company (and what hangs on it) since the counts were taken.
    Company.objects.get(name="Saigon Silk").delete()
    assert Membership.objects.count() == 2
    redump = subprocess.run(["pg_dump", "--format=custom", f"--file={backup_dir / 'database.dump'}", database_url()],
                            capture_output=True, text=True)
    assert redump.returncode == 0, redump.stderr

    drill = run("restore-drill", backup_dir)

    assert drill.returncode == 1, drill.stdout + drill.stderr
    rows = result_rows(drill.stdout)
    assert rows["public.companies_company"] == ["3", "2", "DIFFERENT"]
    assert rows["public.companies_membership"] == ["3", "2", "DIFFERENT"]
    assert rows["media files"] == ["3", "3", "ok"]
    assert drill.stdout.splitlines()[-1] == "RESTORE DRILL FAILED: the restore differs from the backup"
    assert drill_databases() == []


def test_restore_drill_detects_missing_and_altered_media(saved):
    backup_dir, media_root = saved
    lost, altered, kept = stored_files(media_root)
    with tarfile.open(backup_dir / "media.tar", "w") as archive:
        archive.add(media_root / kept, arcname=kept)
        (media_root / altered).write_bytes(b"not the saved image")
        archive.add(media_root / altered, arcname=altered)

    drill = run("restore-drill", backup_dir)

    assert drill.returncode == 1, drill.stdout + drill.stderr
    rows = result_rows(drill.stdout)
    assert rows["public.companies_company"] == ["3", "3", "ok"]
    assert rows["media files"] == ["3", "2", "DIFFERENT"]
    assert f"  media missing: {lost}" in drill.stdout.splitlines()
    assert f"  media changed: {altered}" in drill.stdout.splitlines()


def test_restore_drill_refuses_to_restore_over_the_source(saved):
    backup_dir, media_root = saved

    drill = run("restore-drill", backup_dir, "--database", connection.settings_dict["NAME"])

    assert drill.returncode == 2
    assert "Refusing to restore into" in drill.stderr
    assert Company.objects.count() == 3


def test_backup_without_postgresql_url_fails_and_leaves_nothing(tmp_path):
    backup = subprocess.run([sys.executable, str(SCRIPTS / "backup"), str(tmp_path / "backups")],
                            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///db.sqlite3"},
                            capture_output=True, text=True, timeout=60)

    assert backup.returncode == 2
    assert backup.stderr == "backup failed: DATABASE_URL must be a PostgreSQL URL (postgres://...), not 'sqlite'.\n"
    assert list(tmp_path.glob("backups/*")) == []
