from django.utils.functional import SimpleLazyObject

from companies.selectors import membership_of


class MembershipMiddleware:
    """`request.membership`: the signed-in user's membership with its company, read at most once per request
    and only when used (as healthchecks' `request.profile`). Falsy when the user has no company."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: membership_of(request.user))
        return self.get_response(request)
