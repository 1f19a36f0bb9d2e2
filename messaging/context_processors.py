from messaging.unread_cache import unread_threads


def unread(request):
    """`unread_threads`: how many conversations of the user's company hold a message the user has not read, for
    the header (cached: messaging.unread_cache; nothing for anyone who is not a member of a company)."""
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    if user is None or not user.is_authenticated or not membership:
        return {}
    return {"unread_threads": unread_threads(user, membership.company_id)}
