"""config.middleware.RequestIdMiddleware and config.logs: one id per request, on the response and in the logs."""

import json
import logging
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from config import logs
from config.middleware import RequestIdMiddleware

HOME = "/en/"


@pytest.fixture
def records():
    """The records the site's logging configuration writes, as its console handler receives them."""
    captured = []

    class Capture(logging.Handler):
        def emit(self, record):
            captured.append(record)

    handler = Capture()
    handler.addFilter(logs.RequestIdFilter())
    logger = logging.getLogger("tests.request_id")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield captured
    logger.removeHandler(handler)


def test_a_request_without_an_id_gets_a_new_uuid4_hex(client, db):
    first = client.get(HOME)["X-Request-ID"]
    second = client.get(HOME)["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first[12] == "4"  # the version digit of a uuid4
    assert second != first


@pytest.mark.parametrize("given", ["0f4c1a2b3c4d5e6f708192a3b4c5d6e7", "6f1e2d3c-4b5a-4968-8776-655443322110",
                                   "req.42:edge-1_b"])
def test_a_sane_id_from_the_proxy_is_kept(client, db, given):
    response = client.get(HOME, headers={"X-Request-ID": given})

    assert response["X-Request-ID"] == given


@pytest.mark.parametrize("given", ["", "has space", 'quote"', "x" * 201, "line\\nbreak", "{}", "é"])
def test_an_odd_id_from_the_proxy_is_replaced(client, db, given):
    response = client.get(HOME, headers={"X-Request-ID": given})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_redirects_and_errors_carry_the_id_too(client, db):
    assert client.get("/companies/", headers={"X-Request-ID": "abc"})["X-Request-ID"] == "abc"  # language redirect
    assert client.get("/en/no-such-page/", headers={"X-Request-ID": "def"})["X-Request-ID"] == "def"


def test_every_record_written_during_a_request_carries_its_id(records, rf):
    def view(request):
        logging.getLogger("tests.request_id").info("inside")
        return HttpResponse()

    RequestIdMiddleware(view)(rf.get("/", headers={"X-Request-ID": "abc123"}))
    logging.getLogger("tests.request_id").info("after")

    assert [(r.getMessage(), r.request_id) for r in records] == [("inside", "abc123"), ("after", "-")]


def test_the_json_formatter_writes_one_object_a_line(records):
    logs.request_id.set("abc123")
    try:
        logging.getLogger("tests.request_id").warning("Bad thing %s", "happened", extra={"status_code": 500})
    finally:
        logs.request_id.set("-")

    line = logs.JsonFormatter().format(records[0])

    entry = json.loads(line)
    assert "\n" not in line
    assert entry == {"time": entry["time"], "level": "WARNING", "logger": "tests.request_id",
                     "message": "Bad thing happened", "request_id": "abc123", "status_code": 500}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])


def test_the_json_formatter_keeps_the_traceback(records):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("tests.request_id").exception("Failed")

    entry = json.loads(logs.JsonFormatter().format(records[0]))

    assert entry["exception"].splitlines()[-1] == "ValueError: boom"


def test_json_logs_are_chosen_by_the_environment():
    code = ("import django, logging; django.setup(); "
            "logging.getLogger('django.request').error('Not Found: /x', extra={'status_code': 404})")
    # DEBUG off, as in production: with DEBUG on Django's own console handler prints django.* records as well.
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_LOG_FORMAT": "json", "DJANGO_DEBUG": "false",
           "DJANGO_SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"}

    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                            check=True, cwd=settings.BASE_DIR)

    entry = json.loads(result.stderr)
    assert (entry["level"], entry["logger"], entry["message"], entry["request_id"], entry["status_code"]) == (
        "ERROR", "django.request", "Not Found: /x", "-", 404)


def test_the_login_page_is_not_broken_by_the_middleware(client, db):
    assert client.get(reverse("account_login")).status_code == 200
