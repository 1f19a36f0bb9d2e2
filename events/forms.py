import zoneinfo
from datetime import UTC, datetime
from itertools import groupby
from operator import attrgetter

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.filters import LanguageFilter
from companies.i18n_names import country_choices
from companies.models import Language, Sector
from companies.search import search as text_search
from events.booking import free_slots, meets_online
from events.capacity import approved_count, cap_below_approved_message
from events.forms_questions import add_answer_fields, answer_bound_fields
from events.local_times import outside_working_day
from events.models import AttendanceMode, Event, Meeting, Participation, Session, Table, TimeSlot
from events.selectors import booked_slots, viewer_timezone
from events.validators import validate_plausible_date

# The browser's date and time inputs take one fixed format, whatever the page's language; without it Django
# would render the language's own format (31.12.2026 in Azerbaijani), which the input shows as empty.


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as the wall clock of the event's time zone shows it, for both showing and typing.

    Django's DateTimeField shows and reads date-times in the current time zone (UTC on this site), while an
    organizer means the event's own: a form that showed one and read the other moved the time by the event's
    UTC offset on every save. This field shows an aware value in `zone` and cleans to a naive wall-clock time,
    which the form makes aware in the time zone chosen in the same submission (EventForm.clean).
    """

    widget = DateTimeInput
    zone: zoneinfo.ZoneInfo | None = None

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.make_naive(value, self.zone or UTC)
        return value

    def to_python(self, value):
        with timezone.override(UTC):  # parse as Django does, then drop the zone it assumed
            value = super().to_python(value)
        return timezone.make_naive(value, UTC) if value is not None else None

    def has_changed(self, initial, data):
        try:
            return self.prepare_value(initial) != self.to_python(data)
        except ValidationError:
            return True


class EventForm(forms.ModelForm):
    """An event's settings. Registration times are typed and shown in the event's own time zone."""

    LOCAL_TIMES = ("registration_opens", "registration_closes")

    tables = forms.IntegerField(label=_("Number of tables"), min_value=1, max_value=500, initial=10)

    class Meta:
        model = Event
        fields = [
            "title", "description", "format", "city", "venue", "country", "time_zone", "start_date", "end_date",
            "registration_opens", "registration_closes", "focus_sectors", "meeting_minutes", "request_policy",
            "max_meetings", "follow_up_days", "online_rooms", "public_participant_list", "participant_cap", "status",
        ]
        field_classes = {"registration_opens": LocalDateTimeField, "registration_closes": LocalDateTimeField}
        widgets = {
            "start_date": DateInput, "end_date": DateInput,
            "focus_sectors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "format": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tables"].initial = self.instance.tables.count()
        for name in self.LOCAL_TIMES:
            field = self.fields[name]
            if self.instance.pk:
                field.zone = self.instance.tz
                field.help_text = _("In the event's time zone (%(zone)s).") % {"zone": self.instance.time_zone}
            else:
                field.help_text = _("In the event's time zone, chosen above.")
            # The model's validator sees the value only after clean(); the form needs it before the value is
            # put in a time zone, which fails for years near the ends of the calendar.
            field.validators.append(validate_plausible_date)
        for name in ("start_date", "end_date"):  # likewise before clean() says "in the past" about year 1
            self.fields[name].validators.append(validate_plausible_date)
        self.fields["follow_up_days"].required = False
        self.fields["tables"].required = False
        self.fields["format"].required = False  # left out (a form posted as before formats existed): unchanged
        self.fields["tables"].help_text = _("Not needed for an online event.")
        self.fields["city"].help_text = _("For an online event: the organizer's city, whose time zone the event "
                                          "keeps.")

    def clean_format(self):
        return self.cleaned_data.get("format") or self.instance.format

    def clean_participant_cap(self):
        # Told next to the field; the service checks again under the event's lock (services.setup.update_event).
        cap = self.cleaned_data.get("participant_cap")
        if cap is not None and self.instance.pk and cap < (approved := approved_count(self.instance)):
            raise ValidationError(cap_below_approved_message(approved))
        return cap

    def clean_follow_up_days(self):
        # Optional on the form (left empty: the current or default delay), so that a form posted without it, as
        # before the follow-up existed, still saves.
        days = self.cleaned_data.get("follow_up_days")
        return days if days is not None else self.instance.follow_up_days

    def clean(self):
        data = super().clean()
        zone_name = data.get("time_zone") or (self.instance.time_zone if self.instance.pk else None)
        for name in self.LOCAL_TIMES:
            if data.get(name) is not None:
                if zone_name:
                    data[name] = timezone.make_aware(data[name], zoneinfo.ZoneInfo(zone_name))
                else:
                    del data[name]  # the time zone field has its own error
        start = data.get("start_date")
        # A new first day in the past is a typing mistake (an event that already took place keeps its dates).
        if start and start < timezone.localdate() and start != self.initial.get("start_date"):
            self.add_error("start_date", _("The first day is in the past."))
        if start and data.get("end_date") and data["end_date"] < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        opens, closes = data.get("registration_opens"), data.get("registration_closes")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes", _("Registration must close after it opens."))
        on_site = data.get("format") in (Event.Format.IN_PERSON, Event.Format.HYBRID)
        if on_site and not data.get("venue"):
            self.add_error("venue", _("An event with meetings on site needs a venue."))
        if on_site and "tables" not in self.errors and not data.get("tables") \
                and not (self.instance.pk and self.instance.tables.exists()):
            self.add_error("tables", _("An event with meetings on site needs at least one table."))
        return data


class SessionForm(forms.ModelForm):
    """A session's date and times are the event's wall clock, as the help text says."""

    class Meta:
        model = Session
        fields = ["name", "date", "start_time", "end_time", "pause_minutes"]
        widgets = {"date": DateInput, "start_time": TimeInput, "end_time": TimeInput}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_time", "end_time"):
            self.fields[name].help_text = _("In the event's time zone (%(zone)s).") % {"zone": event.time_zone}


ATTENDANCE_HELP = _("Online, your meetings take place in a video room; a partner on site joins it from the venue.")


class RegisterForm(forms.Form):
    delegates = forms.IntegerField(
        label=_("Delegates"), min_value=1, max_value=10, initial=1,
        help_text=_("How many people you bring, i.e. how many meetings you can hold at the same time."),
    )
    attendance_mode = forms.ChoiceField(label=_("How you take part"), choices=AttendanceMode.choices,
                                        initial=AttendanceMode.ON_SITE, widget=forms.RadioSelect,
                                        help_text=ATTENDANCE_HELP)

    def __init__(self, *args, event: Event, questions=(), **kwargs):
        """`questions`: the event's registration questions, localized (events.selectors_questions.event_questions),
        each answered by a field of its own (events.forms_questions)."""
        super().__init__(*args, **kwargs)
        if event.format != Event.Format.HYBRID:  # the only way to take part: nothing to choose
            del self.fields["attendance_mode"]
        add_answer_fields(self, questions)

    def answer_fields(self):
        return answer_bound_fields(self)


class SlotsBySession(ModelChoiceIterator):
    """The slots grouped under their session ("Morning (Dec. 21, 2026, 9 a.m.–12 p.m.)"): a day of 24 start
    times reads as two blocks instead of one long list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        slots = self.queryset.select_related("session", "event").order_by("starts_at")
        for session, session_slots in groupby(slots, key=attrgetter("session")):
            yield (str(session), [self.choice(slot) for slot in session_slots])


