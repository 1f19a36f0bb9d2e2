from messaging.selectors import unread_thread_count


def unread(request):
    """`unread_threads`: how many conversations of the user's company hold a message the user has not read, for
    the header (one query for a member of a company, none for anyone else)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(request, "membership", None):
        return {}
    return {"unread_threads": unread_thread_count(user)}
