"""Site-wide behaviour: languages, error pages, security headers, the Python finder."""

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import CompanyFactory, EventFactory, SectorFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("accept_language", "location"), [("vi-VN,vi;q=0.9", "/vi/"), ("az", "/az/"), ("de-DE", "/en/"), ("", "/en/")]
)
def test_root_redirects_to_the_visitors_language(db, client, accept_language, location):
    response = client.get("/", headers={"accept-language": accept_language})

    assert (response.status_code, response["Location"]) == (302, location)


@pytest.mark.parametrize("lang", ["en", "vi", "az"])
def test_every_language_renders_left_to_right_with_switcher(db, client, lang):
    html = client.get(f"/{lang}/companies/").content.decode()

    assert f'<html lang="{lang}" dir="ltr">' in html
    for code, name in [("en", "English"), ("vi", "Tiếng Việt"), ("az", "Azərbaycan dili")]:
        assert f'value="{code}" lang="{code}"' in html
        assert f">{name}</button>" in html


def test_language_switcher_keeps_the_page(db, client):
    response = client.post(reverse("set_language"), {"language": "az", "next": "/en/companies/?country=VN"})

    assert (response.status_code, response["Location"]) == (302, "/az/companies/?country=VN")
    assert response.cookies["django_language"].value == "az"


@pytest.mark.parametrize(("lang", "heading"), [("en", "Company directory"), ("vi", "Danh bạ doanh nghiệp")])
def test_pages_are_translated(db, client, lang, heading):
    html = client.get(f"/{lang}/companies/").content.decode()

    assert f"<h1>{heading}</h1>" in html


@pytest.mark.parametrize(("lang", "since"), [("en", "November 2026"), ("vi", "Tháng 11 2026"),
                                             ("az", "Noyabr 2026")])
def test_dates_use_the_locale_format(db, client, lang, since):
    company = CompanyFactory(created_at=datetime(2026, 11, 27, 9, 0, tzinfo=UTC))

    html = client.get(f"/{lang}/companies/{company.slug}/").content.decode()

    assert f"<dd>{since}</dd>" in html


@pytest.mark.parametrize("lang", ["en", "vi", "az"])
def test_404_page_is_friendly_in_each_language(db, client, lang):
    response = client.get(f"/{lang}/companies/no-such-company/")

    assert response.status_code == 404
    assert 'class="container narrow error-page"' in response.content.decode()
    assert f'<html lang="{lang}"' in response.content.decode()


def test_500_page_renders_without_context(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong" in html


def test_403_page_is_friendly(client, owner, other_owner, company):
    client.force_login(other_owner)

    response = client.get(reverse("companies:edit", args=[company.slug]))

    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


def test_pages_send_a_strict_content_security_policy(db, client):
    response = client.get("/en/companies/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script" not in response.content.decode()
    assert ' style="' not in response.content.decode()


def test_favicon_redirects_to_static_file(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (301, "/static/img/favicon.ico")


def run_finder(env):
    return subprocess.run([str(ROOT / "scripts/find-python")], env=env, capture_output=True, text=True)


def test_find_python_picks_an_interpreter_of_3_12_or_newer():
    result = run_finder(os.environ.copy())

    assert result.returncode == 0
    version = subprocess.run([result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
                             capture_output=True, text=True).stdout.strip()
    assert version == "True"


def test_find_python_explains_what_is_missing(tmp_path):
    result = run_finder({"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "none")})

    if result.returncode == 0:
        pytest.skip("this machine has a system Python >= 3.12 on /usr/bin")
    assert result.returncode == 1
    assert "TradeBridge needs Python 3.12 or newer" in result.stderr


@pytest.mark.parametrize("count", [1, 30])
def test_home_query_count_is_constant(db, client, django_assert_num_queries, count):
    for _ in range(count):
        CompanyFactory()
        EventFactory().focus_sectors.add(SectorFactory(slug="trade"))

    # company counts, sectors with counts (cached afterwards), upcoming events, their focus sectors, the participant
    # counts of those events, featured success stories
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))

    assert len(response.context["upcoming_events"]) == min(count, 3)


# The signed-in user's home -------------------------------------------------------------------------------------


def test_a_company_home_shows_its_next_meeting_and_the_request_waiting_for_its_answer(client, db):
    from events import services
    from tests.factories import EventFactory, MembershipFactory, SessionFactory, UserFactory, join, meet

    event = EventFactory(title="Baku Forum")
    SessionFactory(event=event)
    services.set_table_count(event=event, count=2)
    mine, partner, asker = join(event, "Highland Coffee"), join(event, "Caspian Foods"), join(event, "Gence Tea")
    meet(mine, partner)
    services.request_meeting(requester=asker, recipient=mine)
    client.force_login(MembershipFactory(company=mine.company, user=UserFactory(username="lan")).user)

    page = client.get(reverse("home")).content.decode()

    assert "<h1 id=\"my-home-heading\">Highland Coffee</h1>" in page
    assert "<strong>Caspian Foods</strong><br>" in page and "(Asia/Baku)" in page  # the meeting, zone named
    # …and the time in the reader's own zone beside it (a Vietnamese company: three hours ahead of Baku)
    assert "9 a.m. (Asia/Baku) · noon your time (Asia/Ho_Chi_Minh)" in page
    assert f'<strong>Gence Tea</strong> · <a href="{reverse("events:requests", args=[event.slug])}">' in page
    assert "Find your partner between Vietnam and Azerbaijan" not in page  # no marketing page


def test_an_organizer_home_shows_what_its_events_need(client, db):
    from events.models import Participation
    from tests.factories import EventFactory, OrganizerFactory, ParticipationFactory

    organizer = OrganizerFactory(username="nigar")
    event = EventFactory(title="Baku Forum", organizers=[organizer])
    ParticipationFactory(event=event, status=Participation.Status.PENDING)
    client.force_login(organizer)

    page = client.get(reverse("home")).content.decode()

    assert f'<a href="{reverse("events:dashboard", args=[event.slug])}">Baku Forum</a>' in page
    assert "1 registration to decide on" in page
    assert f'<a class="button" href="{reverse("events:create")}">Create an event</a>' in page


def test_a_visitor_gets_the_presentation(client, db):
    page = client.get(reverse("home")).content.decode()

    assert "Find your partner between Vietnam and Azerbaijan" in page and "my-home" not in page


def test_no_link_called_cancel_merely_goes_back():
    """"Cancel" on this site cancels something (a meeting, a registration); a link that only leaves a form says
    where it goes ("Back to the plan")."""
    from pathlib import Path

    offenders = [str(path) for path in Path("templates").rglob("*.html")
                 if "admin" not in path.parts and '{% translate "Cancel" %}</a>' in path.read_text()]
    assert offenders == []
