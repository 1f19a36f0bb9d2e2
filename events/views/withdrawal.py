"""A company's own registration and the waiting list (issue 17, item 6): what it is told on registering, and
withdrawing its registration (asked first, then done)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.errors import EventError
from events.models import MeetingRequest, ParticipationStatus, RequestStatus
from events.permissions import own_participation_or_deny
from events.selectors import live_meetings_of
from events.selectors_waiting import waiting_position
from events.services.waiting_list import withdraw_registration

# What a company may withdraw; a declined or already withdrawn registration has nothing to withdraw.
WITHDRAWABLE = {ParticipationStatus.APPROVED, ParticipationStatus.PENDING, ParticipationStatus.WAITING}


def registered_message(participation) -> str:
    """What the register view tells a company just registered: awaiting approval, or its place in line."""
    if participation.status == ParticipationStatus.WAITING:
        return _("The event is full: you are number %(position)s on the waiting list. You will be told as soon as "
                 "a place frees up.") % {"position": waiting_position(participation)}
    return _("You are registered. The organizer will review your registration.")


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, slug):
    """The signed-in user's company withdraws its registration: what it loses (GET), then withdrawn (POST)."""
    mine = own_participation_or_deny(request, slug)
    event = mine.event
    if mine.status not in WITHDRAWABLE:
        messages.error(request, _("Your registration is already withdrawn.") if mine.status ==
                       ParticipationStatus.WITHDRAWN else _("Your registration for this event was declined by the "
                                                            "organizer."))
        return redirect(event)
    if request.method == "GET":
        pending = MeetingRequest.objects.filter(Q(requester=mine) | Q(recipient=mine), status=RequestStatus.PENDING)
        return render(request, "events/withdraw.html", {
            "event": event, "participation": mine, "meetings": live_meetings_of(mine.pk).count(),
            "requests": pending.count(),
            "frees_a_place": event.participant_cap is not None and (
                mine.status == ParticipationStatus.APPROVED or mine.offered_at is not None),
        })
    try:
        withdraw_registration(participation=mine)
    except EventError as error:
        messages.error(request, str(error))
        return redirect("events:participation", slug=slug)
    messages.success(request, _("Your registration is withdrawn. You can register again while registration is "
                                "open."))
    return redirect(event)
