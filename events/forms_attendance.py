"""Forms of check-in and attendance (events.views.attendance)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.search import MAX_QUERY_LENGTH
from events.models import Meeting, MeetingStatus


class CheckInFilterForm(forms.Form):
    """The check-in list's search box and filter (GET)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Company name, city…")}))
    state = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", pgettext_lazy("check-in filter", "Everybody")),
        ("out", pgettext_lazy("check-in filter", "Not checked in yet")),
        ("in", pgettext_lazy("check-in filter", "Checked in")),
    ])


class CheckInActionForm(forms.Form):
    """A check-in button: check in, or undo; the list's search and filter come along to return to them."""

    action = forms.ChoiceField(choices=[("in", "in"), ("undo", "undo")])
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH)
    state = forms.ChoiceField(required=False, choices=[("", ""), ("in", "in"), ("out", "out")])


# The organizer's choices for one meeting (the plan): value → (status, which side was absent).
ORGANIZER_MARKS = {
    "held": (MeetingStatus.HELD, None),
    "requester_absent": (MeetingStatus.NO_SHOW, "requester"),
    "recipient_absent": (MeetingStatus.NO_SHOW, "recipient"),
    "both_absent": (MeetingStatus.NO_SHOW, None),
    "scheduled": (MeetingStatus.SCHEDULED, None),
}


def current_mark(meeting: Meeting) -> str:
    """The ORGANIZER_MARKS value that describes the meeting as it is now."""
    if meeting.status == MeetingStatus.HELD:
        return "held"
    if meeting.status == MeetingStatus.NO_SHOW:
        if meeting.absent_id is None:
            return "both_absent"
        return "requester_absent" if meeting.absent_id == meeting.request.requester_id else "recipient_absent"
    return "scheduled"


class OrganizerMarkForm(forms.Form):
    """What the organizer says of a meeting (the plan's control, events/attendance/plan_mark.html): held, a no-show
    of one side or of both, or not marked."""

    mark = forms.ChoiceField(choices=[(value, value) for value in ORGANIZER_MARKS])


class OwnMarkForm(forms.Form):
    """What a company says of its meeting (the agenda): held, or its partner did not come."""

    partner = forms.ChoiceField(choices=[("came", "came"), ("absent", "absent")])
