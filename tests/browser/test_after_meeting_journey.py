"""After the meeting, in the browser: the organizer checks a company in at the door and marks the meeting held from
the plan → the daily job emails the feedback request → a company answers through the signed link, without logging
in → the organizer's impact report shows it → a success story, once the partner agreed and a moderator approved
it, is on the public stories page."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from companies.models import Company
from companies.moderation import moderate
from events import services
from events.models import Meeting, MeetingFeedback, MeetingStatus, Participation, SuccessStory
from events.services import feedback, stories
from tests.browser.conftest import log_in
from tests.events.test_feedback import move_back, on_day
from tests.factories import (
    EventFactory,
    OrganizerFactory,
    SessionFactory,
    StaffFactory,
    join,
    meet,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_door_to_the_impact_report_and_a_story(new_page, live_server):
    organizer = OrganizerFactory(email="organizer@forum.example")
    event = EventFactory(title="Agri-Food Forum", organizers=[organizer])
    SessionFactory(event=event)
    services.set_table_count(event=event, count=4)
    rice = join(event, "Mekong Rice")
    foods = join(event, "Caspian Foods")
    Company.objects.filter(pk=foods.company_id).update(city="Bakı", country="AZ")
    meeting = meet(rice, foods)
    event = move_back(event, ended_days_ago=1)

    # At the door: the organizer finds the company without its accents and checks it in.
    org = new_page()
    log_in(org, "organizer@forum.example")
    org.goto(f"/en/events/{event.slug}/manage/check-in/?q=caspian+foods")
    row = org.locator("tr", has_text="Caspian Foods")
    row.get_by_role("button", name=re.compile("Check in")).click()
    org.wait_for_load_state()
    assert Participation.objects.get(pk=foods.pk).checked_in_at is not None
    assert org.locator(".check-in-count").inner_text() == "Checked in: 1 of 2"

    # From the plan: the meeting took place.
    org.goto(f"/en/events/{event.slug}/manage/plan/")
    cell = org.locator(f"#meeting-{meeting.pk}")
    cell.locator("select").select_option("held")
    cell.locator("form.attendance-form button").click()
    org.wait_for_load_state()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD

    # The daily job asks both companies for feedback; Mekong Rice answers from the email, not logged in.
    mail.outbox.clear()
    feedback.request_feedback(now=on_day(event, 1, hour=9))
    to_rice = next(m for m in mail.outbox if "mekong.rice@example.com" in m.to)
    link = re.search(r"http\S+/feedback/\S+/", to_rice.body).group(0)
    guest = new_page()
    guest.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    guest.get_by_label("Yes").check()
    guest.get_by_label("Cooperation possible").check()
    guest.fill("textarea", "They want 40 tonnes of jasmine rice a quarter.")
    guest.locator("main form button[type=submit]").click()
    guest.wait_for_load_state()
    answer = MeetingFeedback.objects.get(meeting=meeting, participation=rice)
    assert (answer.took_place, answer.usefulness) == (True, "cooperation")

    # The impact report counts it, as a chart with its table, and as CSV.
    org.goto(f"/en/events/{event.slug}/manage/impact/")
    main = org.locator("main")
    assert main.locator("svg[role=img]").count() >= 1
    assert main.locator("table").count() >= 1
    assert "Cooperation possible" in main.inner_text()
    csv = org.request.get(f"/en/events/{event.slug}/manage/impact.csv")
    assert csv.status == 200 and "text/csv" in csv.headers["content-type"]

    # A story of the two, agreed by the partner and approved, is public.
    story = stories.draft_story(
        author=rice.company, partner=foods.company, by=StaffFactory(),
        texts={"en": ("Rice for Baku", "Mekong Rice now ships jasmine rice to Caspian Foods.")},
        sectors=list(rice.company.sectors.all()))
    stories.decide_consent(story=story, company=foods.company, consent="given",
                           by=foods.company.memberships.get().user)
    pending = SuccessStory.objects.filter(pk=story.pk)
    moderate(pending, status="approved", by=StaffFactory())
    stories.sync_publication(pending)
    visitor = new_page()
    visitor.goto("/en/stories/")
    visitor.get_by_role("link", name="Rice for Baku").click()
    visitor.wait_for_load_state()
    assert "jasmine rice" in visitor.locator("main").inner_text()
    assert SuccessStory.objects.get(pk=story.pk).published_at <= timezone.now()
    for page in (org, guest, visitor):
        assert page.console_watcher.csp_violations == []
