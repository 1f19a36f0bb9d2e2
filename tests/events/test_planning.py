from datetime import time

import pytest
from django.core import mail
from django.urls import reverse

from events import planning, services
from events.models import Meeting, Seat
from tests.events.conftest import EVENT_ROLES
from tests.factories import join, local_start, meet


def test_propose_plan_places_what_first_come_first_served_left_out(event, crowded):
    first, stranded = crowded

    plan = planning.propose_plan(event)

    assert (plan.total, plan.placed_before, plan.placed, plan.left_out) == (2, 1, 2, 0)
    assert plan.moved == [first.pk]
    assert Meeting.objects.filter(slot__isnull=True).count() == 1  # a preview changes nothing


def test_apply_plan_moves_meetings_seats_and_notifies(event, crowded, django_capture_on_commit_callbacks):
    first, stranded = crowded
    plan = planning.propose_plan(event)

    with django_capture_on_commit_callbacks(execute=True):
        applied = planning.apply_plan(event=event, token=plan.token)

    assert applied.placed == 2
    assert (local_start(stranded), local_start(first)) == ("09:00", "09:20")
    assert sorted(Seat.objects.filter(meeting=first).values_list("slot_id", flat=True)) == [first.slot_id] * 2
    assert Seat.objects.count() == 4
    assert sorted(m.to[0] for m in mail.outbox if "was moved to" in m.body) == ["bao@example.com",
                                                                                  "cem@example.com"]


def test_rerunning_on_an_unchanged_event_changes_nothing(event, crowded):
    planning.apply_plan(event=event, token=planning.propose_plan(event).token)
    before = sorted(Meeting.objects.values_list("pk", "slot_id", "table_id"))

    plan = planning.propose_plan(event)
    planning.apply_plan(event=event, token=plan.token)

    assert (plan.changes, plan.moved) == (False, [])
    assert sorted(Meeting.objects.values_list("pk", "slot_id", "table_id")) == before


def test_plan_closes_gaps(event):
    ana, bao, cem = join(event, "Ana"), join(event, "Bao"), join(event, "Cem")
    early, late = meet(ana, bao), meet(ana, cem)
    services.move_meeting(meeting=late, slot=event.slots.last(), table=event.tables.first())
    assert (local_start(early), local_start(late)) == ("09:00", "09:40")

    plan = planning.propose_plan(event)
    planning.apply_plan(event=event, token=plan.token)

    assert (plan.gaps_before, plan.gaps_after) == (1, 0)
    assert sorted([local_start(early), local_start(late)]) in (["09:00", "09:20"], ["09:20", "09:40"])


def test_locked_meetings_stay(event, crowded):
    first, stranded = crowded
    services.set_meeting_lock(meeting=first, locked=True)

    plan = planning.propose_plan(event)

    assert (plan.placed, plan.moved, plan.changes) == (1, [], False)


def test_apply_refuses_a_stale_preview(event, crowded):
    plan = planning.propose_plan(event)
    meet(join(event, "Dan"), join(event, "Eda"))

    with pytest.raises(planning.PlanningError):
        planning.apply_plan(event=event, token=plan.token)

    assert Meeting.objects.filter(slot__isnull=True).count() == 1


def test_capacity_of_delegations_is_used(event):
    big = join(event, "Big")
    big.delegates = 2
    big.save()
    services.add_session(event=event, data={"date": event.start_date, "start_time": time(11, 0),
                                            "end_time": time(11, 20), "pause_minutes": 0})
    partners = [join(event, name) for name in ["P1", "P2", "P3", "P4"]]
    meetings = [meet(p, big) for p in partners]

    planning.apply_plan(event=event, token=planning.propose_plan(event).token)

    assert all(m.is_scheduled for m in Meeting.objects.all())
    assert Seat.objects.filter(participation=big).count() == 4
    assert len(meetings) == 4


# The view -----------------------------------------------------------------------------------------------------


