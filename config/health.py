"""/health/: whether this app server can serve, for the load balancer and for monitoring.

Four checks, each a single cheap operation (three queries in all):
- database: `SELECT 1`;
- cache: a key set, read back and deleted (Redis when CACHE_URL points at it: sessions and rate limits need it);
- migrations: every migration on disk is applied (the code's migrations, read once per process, against the
  applied ones), so the code and the schema agree;
- task_backlog: how many ready tasks (django_tasks_db) have waited longer than HEALTH_TASK_BACKLOG_MINUTES.

HTTP 503 when the database, the cache or the migrations fail: this server cannot answer correctly, the load
balancer should take it out of rotation. A task backlog does NOT make it 503: the task worker is a separate
process, every app server would report the same backlog, and taking them all out would turn late emails into a
site that is down. It makes the status "degraded" (HTTP 200) for monitoring to alert on.

Errors are reported by exception class only, the details go to the log: the page needs no login.
"""

import logging
import uuid
from datetime import timedelta
from functools import cache as cache_for_process

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

# Checks whose failure makes the server unfit to serve (503); the others only degrade the status.
CRITICAL = ("database", "cache", "migrations")


def check_database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_cache() -> dict:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    read_back = cache.get(key)
    cache.delete(key)
    return {"ok": read_back == "ok"}


@cache_for_process
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """Every migration the code holds (after squashed ones replace what they replace). Loading them imports
    every migration module and builds the graph, tens of milliseconds: done once per process, since the code
    does not change under a running process (a deployment starts new ones)."""
    return frozenset(MigrationLoader(connections[DEFAULT_DB_ALIAS], ignore_no_migrations=True).graph.nodes)


def check_migrations() -> dict:
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    unapplied = migrations_on_disk() - set(applied)
    return {"ok": not unapplied, "unapplied": len(unapplied)}


def check_task_backlog() -> dict:
    cutoff = timezone.now() - timedelta(minutes=settings.HEALTH_TASK_BACKLOG_MINUTES)
    # Waiting since it was enqueued, or since its run_after when it was scheduled for later.
    waiting_too_long = Q(enqueued_at__lt=cutoff) & (Q(run_after=get_date_max()) | Q(run_after__lt=cutoff))
    counts = DBTaskResult.objects.ready().aggregate(ready=Count("pk"), overdue=Count("pk", filter=waiting_too_long))
    return {"ok": counts["overdue"] == 0, **counts, "minutes": settings.HEALTH_TASK_BACKLOG_MINUTES}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "migrations": check_migrations,
    "task_backlog": check_task_backlog,
}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # any failure of a dependency is what this reports
            logger.exception("Health check %s failed", name)
            results[name] = {"ok": False, "error": type(error).__name__}
    return results


@require_safe
@never_cache
def health(request):
    checks = run_checks()
    failing = [name for name, result in checks.items() if not result["ok"]]
    critical = any(name in CRITICAL for name in failing)
    status = "failing" if critical else ("degraded" if failing else "ok")
    return JsonResponse({"status": status, "checks": checks}, status=503 if critical else 200)
