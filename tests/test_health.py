"""config/health.py: /health/ for the load balancer."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.mail import deliver

URL = "/health/"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def enqueue_task(*, waited_minutes: int):
    with override_settings(TASKS=DATABASE_TASKS):
        result = deliver.enqueue(subject="Hello", body="Hi", to=["someone@example.com"])
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=waited_minutes))


def test_all_well_is_200_with_every_check(client, db):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {
        "database": {"ok": True},
        "cache": {"ok": True},
        "migrations": {"ok": True, "unapplied": 0},
        "task_backlog": {"ok": True, "ready": 0, "overdue": 0, "minutes": 10},
    }}


def test_it_needs_no_login_no_language_prefix_and_is_never_cached(client, db):
    response = client.get(URL)

    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert "no-store" in [part.strip() for part in response["Cache-Control"].split(",")]
    assert "Set-Cookie" not in response.headers


def test_it_is_cheap(client, db, django_assert_num_queries):
    # SELECT 1; whether django_migrations exists and its rows; the task counts in one aggregate.
    with django_assert_num_queries(4):
        client.get(URL)


def test_it_is_not_redirected_to_https_so_a_plain_http_health_check_works(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(URL).status_code == 200
    assert client.get("/en/").status_code == 301


def test_a_broken_cache_is_503(client, db, settings):
    # Nothing listens on port 1: every cache operation fails as with a Redis that is down.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
    assert response.json()["checks"]["database"] == {"ok": True}


def test_an_unapplied_migration_is_503(client, db):
    MigrationRecorder(connection).record_unapplied("mfa", "0003_authenticator_type_uniq")

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "unapplied": 1}


def test_a_broken_database_is_503(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # As with a database that is down: every query fails (restored before the test database is torn down).
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert response.json()["checks"]["cache"] == {"ok": True}


def test_a_fresh_task_is_no_backlog(client, db):
    enqueue_task(waited_minutes=9)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["checks"]["task_backlog"] == {"ok": True, "ready": 1, "overdue": 0, "minutes": 10}


def test_a_task_waiting_too_long_degrades_but_keeps_the_server_in_rotation(client, db):
    """The task worker is not this server: a backlog is for monitoring, not a reason to stop serving pages."""
    enqueue_task(waited_minutes=11)
    enqueue_task(waited_minutes=1)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["task_backlog"] == {"ok": False, "ready": 2, "overdue": 1, "minutes": 10}


def test_a_task_scheduled_for_later_waits_from_its_run_after(client, db):
    enqueue_task(waited_minutes=60)
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(minutes=5))

    assert client.get(URL).json()["checks"]["task_backlog"]["overdue"] == 0


@pytest.mark.parametrize("status", ["RUNNING", "SUCCESSFUL", "FAILED"])
def test_only_ready_tasks_count(client, db, status):
    enqueue_task(waited_minutes=60)
    DBTaskResult.objects.update(status=status)

    assert client.get(URL).json()["checks"]["task_backlog"] == {"ok": True, "ready": 0, "overdue": 0, "minutes": 10}


def test_the_threshold_comes_from_the_settings(client, db, settings):
    settings.HEALTH_TASK_BACKLOG_MINUTES = 30
    enqueue_task(waited_minutes=20)

    assert client.get(URL).json()["checks"]["task_backlog"] == {"ok": True, "ready": 1, "overdue": 0, "minutes": 30}
