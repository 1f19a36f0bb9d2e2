"""Production settings from the environment (config/settings.py): Django's deploy checks pass, and HTTPS works
behind a proxy that ends TLS."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

SECRET = "a-production-secret-that-is-long-enough-and-random-7f3c9e1b5d2a8046"

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "tradebridge.example",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://tradebridge.example",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "true",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_SECURE_HSTS_PRELOAD": "true",
    "DJANGO_SECURE_COOKIES": "true",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
    "DJANGO_CONN_MAX_AGE": "60",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL": "https",
    "SITE_URL": "https://tradebridge.example",
}


def manage(*args, env: dict[str, str]) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with only `env` and PATH (no variable inherited from the test run)."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run([sys.executable, "manage.py", *args], env=clean, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=120)


def without(*names: str) -> dict[str, str]:
    return {key: value for key, value in PRODUCTION.items() if key not in names}


def test_the_production_environment_passes_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "System check identified no issues (0 silenced).\n"


@pytest.mark.parametrize(("missing", "warning"), [
    (("DJANGO_SECURE_HSTS_SECONDS",), "security.W004"),
    (("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",), "security.W005"),
    (("DJANGO_SECURE_HSTS_PRELOAD",), "security.W021"),
    (("DJANGO_SECURE_SSL_REDIRECT",), "security.W008"),
])
def test_the_deploy_checks_fail_without_a_setting(missing, warning):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=without(*missing))

    assert result.returncode == 1
    assert f"({warning})" in result.stderr
    assert "System check identified 1 issue (0 silenced)." in result.stderr


def test_settings_are_read_from_the_environment():
    code = ("import json; from django.conf import settings as s; print(json.dumps({"
            "'proxy_ssl_header': s.SECURE_PROXY_SSL_HEADER, 'hsts': [s.SECURE_HSTS_SECONDS, "
            "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD], 'csrf': s.CSRF_TRUSTED_ORIGINS, "
            "'proxies': s.ALLAUTH_TRUSTED_PROXY_COUNT, 'client_ip_header': s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER, "
            "'conn': [s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']], "
            "'cache': s.CACHES['default']['BACKEND'], 'sessions': s.SESSION_ENGINE}))")

    production = manage("shell", "--no-imports", "-c", code, env={**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:6379/14",
                                                  "DJANGO_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"})
    development = manage("shell", "--no-imports", "-c", code, env={})

    assert json.loads(production.stdout) == {
        "proxy_ssl_header": ["HTTP_X_FORWARDED_PROTO", "https"],
        "hsts": [31536000, True, True],
        "csrf": ["https://tradebridge.example"],
        "proxies": 1,
        "client_ip_header": "X-Real-IP",
        "conn": [60, True],
        "cache": "django.core.cache.backends.redis.RedisCache",
        "sessions": "django.contrib.sessions.backends.cached_db",
    }
    # The zero-set-up default: no proxy trusted, local memory, sessions in the database.
    assert json.loads(development.stdout) == {
        "proxy_ssl_header": None,
        "hsts": [0, False, False],
        "csrf": [],
        "proxies": 0,
        "client_ip_header": None,
        "conn": [0, True],
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "sessions": "django.contrib.sessions.backends.db",
    }


@pytest.fixture
def behind_a_tls_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def test_behind_a_tls_proxy_an_https_request_is_served_not_redirected(client, db, behind_a_tls_proxy):
    response = client.get("/en/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert response.wsgi_request.is_secure() is True


def test_behind_a_tls_proxy_a_plain_http_request_is_redirected_to_https(client, db, behind_a_tls_proxy):
    response = client.get("/en/", headers={"X-Forwarded-Proto": "http"})

    assert (response.status_code, response.url) == (301, "https://testserver/en/")


def test_without_the_proxy_header_setting_every_request_would_loop(client, db, settings):
    """The loop the setting prevents: the proxy speaks plain HTTP to Django, which redirects it to HTTPS again."""
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/en/", headers={"X-Forwarded-Proto": "https"})

    assert (response.status_code, response.url) == (301, "https://testserver/en/")


def shipped_environment() -> dict[str, str]:
    """deploy/tradebridge.env.example as systemd's EnvironmentFile reads it, with a secret key filled in."""
    values = {}
    for line in (settings.BASE_DIR / "deploy/tradebridge.env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip('"')
    return {**values, "DJANGO_SECRET_KEY": SECRET}


def test_the_shipped_production_environment_file_passes_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=shipped_environment())

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "System check identified no issues (0 silenced).\n"
