"""Every page as each role sees it, in the three languages, on a phone (360 px) and a desktop (1280 px):
nothing may scroll sideways (wide tables scroll inside their own box).

With CRAWL_SCREENSHOTS=/some/folder each page is also saved as a full-page screenshot there, to look at:
`CRAWL=1 CRAWL_SCREENSHOTS=/tmp/crawl make test PYTEST_ARGS=tests/browser/test_crawl.py`.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from companies.models import Company
from events.models import Event, Meeting
from tests.browser.conftest import log_in

# The crawl takes a few minutes: CI runs it once, in its PostgreSQL pass; CRAWL=1 runs it on SQLite too.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql" and not os.environ.get("CRAWL"),
                       reason="the crawl runs on PostgreSQL (CI's second pass), or with CRAWL=1"),
]

LANGUAGES = ["en", "vi", "az"]
WIDTHS = [360, 1280]
MIN_VALUE_WIDTH = 100  # px: "November 2026" or a year reads on one or two lines
BAKU = "vietnam-azerbaijan-b2b-forum-baku"
ACCOUNTS = {
    "anonymous": None,
    "company owner": ("owner.vn@tradebridge.example", "demo-owner-vn-2026"),
    "organizer": ("organizer@tradebridge.example", "demo-organizer-2026"),
    "admin": ("admin@tradebridge.example", "demo-admin-2026"),
}


def pages(role: str) -> list[str]:
    """The pages `role` uses, as English paths (the crawl swaps the language prefix)."""
    company = Company.objects.approved().order_by("name").first()
    public = [reverse("home"), reverse("companies:directory"), company.get_absolute_url(),
              reverse("companies:marketplace"), reverse("events:list"), reverse("events:detail", args=[BAKU])]
    if role == "anonymous":
        return [*public, reverse("account_login"), reverse("account_signup")]
    if role == "company owner":
        return [*public, reverse("companies:mine"), reverse("companies:my_listings"), reverse("matchmaking:partners"),
                reverse("events:mine"), reverse("events:notifications"),
                *(reverse(f"events:{name}", args=[BAKU]) for name in ("agenda", "requests", "participants",
                                                                      "participation")),
                reverse("matchmaking:event_suggestions", args=[BAKU])]
    if role == "organizer":
        meeting = Meeting.objects.filter(event__slug=BAKU, slot__isnull=False).first()
        return [reverse("home"), reverse("events:mine"), reverse("events:create"), reverse("events:notifications"),
                *(reverse(f"events:{name}", args=[BAKU]) for name in ("dashboard", "sessions", "plan", "print_plan",
                                                                      "schedule_all", "edit")),
                reverse("events:move_meeting", args=[BAKU, meeting.pk]),
                reverse("matchmaking:introductions", args=[BAKU])]
    return [reverse("admin:index"), reverse("admin:companies_company_changelist"),
            reverse("admin:events_event_changelist")]


def seed_reference_data():
    """The sectors, languages and HS chapters that data migrations make: an earlier browser test's flush (they
    run in transactions of their own) removed them, and the demo data needs them."""
    from django.apps import apps

    seeds = {"Sector": "companies.migrations.0002_seed_sectors_and_languages",
             "HSChapter": "companies.migrations.0004_seed_hs_chapters"}
    for model, module in seeds.items():
        if not apps.get_model("companies", model).objects.exists():
            importlib.import_module(module).seed(apps, None)


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_no_page_scrolls_sideways(new_page, role):
    seed_reference_data()
    call_command("load_demo", "--no-logos", "--force", verbosity=0)
    assert Event.objects.filter(slug=BAKU).exists()
    with translation.override("en"):
        paths = pages(role)
    shots = Path(os.environ["CRAWL_SCREENSHOTS"]) if os.environ.get("CRAWL_SCREENSHOTS") else None
    overflowing = []
    for width in WIDTHS:
        page = new_page()
        page.set_viewport_size({"width": width, "height": 900})
        if ACCOUNTS[role]:
            log_in(page, *ACCOUNTS[role])
        for language in LANGUAGES:
            for path in paths:
                url = f"/{language}/{path.removeprefix('/en/')}"
                response = page.goto(url)
                assert response.status == 200, f"{role} {url}: {response.status}"
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > width:
                    overflowing.append(f"{role} {url} at {width}px: {wide}px wide")
                # A facts panel's values keep room to be read (not one letter per line).
                narrowest = page.evaluate("Math.min(...[...document.querySelectorAll('.facts dd')]"
                                          ".map(dd => dd.getBoundingClientRect().width))")
                if narrowest < MIN_VALUE_WIDTH:
                    overflowing.append(f"{role} {url} at {width}px: a fact's value is {narrowest:.0f}px wide")
                if shots:
                    shots.mkdir(parents=True, exist_ok=True)
                    name = f"{role}-{width}-{language}-{path.strip('/').replace('/', '_') or 'home'}.png"
                    page.screenshot(path=shots / name.replace(" ", "_"), full_page=True)
    assert overflowing == []  # nothing wider than the screen, no crushed facts
