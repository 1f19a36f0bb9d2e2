"""A hybrid event: a Baku distributor registers to take part online → a Ho Chi Minh City exporter on site asks it
for a meeting → it accepts → both agendas show the online room, its video link and both local times → the two
write to each other about it in a conversation, which only they can open."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Event, Meeting, Participation
from messaging.models import Thread
from tests.browser.conftest import log_in
from tests.factories import (
    CompanyFactory,
    EventFactory,
    LanguageFactory,
    MembershipFactory,
    OrganizerFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_online_meeting_from_registration_to_the_video_link_and_a_conversation(new_page):
    english = LanguageFactory(code="en")
    coffee = CompanyFactory(name="Highland Coffee", slug="highland-coffee", country="VN", languages=[english])
    foods = CompanyFactory(name="Caspian Foods", slug="caspian-foods", country="AZ", city="Bakı",
                           languages=[english])
    snoop = CompanyFactory(name="Mekong Rice", slug="mekong-rice", country="VN", languages=[english])
    for company, username in ((coffee, "lan"), (foods, "aysel"), (snoop, "minh")):
        MembershipFactory(company=company, user=UserFactory(username=username, email=f"{username}@example.com"))
    event = EventFactory(title="Business Matching, Ho Chi Minh City", slug="hcmc", city="Thành phố Hồ Chí Minh",
                         venue="SECC", country="VN", time_zone="Asia/Ho_Chi_Minh", format=Event.Format.HYBRID,
                         organizers=[OrganizerFactory(username="organizer")],
                         start_date=(timezone.now() + timedelta(days=30)).date())
    SessionFactory(event=event, start_time=time(13, 30), end_time=time(14, 30))
    services.set_table_count(event=event, count=5)
    services.register(event=event, company=coffee)

    # The Baku distributor registers to take part online.
    aysel = new_page()
    log_in(aysel, "aysel@example.com")
    aysel.goto("/en/events/hcmc/")
    aysel.check("input[name=attendance_mode][value=online]")
    aysel.click("form[action$='/register/'] button[type=submit]")
    aysel.wait_for_load_state()
    assert aysel.locator(".messages").inner_text().startswith("You are registered.")
    assert Participation.objects.get(company=foods).attendance_mode == "online"
    for participation in event.participations.all():
        services.decide_participation(participation=participation, approve=True)

    # The exporter, on site, asks for a meeting; the distributor accepts.
    lan = new_page()
    log_in(lan, "lan@example.com")
    foods_participation = event.participations.get(company=foods)
    lan.goto(f"/en/events/hcmc/participants/{foods_participation.pk}/request/")
    lan.fill("#id_message", "Robusta for your cafés in Baku?")
    lan.locator("main form.stacked-form button[type=submit]").last.click()
    lan.wait_for_load_state()
    aysel.goto("/en/events/hcmc/requests/")
    aysel.click("form[action$='/accept/'] button[type=submit]")
    aysel.wait_for_url(re.compile(r"/agenda/$"))
    meeting = Meeting.objects.get()
    assert (meeting.room, meeting.table_id) == (1, None)

    # Both agendas: the online room and its link; each side's own time and the other's.
    agenda = aysel.locator("table.agenda").inner_text()
    assert "Online room 1" in agenda
    assert "10:30 a.m.–10:50 a.m." in agenda  # her own time in Baku (the event's 1:30 p.m.)
    assert "1:30 p.m. for them (Asia/Ho_Chi_Minh)" in agenda
    link = aysel.get_by_role("link", name="Join the video room")
    assert link.get_attribute("href") == meeting.video_url
    lan.goto("/en/events/hcmc/agenda/")
    assert lan.get_by_role("link", name="Join the video room").get_attribute("href") == meeting.video_url
    assert "10:30 a.m. for them (Asia/Baku)" in lan.locator("table.agenda").inner_text()

    # They write to each other from the agenda.
    lan.locator("table.agenda").get_by_role("link", name="Write to them").click()
    lan.wait_for_load_state()
    lan.fill("textarea", "Shall we test the video link the day before?")
    lan.locator("main form button[type=submit]").last.click()
    lan.wait_for_load_state()
    thread = Thread.objects.get()
    aysel.goto("/en/")
    aysel.get_by_role("link", name=re.compile("^Conversations")).click()
    aysel.wait_for_load_state()
    aysel.get_by_role("link", name=re.compile("Highland Coffee")).first.click()
    aysel.wait_for_load_state()
    assert "Shall we test the video link the day before?" in aysel.locator("main").inner_text()

    # Nobody else opens the conversation or sees the link.
    minh = new_page()
    log_in(minh, "minh@example.com")
    assert minh.goto(f"/en/messages/{thread.pk}/").status == 404
    minh.goto("/en/events/hcmc/")
    assert meeting.video_url not in minh.content()
    for page in (lan, aysel, minh):
        assert page.console_watcher.csp_violations == []