# The preview is the form of a new plan: a viewer of the event does not see it.
@pytest.mark.parametrize(("role", "status"), list(zip(EVENT_ROLES, [302, 403, 403, 403, 200, 403, 200, 403, 200],
                                                      strict=True)))
def test_schedule_all_permission_matrix(all_roles, event, as_role, role, status):
    assert as_role(role).get(reverse("events:schedule_all", args=[event.slug])).status_code == status


@pytest.mark.parametrize("role", ["participant", "other_organizer", "non_participant", "viewer"])
def test_schedule_all_post_by_outsiders_changes_nothing(all_roles, event, crowded, as_role, role):
    token = planning.propose_plan(event).token

    response = as_role(role).post(reverse("events:schedule_all", args=[event.slug]), {"plan": token})

    assert response.status_code == 403
    assert Meeting.objects.filter(slot__isnull=True).count() == 1


def test_schedule_all_preview_then_apply(event, crowded, as_role, organizer):
    client = as_role("organizer")
    url = reverse("events:schedule_all", args=[event.slug])

    preview = client.get(url)
    applied = client.post(url, {"plan": preview.context["plan"].token}, follow=True)

    assert "2 of 2 (now 1)" in preview.content.decode()
    assert [str(m) for m in applied.context["messages"]] == [
        "The new plan is applied: 2 of 2 meetings placed, 1 moved."]
    assert Meeting.objects.filter(slot__isnull=True).count() == 0


@pytest.mark.parametrize("token", ["", "forged", "stale"])
def test_schedule_all_with_a_bad_or_stale_preview_shows_a_fresh_one(event, crowded, as_role, organizer, token):
    if token == "stale":
        token = planning.propose_plan(event).token
        meet(join(event, "Dan"), join(event, "Eda"))
    response = as_role("organizer").post(reverse("events:schedule_all", args=[event.slug]), {"plan": token})

    assert (response.status_code, response["Location"]) == (302, reverse("events:schedule_all",
                                                                          args=[event.slug]))
    assert Meeting.objects.filter(slot__isnull=True).count() == 1


def test_the_preview_lists_each_meeting_that_moves_or_is_placed(event, crowded, as_role, organizer):
    first, stranded = crowded

    response = as_role("organizer").get(reverse("events:schedule_all", args=[event.slug]))

    changes = response.context["changes"]
    assert [(c.meeting.pk, c.slot_before is not None, c.slot_after is not None) for c in changes] == [
        (stranded.pk, False, True), (first.pk, True, True)]  # Ana–Bao placed at 9:00, Bao–Cem moved later
    page = response.content.decode()
    assert "<th scope=\"row\">Bao and Cem</th>" in page and "<th scope=\"row\">Ana and Bao</th>" in page


def test_the_preview_says_in_words_that_the_plan_is_proven_best(event, crowded, as_role, organizer):
    plan = planning.propose_plan(event)
    assert (plan.placed, plan.most_placeable, plan.gaps_after, plan.fewest_gaps) == (2, 2, 0, 0)

    html = as_role("organizer").get(reverse("events:schedule_all", args=[event.slug])).content.decode()

    assert "This plan is the best possible: no plan places more meetings, and none that places as many leaves " \
           "fewer waiting gaps." in html


@pytest.mark.parametrize(("figures", "best", "placement_best", "beyond"), [
    ({"most_placeable": 5, "fewest_gaps": 1, "gaps_after": 1}, True, True, 0),
    ({"most_placeable": 5, "fewest_gaps": 0, "gaps_after": 2}, False, True, 0),
    ({"most_placeable": 7, "fewest_gaps": 0, "gaps_after": 0}, False, False, 2),
])
def test_plan_quality_follows_the_solvers_bounds(figures, best, placement_best, beyond):
    plan = planning.Plan(event_id=1, fingerprint="", placements=dict.fromkeys(range(5), (1, 1)), total=8,
                         placed_before=5, gaps_before=3, **figures)
    assert (plan.is_best, plan.placement_is_best, plan.placeable_beyond) == (best, placement_best, beyond)
