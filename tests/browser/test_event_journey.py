"""Organizer creates an event and its session → two companies register → the organizer approves them →
one requests a meeting → the other accepts → both agendas show it → the .ics downloads."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from events.models import Event, Meeting
from tests.browser.conftest import log_in
from tests.factories import CompanyFactory, LanguageFactory, MembershipFactory, OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def submit(page):
    page.locator("main form.stacked-form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_event_journey_from_creation_to_agenda_download(new_page):
    OrganizerFactory(username="organizer", email="organizer@forum.example")
    english = LanguageFactory(code="en")
    coffee = CompanyFactory(name="Highland Coffee", slug="highland-coffee", country="VN", languages=[english])
    foods = CompanyFactory(name="Caspian Foods", slug="caspian-foods", country="AZ", city="Bakı",
                           languages=[english])
    MembershipFactory(company=coffee, user=UserFactory(username="lan", email="lan@highland.example"))
    MembershipFactory(company=foods, user=UserFactory(username="aysel", email="aysel@caspian.example"))
    day = (timezone.now() + timedelta(days=30)).date()

    # The organizer creates the event and its morning session.
    org = new_page()
    log_in(org, "organizer@forum.example")
    org.goto("/en/events/new/")
    org.fill("#id_title", "Vietnam–Azerbaijan B2B Forum, Baku")
    org.fill("#id_city", "Bakı")
    org.fill("#id_venue", "Baku Expo Center")
    org.select_option("#id_country", "AZ")
    org.select_option("#id_time_zone", "Asia/Baku")
    org.fill("#id_start_date", day.isoformat())
    org.fill("#id_end_date", day.isoformat())
    org.fill("#id_registration_opens", (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    org.fill("#id_registration_closes", (timezone.now() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"))
    org.select_option("#id_meeting_minutes", "20")
    org.fill("#id_max_meetings", "12")
    org.select_option("#id_status", "published")
    org.fill("#id_tables", "30")
    submit(org)
    event = Event.objects.get()
    assert (event.slug, event.tables.count()) == ("vietnam-azerbaijan-b2b-forum-baku", 30)
    org.goto(f"/en/events/{event.slug}/manage/sessions/")
    org.fill("#id_name", "Morning")
    org.fill("#id_date", day.isoformat())
    org.fill("#id_start_time", "09:00")
    org.fill("#id_end_time", "12:30")
    org.fill("#id_pause_minutes", "0")
    submit(org)
    assert event.slots.count() == 10

    # Two companies register.
    pages = {}
    for email in ("lan@highland.example", "aysel@caspian.example"):
        page = pages[email] = new_page()
        log_in(page, email)
        page.goto(f"/en/events/{event.slug}/")
        page.click("form[action$='/register/'] button[type=submit]")
        page.wait_for_load_state()
        assert page.locator(".messages").inner_text().startswith("You are registered.")

    # The organizer approves both.
    org.goto(f"/en/events/{event.slug}/manage/")
    for participation in event.participations.order_by("pk"):
        org.click(f"form[action$='/participants/{participation.pk}/decide/'] button[value=approve]")
        org.wait_for_load_state()
    assert sorted(event.participations.values_list("status", flat=True)) == ["approved", "approved"]

    # The coffee exporter asks the distributor for a meeting; the distributor accepts.
    lan, aysel = pages["lan@highland.example"], pages["aysel@caspian.example"]
    foods_participation = event.participations.get(company=foods)
    lan.goto(f"/en/events/{event.slug}/participants/?country=AZ")
    lan.click(f"a[href$='/participants/{foods_participation.pk}/request/']")
    lan.fill("#id_message", "We roast Robusta in the Central Highlands; you distribute across the Caucasus.")
    submit(lan)
    aysel.goto(f"/en/events/{event.slug}/requests/")
    aysel.click("form[action$='/accept/'] button[type=submit]")
    aysel.wait_for_url(re.compile(r"/agenda/$"))
    assert Meeting.objects.get().is_scheduled

    # Both agendas show it, in Baku time, with the partner's contact details.
    assert "Highland Coffee" in aysel.locator("table.agenda").inner_text()
    lan.goto(f"/en/events/{event.slug}/agenda/")
    agenda = lan.locator("table.agenda").inner_text()
    assert "Caspian Foods" in agenda
    assert "9 a.m.–9:20 a.m." in agenda
    assert foods.contact_email in agenda

    # The .ics downloads and parses.
    with lan.expect_download() as download:
        lan.click("a[href$='agenda.ics']")
    assert download.value.suggested_filename == f"{event.slug}-agenda.ics"
    with open(download.value.path(), "rb") as ics:
        calendar = icalendar.Calendar.from_ical(ics.read())
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Meeting with Caspian Foods"]
    for page in (org, lan, aysel):
        assert page.console_watcher.csp_violations == []
