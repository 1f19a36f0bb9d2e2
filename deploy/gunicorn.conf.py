"""Gunicorn settings for TradeBridge (docs/deployment.md explains the choices).

    gunicorn --config deploy/gunicorn.conf.py config.wsgi:application

Every knob that differs between machines comes from the environment (the systemd unit reads
/etc/tradebridge/tradebridge.env); the rest is fixed here so that all app servers behave alike.
"""

import os


def _cores() -> int:
    # The CPUs this process may run on (a container or a systemd CPUAffinity= may allow fewer than the machine has).
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


wsgi_app = "config.wsgi:application"

# Where nginx (or the load balancer) reaches this server. Loopback by default: never expose gunicorn directly, it
# is not meant to face slow clients, and the proxy in front buffers requests and responses for it.
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# Sync workers: one request per process. A page here is CPU-bound (template rendering) with short database
# queries, so two processes per core keep the cores busy while one of them waits for PostgreSQL, without the
# memory of more. GUNICORN_WORKERS (or gunicorn's own WEB_CONCURRENCY) overrides it.
worker_class = "sync"
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", 2 * _cores()))

# A request that takes longer than this is killed and logged (its worker is replaced): no page needs more than a
# few hundred milliseconds, the slowest work (Schedule all) is bounded by its own time limit, well below it.
# nginx's proxy_read_timeout is a little longer, so the log says which request it was.
timeout = _int("GUNICORN_TIMEOUT", 30)
# On HUP or stop, finish the requests in flight for up to this long (systemd's TimeoutStopSec is longer).
graceful_timeout = 30
# Sync workers close the connection after each response anyway; nginx keeps the client connections alive.
keepalive = 2

# Replace each worker after about this many requests, so a slow leak cannot grow for ever; the jitter keeps the
# workers from all restarting at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10

# Load Django once in the master, then fork: workers start in milliseconds (cheap recycling above) and share
# the imported code's memory pages; a broken import stops the start instead of looping workers. The price: HUP
# restarts the workers from the code the master loaded, so an upgrade must restart the service (see
# docs/deployment.md, "Upgrades"). GUNICORN_PRELOAD=false makes HUP pick up new code instead.
preload_app = _bool("GUNICORN_PRELOAD", True)

# The workers' heartbeat files: in memory, since a disk-backed /tmp can stall the heartbeat writes under I/O load
# and get healthy workers killed.
worker_tmp_dir = "/dev/shm"

# Behind nginx on the same machine: trust its X-Forwarded-* headers only from loopback (gunicorn's default).
# Django itself decides which client address to believe (DJANGO_TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr: systemd's journal keeps them (journalctl -u tradebridge-web).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address as nginx saw it, request line, status, bytes, time in microseconds, and the request id: the
# X-Request-ID response header that the application returns (nginx's $request_id when nginx sent one), so a
# line here matches nginx's access log and the application's own log lines.
access_log_format = (
    '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(D)sus '
    'rid=%({x-request-id}o)s ref="%(f)s" ua="%(a)s"'
)
# So `ps` and `top` tell TradeBridge's processes from others.
proc_name = "tradebridge-web"


def when_ready(server):
    """Import the URL configuration (and with it every view, form and template tag module) in the master.

    Django does that lazily on a worker's first request, ~300 ms here; done once before forking, a new worker,
    including each one max_requests recycles, answers its first request in ~20 ms. Only with preload_app: without
    it the master has not set Django up. The connections are closed in case some import opened one, since a
    connection inherited by several workers would be shared by all of them.
    """
    if not server.cfg.preload_app:
        return
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the attribute access is the import
    connections.close_all()
