"""Template tag `{% page_url n %}`: the current URL's query string (filters kept) with another page number.

Registered as a template builtin in settings, so every paginated page links the same way and no view has
to rebuild its query string.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
