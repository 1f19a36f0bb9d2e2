"""The organizer previews and applies "Schedule all"; a participant's agenda shows the new times."""

import pytest

from events import services
from events.models import Meeting
from tests.browser.conftest import log_in
from tests.factories import (
    EventFactory,
    OrganizerFactory,
    SessionFactory,
    join,
)

pytestmark = pytest.mark.django_db(transaction=True)




def test_organizer_applies_schedule_all_and_agendas_follow(new_page):
    organizer = OrganizerFactory(username="organizer", email="organizer@forum.example")
    event = EventFactory(slug="baku-forum", organizers=[organizer])
    SessionFactory(event=event)  # 9:00, 9:20, 9:40 in Baku
    services.set_table_count(event=event, count=2)
    ana, bao, cem = join(event, "Ana"), join(event, "Bao"), join(event, "Cem")
    ana.unavailable_slots.set(event.slots.all()[1:])  # Ana can only meet at 9:00
    services.accept_request(meeting_request=services.request_meeting(requester=bao, recipient=cem), by=cem)
    stranded = services.accept_request(meeting_request=services.request_meeting(requester=ana, recipient=bao),
                                       by=bao)
    assert not stranded.is_scheduled

    # Ana's agenda: accepted, not scheduled.
    participant = new_page()
    log_in(participant, "ana@example.com")
    participant.goto("/en/events/baku-forum/agenda/")
    assert "Accepted, not yet scheduled" in participant.locator("table.agenda").inner_text()

    # The organizer previews and applies the plan.
    org = new_page()
    log_in(org, "organizer@forum.example")
    org.goto("/en/events/baku-forum/manage/plan/schedule-all/")
    assert "2 of 2 (now 1)" in org.locator(".plan-figures").inner_text()
    org.click("main form button[type=submit]")
    org.wait_for_url("**/manage/plan/")
    assert "The new plan is applied: 2 of 2 meetings placed, 1 moved." in org.locator(".messages").inner_text()
    assert Meeting.objects.filter(slot__isnull=True).count() == 0

    # Ana's agenda now shows the meeting at 9:00 with Bao; Bao's shows Cem moved to 9:20.
    participant.reload()
    agenda = participant.locator("table.agenda").inner_text()
    assert "Bao" in agenda and "9 a.m.–9:20 a.m." in agenda
    bao_page = new_page()
    log_in(bao_page, "bao@example.com")
    bao_page.goto("/en/events/baku-forum/agenda/")
    rows = bao_page.locator("table.agenda tbody tr").all_inner_texts()
    assert [("Ana" in r, "Cem" in r) for r in rows] == [(True, False), (False, True)]
    assert "9:20 a.m.–9:40 a.m." in rows[1]
