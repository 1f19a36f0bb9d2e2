def my_company(request):
    """The signed-in user's membership (falsy without one), for the header: companies.middleware reads it."""
    membership = getattr(request, "membership", None)
    return {"my_membership": membership} if membership is not None else {}
