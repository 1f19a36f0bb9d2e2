"""Reads of check-in and attendance that the organizer's pages share (events.views.attendance, the dashboard)."""

from datetime import timedelta

import segno
from django.core.signing import BadSignature, TimestampSigner
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from companies.search import search
from events.models import Event, Meeting, MeetingStatus, Participation

# The check-in list's filter values (CheckInFilterForm) → the participations they keep.
CHECK_IN_STATES = {
    "in": Q(checked_in_at__isnull=False),
    "out": Q(checked_in_at__isnull=True),
}


def with_no_shows(participations: QuerySet[Participation]) -> QuerySet[Participation]:
    """`participations`, each with `no_shows`: its meetings marked no-show where it was the absent side, or where
    neither side came (no absent side recorded). One subquery in the same query, however many rows."""
    missed = (
        Meeting.objects.filter(status=MeetingStatus.NO_SHOW)
        .filter(Q(absent=OuterRef("pk")) | Q(absent__isnull=True) & (Q(request__requester=OuterRef("pk"))
                                                                      | Q(request__recipient=OuterRef("pk"))))
        .order_by().values("status").annotate(count=Count("pk")).values("count")
    )
    return participations.annotate(no_shows=Coalesce(Subquery(missed, output_field=IntegerField()), 0))


def check_in_list(event: Event, *, query: str = "", state: str = "") -> QuerySet[Participation]:
    """The event's approved participants (of approved companies) for the door: by name, or most relevant first
    when searched (companies.search, accent-insensitive), with their no-shows and who checked them in."""
    participants = (Participation.objects.taking_part().filter(event=event)
                    .select_related("company", "checked_in_by").order_by("company__name"))
    if state in CHECK_IN_STATES:
        participants = participants.filter(CHECK_IN_STATES[state])
    if query:
        participants = search(participants, query, prefix="company__")
    return with_no_shows(participants)


def check_in_counts(event: Event) -> dict[str, int]:
    """{"checked_in": N, "expected": M}: how many of the event's approved participants are checked in."""
    return Participation.objects.taking_part().filter(event=event).aggregate(
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)), expected=Count("pk"))


# Badges --------------------------------------------------------------------------------------------------------

# A badge is printed in the weeks before the event; an old printout (of last year's event) stops working.
CHECK_IN_TOKEN_MAX_AGE = timedelta(days=120)
_CHECK_IN_SALT = "events.check-in"


def check_in_token(participation: Participation) -> str:
    """The signed, dated name of a participation that its badge's QR code carries ("<pk>:<time>:<signature>")."""
    return TimestampSigner(salt=_CHECK_IN_SALT).sign(str(participation.pk))


def participation_from_token(event: Event, token: str) -> Participation | None:
    """The participation of `event` that `token` names, with its company; None when the token was altered, has
    expired, or names a participation of another event."""
    try:
        pk = int(TimestampSigner(salt=_CHECK_IN_SALT).unsign(token, max_age=CHECK_IN_TOKEN_MAX_AGE))
    except (BadSignature, ValueError):
        return None
    return with_no_shows(event.participations.select_related("company", "checked_in_by").filter(pk=pk)).first()


def check_in_qr_svg(url: str, *, title: str) -> str:
    """The QR code of `url` as inline SVG (server-rendered, no script), error correction M so that a creased or
    smudged printout still scans."""
    return segno.make(url, error="m").svg_inline(scale=4, title=title, svgclass="qr-code", omitsize=True)
