"""The benchmark databases: created (or dropped and created again) before a benchmark seeds them."""

from pathlib import Path


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
