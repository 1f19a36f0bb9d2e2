"""Generation counters in the cache: the way a cache of derived data (matchmaking's rankings, market's supply and
demand) is made stale at once by the writes that change it.

Cached values are stored under keys that include the current generation; a write bumps it, which makes every
value of the old generation unreachable (they then expire on their own). With Redis (CACHE_URL) every process
sees the same generation; with local memory each process has its own, hence the timeouts of the caches.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone


def current(key: str) -> int:
    """The generation under `key`. The first one is the time in microseconds, not 1: a counter that the cache
    evicted starts again above every value it had (writes bump it far less often than once a microsecond), so
    values cached under an old generation never match again."""
    value = cache.get(key)
    if value is None:
        first = _now_us()
        cache.add(key, first, timeout=None)
        value = cache.get(key, first)
    return value


def cached[T](key: str, *, generation_key: str, compute: Callable[[], T], timeout: int) -> T:
    """`compute()`, kept in the cache under `key` and the current generation of `generation_key` for `timeout`
    seconds at most (the backstop for a write that bumps nothing, and for processes that share no cache)."""
    versioned = f"{key}:{current(generation_key)}"
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, timeout)
    return value


def bump(key: str) -> None:
    """Make the values of the current generation stale: now (this transaction's own next read must not see
    them), and again once the transaction commits (a value computed meanwhile by another request, which cannot
    see the write yet, would otherwise be stored under the new generation)."""
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted): start again above any value it had, and above a first
        cache.set(key, _now_us() + 1, timeout=None)  # value read in this same microsecond


def _now_us() -> int:
    return int(timezone.now().timestamp() * 1_000_000)
