"""Two app server processes, one database and one Redis: what one worker learns, the others know.

Runs only on PostgreSQL with Redis reachable (CI has both): two gunicorn processes with one worker each on two
free ports, against the test database (committed rows: transaction=True) and one Redis database, show that
(a) a session started on one is logged in on the other, (b) a rate limit counted on one holds on the other,
(c) a login lockout started on one holds on the other, for that account from that client only. The client
address comes from X-Forwarded-For with one trusted proxy (DJANGO_TRUSTED_PROXY_COUNT=1).

SHARED_STATE_REDIS_URL picks the Redis database (default redis://127.0.0.1:6379/14); the test empties it.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.factories import UserFactory

REDIS_URL = os.environ.get("SHARED_STATE_REDIS_URL", "redis://127.0.0.1:6379/14")
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
LOCKED = "Too many failed login attempts. Try again later."


def redis_or_none():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
        return client
    except Exception:  # not installed, not running, refused: all mean "skip"
        return None


pytestmark = pytest.mark.django_db(transaction=True)


def skip_without_postgresql_and_redis():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): two processes share the test database")
    client = redis_or_none()
    if client is None:
        if os.environ.get("REQUIRE_REDIS"):  # CI starts Redis: a skip there would hide a broken set-up
            pytest.fail(f"REQUIRE_REDIS is set but there is no Redis at {REDIS_URL}")
        pytest.skip(f"needs Redis at {REDIS_URL} (SHARED_STATE_REDIS_URL)")
    return client


@pytest.fixture
def redis_db(servers):
    """Each test starts with no session, counter or lockout in Redis (sessions stay in the database)."""
    client = skip_without_postgresql_and_redis()
    client.flushdb()
    yield client
    client.flushdb()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def servers(django_db_setup, tmp_path_factory):
    """Two gunicorn processes, one worker each, as production runs them but on the test database (started once
    for the module: the test database and the Redis database stay the same)."""
    skip_without_postgresql_and_redis()
    tmp_path = tmp_path_factory.mktemp("shared_state")
    # The tests' fast password hasher (tests/conftest.py), so the servers can check the factories' passwords.
    (tmp_path / "shared_state_settings.py").write_text(
        "from config.settings import *  # noqa\n"
        'PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]\n')
    database = connection.settings_dict
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{settings.BASE_DIR}",
        "DJANGO_SETTINGS_MODULE": "shared_state_settings",
        "DATABASE_URL": f"postgres://{database['USER']}:{urllib.parse.quote(database['PASSWORD'] or '')}"
                        f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}",
        "CACHE_URL": REDIS_URL,
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
                          "--workers", "1", "--log-level", "warning"],
                         cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url, process in zip(urls, processes, strict=True):
            wait_until_up(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {process.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(f"{url}/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # refused while gunicorn starts, or a timeout on a busy machine
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer /health/ within {timeout} s")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One client (its own cookies, its own address as the proxy reports it) talking to either server.

    Cookies are not separated by port, so a cookie set by one server is sent to the other: as behind one host
    name and a load balancer."""

    def __init__(self, client_ip: str):
        self.client_ip = client_ip
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects)

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"X-Forwarded-For": self.client_ip})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return error.code, error.read().decode()

    def post_form(self, server: str, path: str, data: dict) -> tuple[int, str]:
        status, page = self.request(f"{server}{path}")
        assert status == 200, (path, status)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request(f"{server}{path}", {"csrfmiddlewaretoken": token, **data})

    def log_in(self, server: str, user, password: str = PASSWORD) -> tuple[int, str]:
        return self.post_form(server, reverse("account_login"), {"login": user.email, "password": password})


def test_a_session_started_on_one_server_is_logged_in_on_the_other(servers, redis_db):
    one, other = servers
    alice = UserFactory(username="alice")
    browser = Browser("203.0.113.1")

    assert browser.log_in(one, alice)[0] == 302

    assert browser.request(f"{other}{reverse('account_email')}")[0] == 200
    assert Browser("203.0.113.1").request(f"{other}{reverse('account_email')}")[0] == 302  # no session: log in


def test_a_rate_limit_counted_on_one_server_holds_on_the_other(servers, redis_db):
    """Password reset requests: at most 5 a minute for one address (allauth's "reset_password" limit)."""
    one, other = servers
    alice = UserFactory(username="alice")
    browser = Browser("203.0.113.1")
    reset = reverse("account_reset_password")

    statuses = [browser.post_form(one, reset, {"email": alice.email})[0] for _ in range(5)]

    assert statuses == [302] * 5
    assert browser.post_form(other, reset, {"email": alice.email})[0] == 429


def test_a_login_lockout_started_on_one_server_holds_on_the_other_for_that_account_and_client_only(servers, redis_db):
    one, other = servers
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    client_x = Browser("203.0.113.1")

    for _ in range(5):
        status, page = client_x.log_in(one, alice, password="wrong")
        assert (status, LOCKED in page) == (200, False)

    status, page = client_x.log_in(other, alice)  # the right password, on the other server: still locked out
    assert (status, LOCKED in page) == (200, True)
    assert Browser("198.51.100.7").log_in(other, alice)[0] == 302  # the same account from another client
    assert Browser("203.0.113.1").log_in(other, bob)[0] == 302  # another account from the same client
