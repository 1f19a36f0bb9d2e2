from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.validators import validate_single_line
from events.forms import DateInput
from events.models import Event
from events.validators import validate_plausible_date


class DuplicateEventForm(forms.Form):
    """The new edition's title and first day; every other date moves with the first day
    (events.services.duplication)."""

    title = forms.CharField(label=_("Title of the new event"), max_length=200, validators=[validate_single_line])
    start_date = forms.DateField(label=_("First day"), widget=DateInput, validators=[validate_plausible_date],
                                 help_text=_("The sessions and the registration window move by as many days."))
    invite_participants = forms.BooleanField(
        label=_("Invite the same companies again"), required=False,
        help_text=_("The companies approved for this event are registered for the new one, awaiting your "
                    "approval, and told so."))

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise ValidationError(_("The first day is in the past."), code="past")
        # The last day moves with the first: it too must be a plausible date.
        validate_plausible_date(start + timedelta(days=(self.event.end_date - self.event.start_date).days))
        return start
