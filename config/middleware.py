"""Site-wide request handling that must run before any view: request ids, refused queries."""

import re
import uuid

from django.core.exceptions import SuspiciousOperation

from config import logs


class NullByteInQuery(SuspiciousOperation):
    """A query parameter name or value holds a NUL byte."""


class RejectNullBytesMiddleware:
    """Answer 400 Bad Request to a query string with a NUL byte (`?q=%00`).

    PostgreSQL text cannot hold NUL, so such a value used in a filter raises a database error: a 500 from the
    admin changelist's search and filters and the directory's filters, which read GET parameters without a form
    field's null-character validator. No legitimate link carries one, so refusing it here, once, covers every
    view. Raising SuspiciousOperation gives Django's 400 page and a line in the django.security log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise NullByteInQuery("NUL byte in a query parameter")
        return self.get_response(request)


# What a proxy may hand us as a request id: letters, digits and a few separators, at most 200 characters, so that
# a client cannot put a newline, JSON or a megabyte into every log line and response (nginx's $request_id is 32
# hex digits, a UUID is 36 characters).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,200}")


class RequestIdMiddleware:
    """Give each request an id: X-Request-ID from the proxy when sane, else a new uuid4 hex.

    The id is `request.request_id`, the X-Request-ID header of the response, and, through a context variable
    (config.logs), on every log record written while the request is handled: a proxy's access log line, the app's
    log lines and an error report can be matched up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = logs.request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            logs.request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