class SlotLabels:
    """Labels a slot by its hours in the event's zone, with the viewer's own time beside them when their zone
    differs, and the partners of the meetings booked in it (`booked`: slot id → company names)."""

    iterator = SlotsBySession
    viewer_zone: zoneinfo.ZoneInfo | None = None
    own_time_first = False
    booked: dict[int, list[str]] = {}

    def label_from_instance(self, slot: TimeSlot) -> str:
        label = slot.hours()
        if self.own_time_first and self.viewer_zone:
            label = _("%(own_hours)s your time (%(hours)s at the event)") % {
                "hours": label, "own_hours": slot.hours(self.viewer_zone)}
            if outside_working_day(slot.starts_at, slot.ends_at, self.viewer_zone.key):
                label = _("%(hours)s — outside 08:00–20:00 for you") % {"hours": label}
        elif self.viewer_zone and self.viewer_zone.key != slot.event.time_zone:
            label = _("%(hours)s (%(own_hours)s your time)") % {
                "hours": label, "own_hours": slot.hours(self.viewer_zone)}
        if slot.pk in self.booked:
            label = _("%(hours)s — meeting with %(companies)s") % {
                "hours": label, "companies": ", ".join(self.booked[slot.pk])}
        return label


class SlotChoiceField(SlotLabels, forms.ModelChoiceField):
    pass


class SlotMultipleChoiceField(SlotLabels, forms.ModelMultipleChoiceField):
    pass


class SlotCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes that cannot be ticked for the values in `fixed` (slots holding a booked meeting)."""

    fixed: frozenset[int] = frozenset()

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if getattr(value, "value", value) in self.fixed:
            option["attrs"]["disabled"] = True
        return option


class ParticipationForm(forms.ModelForm):
    unavailable_slots = SlotMultipleChoiceField(queryset=TimeSlot.objects.none(), required=False,
                                                widget=SlotCheckboxSelectMultiple,
                                                label=_("Time slots when you are not available"))

    class Meta:
        model = Participation
        fields = ["attendance_mode", "delegates", "unavailable_slots", "time_zone", "listed_publicly"]
        widgets = {"attendance_mode": forms.RadioSelect}
        help_texts = {"attendance_mode": ATTENDANCE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance.event
        if event.format != Event.Format.HYBRID:
            del self.fields["attendance_mode"]
        slots = self.fields["unavailable_slots"]
        slots.queryset = event.slots.all()
        slots.viewer_zone = viewer_timezone(self.instance)
        slots.booked = booked_slots(self.instance)
        slots.widget.fixed = frozenset(slots.booked)
        if self.instance.is_online:
            # Someone meeting from afar plans in its own hours: those come first, the event's beside them.
            slots.own_time_first = True
            slots.help_text = _("Times in your time zone (%(zone)s), the event's beside them. A time outside "
                                "08:00–20:00 for you is marked. A time with a booked meeting cannot be marked: ask "
                                "the organizer to move the meeting first.") % {"zone": slots.viewer_zone.key}
        else:
            slots.help_text = _("Times in the event's time zone (%(zone)s). A time with a booked meeting cannot be "
                                "marked: ask the organizer to move the meeting first.") % {"zone": event.time_zone}


class MeetingRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say briefly what you would like to discuss (at most 500 characters)."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Sent to both companies with the cancellation."))


class MoveMeetingForm(forms.Form):
    slot = SlotChoiceField(queryset=TimeSlot.objects.none(), label=_("Time slot"))
    table = forms.ModelChoiceField(queryset=Table.objects.none(), label=_("Table"))

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the slots where both companies are free (and the meeting's own): a busy one cannot be chosen.
        a, b = meeting.request.requester, meeting.request.recipient
        free = {slot.pk for slot, _seat_a, _seat_b in free_slots(meeting.event, a, b)}
        self.fields["slot"].queryset = meeting.event.slots.filter(pk__in=free | {meeting.slot_id})
        self.fields["slot"].help_text = _("Only the times when both companies are free are listed.")
        self.fields["table"].queryset = meeting.event.tables.all()
        if meets_online(meeting.event, a, b):  # it takes a free video room of the slot instead
            del self.fields["table"]
        if meeting.slot_id:
            self.fields["slot"].initial = meeting.slot_id
            if "table" in self.fields:
                self.fields["table"].initial = meeting.table_id


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"),
                                  widget=forms.TextInput(attrs={"type": "search"}))
    country = django_filters.ChoiceFilter(choices=country_choices, label=_("Country"),
                                          empty_label=pgettext_lazy("filter", "Any country"))
    sector = django_filters.ModelMultipleChoiceFilter(field_name="focus_sectors__slug", to_field_name="slug",
                                                      queryset=Sector.objects.all(), label=_("Sector"),
                                                      widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Event
        fields = ["q", "country", "sector"]

    def search(self, queryset, name, value):
        for term in value.split()[:8]:
            queryset = queryset.filter(title__icontains=term) | queryset.filter(city__icontains=term)
        return queryset


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, product, city…")}),
    )
    sector = django_filters.ModelMultipleChoiceFilter(field_name="company__sectors__slug", to_field_name="slug",
                                                      queryset=Sector.objects.all(), label=_("Sector"),
                                                      widget=forms.CheckboxSelectMultiple)
    country = django_filters.ChoiceFilter(field_name="company__country", choices=country_choices,
                                          label=_("Country"), empty_label=pgettext_lazy("filter", "Any country"))
    language = LanguageFilter(field_name="company__languages", queryset=Language.objects.all(),
                                                label=_("Language spoken"),
                                                empty_label=pgettext_lazy("filter", "Any language"))

    class Meta:
        model = Participation
        fields = ["q", "sector", "country", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the countries that take part: at most events that is Vietnam and Azerbaijan, not 250 names.
        present = set(self.queryset.order_by().values_list("company__country", flat=True).distinct())
        self.filters["country"].extra["choices"] = [pair for pair in country_choices() if pair[0] in present]

    def search(self, queryset, name, value):
        # The participants' companies, searched as in the directory (companies.search, docs/search.md).
        return text_search(queryset, value, prefix="company__")


