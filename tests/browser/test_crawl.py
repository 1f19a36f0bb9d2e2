"""Every page as each role sees it, in the three languages, on a phone (360 px) and a desktop (1280 px):
nothing may scroll sideways (wide tables scroll inside their own box), every page is valid HTML (the Nu HTML
checker) and has no serious or critical accessibility violation (axe-core). Both checkers come from npm
(package.json; `npm ci`, which .ci/run does).

With CRAWL_SCREENSHOTS=/some/folder each page is also saved as a full-page screenshot there, to look at:
`CRAWL=1 CRAWL_SCREENSHOTS=/tmp/crawl make test PYTEST_ARGS=tests/browser/test_crawl.py`.
"""

import importlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from companies.models import Company, Listing, Membership
from events.models import Event, Meeting, OrganizerInvitation, ParticipantInvitation
from market.models import Fair, Question, SectorBrief
from messaging.models import Thread
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
HCMC = "vietnam-azerbaijan-business-matching-ho-chi-minh-city"  # hybrid: online rooms beside tables
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SERIOUS = ("serious", "critical")
ACCOUNTS = {
    "anonymous": None,
    "company owner": ("owner.vn@tradebridge.example", "demo-owner-vn-2026"),
    "organizer": ("organizer@tradebridge.example", "demo-organizer-2026"),
    "viewer": ("observer@tradebridge.example", "demo-observer-2026"),
    "admin": ("admin@tradebridge.example", "demo-admin-2026"),
}


def pages(role: str) -> list[str]:
    """The pages `role` uses, as English paths (the crawl swaps the language prefix)."""
    company = Company.objects.approved().order_by("name").first()
    entry = Listing.objects.public().order_by("pk").first()
    brief, fair = SectorBrief.objects.first(), Fair.objects.first()
    question = Question.objects.filter(status="approved").first()
    market = [reverse("market:home"), reverse("market:trade"), reverse("market:briefs"),
              reverse("market:brief", args=[brief.slug]), reverse("market:supply_demand"),
              reverse("market:questions"), reverse("market:question", args=[question.pk]), reverse("market:fairs"),
              reverse("market:fair", args=[fair.slug])]
    public = [reverse("home"), reverse("companies:directory"), company.get_absolute_url(),
              reverse("companies:marketplace"), entry.get_absolute_url(), reverse("events:list"),
              reverse("events:detail", args=[BAKU]), *market]
    account = [reverse(name) for name in ("account_email", "account_change_password", "mfa_index",
                                          "mfa_activate_totp", "account_data", "account_delete")]
    if role == "anonymous":
        from events.services.imports import invitation_path

        invited = ParticipantInvitation.objects.filter(event__slug=BAKU).order_by("pk").first()
        return [*public, reverse("account_login"), reverse("account_signup"), invitation_path(invited)]
    if role == "company owner":
        from events.services.team import invitation_url as team_invitation_path

        # an invitation to the organizers' team sent to someone else: the page says so
        colleague = OrganizerInvitation.objects.filter(event__slug=BAKU, accepted_at__isnull=True).first()
        owner = Membership.objects.get(user__email=ACCOUNTS[role][0]).company
        thread = Thread.objects.filter(Q(company_low=owner) | Q(company_high=owner)).order_by("pk").first()
        conversations = [reverse("messaging:threads"), reverse("messaging:thread", args=[thread.pk]),
                         reverse("messaging:report", args=[thread.pk]),
                         reverse("messaging:start", args=[company.slug if company != owner else entry.company.slug])]
        return [*public, *conversations, reverse("companies:mine"), reverse("companies:team"),
                reverse("companies:my_listings"),
                reverse("matchmaking:partners"),
                reverse("events:mine"), reverse("events:notifications"),
                *(reverse(f"events:{name}", args=[BAKU]) for name in ("agenda", "requests", "participants",
                                                                      "participation")),
                *(reverse(f"events:{name}", args=[HCMC]) for name in ("detail", "agenda", "participation")),
                reverse("events:announcements_received", args=[BAKU]), reverse("events:answers", args=[BAKU]),
                reverse("events:withdraw", args=[BAKU]), reverse("messaging:blocked"), team_invitation_path(colleague),
                reverse("matchmaking:event_suggestions", args=[BAKU]), reverse("market:ask"),
                reverse("market:digest_settings"), *account]
    if role == "organizer":
        meeting = Meeting.objects.filter(event__slug=BAKU, slot__isnull=False).first()
        return [reverse("home"), reverse("events:mine"), reverse("events:create"), reverse("events:notifications"),
                *(reverse(f"events:{name}", args=[BAKU]) for name in (
                    "dashboard", "sessions", "plan", "print_plan", "schedule_all", "edit", "announcements",
                    "duplicate", "team", "questions", "import_participants")),
                reverse("events:edit_question", args=[BAKU, Event.objects.get(slug=BAKU).questions.first().pk]),
                *(reverse(f"events:{name}", args=[HCMC]) for name in ("plan", "print_plan", "edit")),
                reverse("events:move_meeting", args=[BAKU, meeting.pk]),
                reverse("matchmaking:introductions", args=[BAKU]), *account]
    if role == "viewer":
        return [reverse("home"), reverse("events:mine"),
                *(reverse(f"events:{name}", args=[BAKU]) for name in (
                    "dashboard", "plan", "print_plan", "team", "questions", "announcements"))]
    return [reverse("admin:index"), reverse("admin:companies_company_changelist"),
            reverse("admin:events_event_changelist"), reverse("admin:messaging_threadreport_changelist")]


