"""Site-wide request checks that must run before any view."""

from django.core.exceptions import SuspiciousOperation


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
