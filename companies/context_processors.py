from companies.selectors import membership_of


def my_company(request):
    """The signed-in user's membership (or None), for the header; fetched once per request."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    if not hasattr(request, "_membership"):
        request._membership = membership_of(user)
    return {"my_membership": request._membership}