def seed_reference_data():
    """The sectors, languages, HS chapters, roles and HS headings that data migrations make: an earlier browser
    test's flush (they run in transactions of their own) removed them, and the demo data needs them."""
    from django.apps import apps

    seeds = {"Sector": "companies.migrations.0002_seed_sectors_and_languages",
             "HSChapter": "companies.migrations.0004_seed_hs_chapters",
             "Role": "companies.migrations.0013_seed_roles_and_headings"}
    for model, module in seeds.items():
        if not apps.get_model("companies", model).objects.exists():
            importlib.import_module(module).seed(apps, None)


def checkers_or_skip() -> None:
    if AXE.exists() and VNU.exists():
        return
    message = "axe-core and vnu-jar are missing: run `npm ci` at the top of the project"
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each with a few of the elements."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => [v.impact, v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')])""")
    return [text for impact, text in found if impact in SERIOUS]


def html_errors(folder: Path) -> list[str]:
    """The Nu HTML checker's errors on every page saved in `folder` (one Java start for all of them)."""
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(folder)],
                          capture_output=True, text=True, check=False)
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_no_page_scrolls_sideways_and_every_page_is_valid_and_accessible(new_page, role, tmp_path):
    checkers_or_skip()
    seed_reference_data()
    call_command("load_demo", "--no-logos", "--force", verbosity=0)
    assert Event.objects.filter(slug=BAKU).exists()
    with translation.override("en"):
        paths = pages(role)
    shots = Path(os.environ["CRAWL_SCREENSHOTS"]) if os.environ.get("CRAWL_SCREENSHOTS") else None
    problems = []
    for width in WIDTHS:
        # axe-core is injected as a script, which the site's Content-Security-Policy would rightly refuse.
        page = new_page(bypass_csp=True)
        page.set_viewport_size({"width": width, "height": 900})
        if ACCOUNTS[role]:
            log_in(page, *ACCOUNTS[role])
        for language in LANGUAGES:
            for path in paths:
                url = f"/{language}/{path.removeprefix('/en/')}"
                name = f"{role}-{width}-{language}-{path.strip('/').replace('/', '_') or 'home'}".replace(" ", "_")
                response = page.goto(url)
                assert response.status == 200, f"{role} {url}: {response.status}"
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > width:
                    problems.append(f"{role} {url} at {width}px: {wide}px wide")
                # A facts panel's values keep room to be read (not one letter per line).
                narrowest = page.evaluate("Math.min(...[...document.querySelectorAll('.facts dd')]"
                                          ".map(dd => dd.getBoundingClientRect().width))")
                if narrowest < MIN_VALUE_WIDTH:
                    problems.append(f"{role} {url} at {width}px: a fact's value is {narrowest:.0f}px wide")
                if width == WIDTHS[-1]:  # the markup is the same at every width: check it once
                    (tmp_path / f"{name}.html").write_text(response.text())
                    problems += [f"{role} {url}: axe {violation}" for violation in axe_violations(page)]
                if shots:
                    shots.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=shots / f"{name}.png", full_page=True)
    problems += [f"{role} HTML {error}" for error in html_errors(tmp_path)]
    # Nothing wider than the screen, no crushed facts, valid HTML, no serious axe finding.
    assert problems == [], "\n".join(problems)
