"""A company's ranked suggestions, cached between the writes that could change them.

Ranking a company's suggestions exactly takes 15–30 ms at 100,000 companies (docs/performance.md); a company
opens its suggestions and the home page again and again while nothing has changed. So the ranking — company
ids, scores and the viewer's marks, not the reasons — is cached under a **generation**: a counter in the cache
that every write able to change any score or relation bumps once it commits (matchmaking.signals: company
profiles and their keys, marketplace entries, marks, meeting requests). A new generation makes every cached
ranking unreachable at once; they then expire on their own.

The page shown is always scored afresh from the current profiles (selectors.company_suggestion_page), so
the reasons and scores a reader sees are true now; only the order can lag, and only where a write bypasses the
signals (a queryset update) or where several processes share no cache (local memory): for at most TIMEOUT.
With Redis configured (CACHE_URL, docs/deployment.md) every process sees the same generation.
"""

from django.core.cache import cache
from django.utils import timezone

from config import generations

GENERATION_KEY = "matchmaking:generation"
# The longest a ranking is reused, whatever happens: bounds the lag of the writes that bypass the signals.
TIMEOUT = 300


def generation() -> int:
    return generations.current(GENERATION_KEY)


def bump() -> None:
    """Make every cached ranking stale (config.generations.bump: now and once the transaction commits)."""
    generations.bump(GENERATION_KEY)


def ranking_key(company_id: int) -> str:
    """Where the company's ranking of this generation is cached: read it before ranking, so that a ranking made
    while a write commits is stored under the generation it belongs to.

    Today is in the key too: entries expire by date, and a ranking must not outlive its day."""
    return f"matchmaking:ranking:{generation()}:{timezone.localdate().isoformat()}:{company_id}"


def read(key: str) -> list[tuple[int, int, str | None]] | None:
    """The ranking stored under `key`: (company id, score, the viewer's mark) best first, or None."""
    return cache.get(key)


def store(key: str, ranking: list[tuple[int, int, str | None]]) -> None:
    cache.set(key, ranking, timeout=TIMEOUT)
