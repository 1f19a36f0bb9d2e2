"""The benchmark databases: created (or dropped and created again), then opened and migrated, before a benchmark
seeds them."""

import os
import sys
from pathlib import Path


def open_database(url: str, *, reseed: bool, title: str) -> None:
    """Create the database of `url` if needed, set Django up on it (never on the project's db.sqlite3), migrate
    it, and print `title` with the database it runs on."""
    prepare_database(url, reseed=reseed)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if Path(str(settings.DATABASES["default"]["NAME"])) == settings.BASE_DIR / "db.sqlite3":
        sys.exit("A benchmark never runs on the project's db.sqlite3.")
    vendor = f"{connection.vendor} {'.'.join(map(str, connection.Database.sqlite_version_info))}" \
        if connection.vendor == "sqlite" else f"{connection.vendor} {connection.pg_version // 10000}"
    print(f"\n{title} on {vendor} ({safe_url(url)})", flush=True)
    call_command("migrate", verbosity=0)


def prepare_database(url: str, *, reseed: bool) -> None:
    import environ

    config = environ.Env.db_url_config(url)
    if config["ENGINE"].endswith("sqlite3"):
        path = Path(config["NAME"])
        path.parent.mkdir(parents=True, exist_ok=True)
        if reseed and path.exists():
            path.unlink()
        return
    import psycopg
    from psycopg import sql

    dsn = {"host": config.get("HOST") or None, "port": config.get("PORT") or None,
           "user": config.get("USER") or None, "password": config.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in dsn.items() if v}) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if exists and reseed:
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(config["NAME"])))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def safe_url(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url
