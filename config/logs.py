"""Log records that name their request: the id set by config.middleware.RequestIdMiddleware, and JSON lines.

The id travels in a context variable rather than on the request, so that every logger (Django's, allauth's,
ours, a library's) gets it without being handed the request; each thread or asyncio task has its own value.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

# "-" outside a request (management commands, the task worker, start-up).
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` to every record; filters nothing out."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request id, and the exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            # Set by RequestIdFilter; read here too so that a handler without the filter still writes a value.
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        status_code = getattr(record, "status_code", None)  # django.request and django.server add it
        if status_code is not None:
            entry["status_code"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
