"""Rendered fragments of the public pages, cached between the writes that change them.

At 100,000 companies a list page spends most of its time rendering, not querying (docs/performance.md): 20 cards,
a filter sidebar. What those show is the same for every reader of one address in one language on one day, so
the HTML is cached under the generations (config.generations) that the writes able to change it bump, and for
TIMEOUT at most: the backstop for a write that sends no signal (a queryset update) and for processes that share
no cache (local memory).

Nothing personal may be stored in a shared fragment. So a fragment is rendered **without the context processors**
(no `user`, no membership, no unread counts, no CSRF token): a template that reads them sees a visitor. The parts
of a page that depend on the reader (the header, an "edit" button, contact details) are rendered around the
fragment on every request. A fragment for one company's people only (its suggestions) says so in its key, and
may hold forms: their CSRF token is a placeholder in the cache, replaced by the reader's own on each request.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from config import generations

KEY_PREFIX = "fragment"
TIMEOUT = 60
# What `{% csrf_token %}` renders in a cached fragment: replaced by the reader's token when it is served.
CSRF_PLACEHOLDER = "csrf-token-of-the-reader"


def cached_fragments(name: str, *, generation_keys: Sequence[str], vary: Iterable, templates: dict[str, str],
                     context: Callable[[], dict], csrf_request=None, store: bool = True) -> dict[str, SafeString]:
    """The HTML of each of `templates` (context variable → template name), cached together under `name`, the
    current value of each generation, the active language, today's date and `vary` (what else the HTML depends
    on, e.g. the request's path and query string): one cache read for all of them.

    `context` is called only on a miss, so the queries behind the fragments run only then. Its dict is all the
    templates see: nothing from the context processors (see above). With `csrf_request` the templates' forms
    get that request's CSRF token. With `store=False` the fragments are rendered the same way, but neither read
    from nor stored in the cache (see query_is_known)."""
    key = fragment_key(name, generation_keys=generation_keys, vary=vary) if store else None
    parts = cache.get(key) if store else None
    if parts is None:
        values = context()
        if csrf_request is not None:
            values = {**values, "csrf_token": CSRF_PLACEHOLDER}
        parts = {variable: str(render_to_string(template, values)) for variable, template in templates.items()}
        if store:
            cache.set(key, parts, TIMEOUT)
    if csrf_request is not None:
        token = get_token(csrf_request)  # letters and digits only
        parts = {variable: html.replace(CSRF_PLACEHOLDER, token) for variable, html in parts.items()}
    # Safe: rendered by our own templates, which escaped what they show.
    return {variable: mark_safe(html) for variable, html in parts.items()}


def query_is_known(request, names: Iterable[str]) -> bool:
    """Whether every parameter of the request's query string is one of `names` (a list page's filters and its
    page number). Fragments vary on the whole address, as their paging links keep the query; an address with
    made-up parameters is rendered but not stored, so that nobody can fill the shared cache with them."""
    return set(request.GET).issubset(names)


def fragment_key(name: str, *, generation_keys: Sequence[str], vary: Iterable) -> str:
    versions = current_generations(generation_keys)
    # Today: what is public changes with the date (expired entries, "upcoming"), and so do the dates shown.
    parts = [get_language() or "", timezone.localdate().isoformat(), *versions, *vary]
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()
    return f"{KEY_PREFIX}:{name}:{digest}"


def current_generations(keys: Sequence[str]) -> list[int]:
    """The current generation under each key, read in one round trip (config.generations.current for those not
    set yet)."""
    found = cache.get_many(keys)
    return [found[key] if key in found else generations.current(key) for key in keys]
