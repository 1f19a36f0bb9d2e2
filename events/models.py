"""B2B events: sessions cut into time slots, tables, participants, meeting requests and booked meetings.

Times are stored in UTC; each event has an IANA time zone in which they are shown. Double booking is
impossible at the database level: a (slot, table) pair holds at most one live meeting, and a participant's
seat in a slot (one seat per delegate) holds at most one meeting.
"""

import secrets
import zoneinfo
from datetime import datetime, time
from functools import cache

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.i18n_names import country_choices, country_name
from companies.models import Company, Moderated, ModerationStatus, Sector
from companies.validators import validate_single_line
from config.mail import in_language
from events.validators import EARLIEST_DATE, EARLIEST_TIME, LATEST_DATE, LATEST_TIME, validate_plausible_date
from events.video_rooms import room_url

# The group admins put organizers in; it holds the organize_events permission (events.permissions).
ORGANIZERS_GROUP = "Organizers"


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    CLOSED = "closed", pgettext_lazy("event status", "Closed")
    ARCHIVED = "archived", pgettext_lazy("event status", "Archived")


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (on site and online)")


class AttendanceMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class RequestPolicy(models.TextChoices):
    APPROVAL = "approval", _("The recipient accepts or declines each request")
    AUTO_ACCEPT = "auto", _("Requests are accepted at once")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)


class Event(models.Model):
    Status = EventStatus
    Policy = RequestPolicy
    Format = EventFormat
    MEETING_LENGTHS = [(15, _("15 minutes")), (20, _("20 minutes")), (30, _("30 minutes"))]

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    city = models.CharField(_("city"), max_length=100, validators=[validate_single_line])
    venue = models.CharField(_("venue"), max_length=200, blank=True, validators=[validate_single_line],
                             help_text=_("Not needed for an online event."))
    country = models.CharField(_("country"), max_length=2, choices=country_choices)
    time_zone = models.CharField(_("time zone"), max_length=64, choices=timezone_choices,
                                help_text=_("The event's local time zone, e.g. Asia/Baku."))
    start_date = models.DateField(_("first day"), validators=[validate_plausible_date])
    end_date = models.DateField(_("last day"), validators=[validate_plausible_date])
    registration_opens = models.DateTimeField(_("registration opens"), validators=[validate_plausible_date])
    registration_closes = models.DateTimeField(_("registration closes"), validators=[validate_plausible_date])
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT,
                              db_index=True)
    focus_sectors = models.ManyToManyField(Sector, blank=True, related_name="events",
                                           verbose_name=_("focus sectors"))
    format = models.CharField(_("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.IN_PERSON,
                              help_text=_("Online meetings take place in video rooms instead of at tables; in a "
                                          "hybrid event each participant says how it takes part."))
    online_rooms = models.PositiveSmallIntegerField(
        _("simultaneous online meetings"), null=True, blank=True, validators=[MinValueValidator(1),
                                                                               MaxValueValidator(1000)],
        help_text=_("How many online meetings can run at the same time. Leave empty for no limit."),
    )
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length"), choices=MEETING_LENGTHS, default=20)
    request_policy = models.CharField(_("request policy"), max_length=10, choices=RequestPolicy.choices,
                                      default=RequestPolicy.APPROVAL)
    max_meetings = models.PositiveSmallIntegerField(
        _("maximum meetings per participant"), default=12, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    public_participant_list = models.BooleanField(
        _("public list of participants"), default=False,
        help_text=_("Show who is coming on the event's page, before anyone registers. Only the approved companies "
                    "that agree are listed."))
    follow_up_days = models.PositiveSmallIntegerField(
        _("follow-up after (days)"), default=90, validators=[MinValueValidator(14), MaxValueValidator(365)],
        help_text=_("How long after the event the participants are asked what their promising meetings led to."),
    )
    organizers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="organized_events",
                                        verbose_name=_("organizers"))
    # Colleagues who follow the event read-only: dashboard, plan, exports and reports, never a change
    # (events.permissions.can_view_event). Organizers and viewers join through an OrganizerInvitation.
    viewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="viewed_events",
                                     verbose_name=_("viewers"))
    participant_cap = models.PositiveIntegerField(
        _("maximum participants"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_("The most companies taking part at once. Registrations beyond it join a waiting list and are "
                    "offered a place in order when one frees. Leave empty for no limit."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("organize_events", _("Can create B2B events and organize them"))]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="event_dates_ordered",
                                   violation_error_message=_("The last day cannot be before the first day.")),
            models.CheckConstraint(condition=Q(registration_closes__gt=models.F("registration_opens")),
                                   name="event_registration_window_ordered",
                                   violation_error_message=_("Registration must close after it opens.")),
            # Far wider than what a form accepts (validate_plausible_date): the last line of defence.
            models.CheckConstraint(condition=Q(start_date__gte=EARLIEST_DATE, end_date__lte=LATEST_DATE),
                                   name="event_dates_in_range"),
            models.CheckConstraint(condition=Q(registration_opens__gte=EARLIEST_TIME,
                                               registration_closes__lte=LATEST_TIME),
                                   name="event_registration_in_range"),
            models.CheckConstraint(condition=Q(meeting_minutes__in=[15, 20, 30]), name="event_meeting_length_known"),
            models.CheckConstraint(condition=Q(max_meetings__gte=1), name="event_max_meetings_positive"),
            models.CheckConstraint(condition=Q(status__in=EventStatus.values), name="event_status_known"),
            models.CheckConstraint(condition=Q(follow_up_days__gte=14) & Q(follow_up_days__lte=365),
                                   name="event_follow_up_days_range"),
            models.CheckConstraint(condition=Q(format__in=EventFormat.values), name="event_format_known"),
            models.CheckConstraint(condition=Q(format=EventFormat.ONLINE) | ~Q(venue=""), name="event_venue_on_site",
                                   violation_error_message=_("An event with meetings on site needs a venue.")),
            models.CheckConstraint(condition=Q(online_rooms__isnull=True) | Q(online_rooms__gte=1),
                                   name="event_online_rooms_positive"),
            models.CheckConstraint(condition=Q(participant_cap__isnull=True) | Q(participant_cap__gte=1),
                                   name="event_participant_cap_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def starts_at(self):
        """The first slot's start, or midnight of the first day in the event's time zone."""
        first = self.slots.order_by("starts_at").first()
        if first:
            return first.starts_at
        return datetime.combine(self.start_date, time.min, tzinfo=self.tz)

    @property
    def has_online(self) -> bool:
        return self.format != EventFormat.IN_PERSON

    @property
    def has_tables(self) -> bool:
        return self.format != EventFormat.ONLINE

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == EventStatus.PUBLISHED and self.registration_opens <= now < self.registration_closes


def new_room_key() -> str:
    """128 random bits, URL-safe: a video room's name nobody can guess (events.video_rooms)."""
    return secrets.token_urlsafe(16)


def time_range(start, end) -> str:
    """Two times (or datetimes) in the active language's time format, joined by an en dash."""
    return f"{formats.time_format(start, 'TIME_FORMAT')}–{formats.time_format(end, 'TIME_FORMAT')}"


class Session(models.Model):
    """A block of meetings on one day, in the event's local time."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=100, blank=True, validators=[validate_single_line])
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    pause_minutes = models.PositiveSmallIntegerField(
        _("pause between meetings (minutes)"), default=0, validators=[MaxValueValidator(60)]
    )

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="session_times_ordered",
                                   violation_error_message=_("A session must end after it starts.")),
            models.CheckConstraint(condition=Q(date__gte=EARLIEST_DATE, date__lte=LATEST_DATE),
                                   name="session_date_in_range"),
        ]

    def __str__(self) -> str:
        when = f"{formats.date_format(self.date, 'DATE_FORMAT')}, {time_range(self.start_time, self.end_time)}"
        return f"{self.name} ({when})" if self.name else when


class TimeSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots", verbose_name=_("event"))
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots", verbose_name=_("session"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            models.UniqueConstraint(fields=["event", "starts_at"], name="slot_unique_start_per_event"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_times_ordered"),
            models.CheckConstraint(condition=Q(starts_at__gte=EARLIEST_TIME, ends_at__lte=LATEST_TIME),
                                   name="slot_times_in_range"),
        ]

    def __str__(self) -> str:
        return f"{formats.date_format(self.local_start(), 'DATE_FORMAT')}, {self.hours()}"

    def local_start(self, zone: zoneinfo.ZoneInfo | None = None) -> datetime:
        return timezone.localtime(self.starts_at, zone or self.event.tz)

    def hours(self, zone: zoneinfo.ZoneInfo | None = None) -> str:
        """"9 a.m.–9:30 a.m." in the language's time format, in the event's zone unless another is given."""
        zone = zone or self.event.tz
        return time_range(timezone.localtime(self.starts_at, zone), timezone.localtime(self.ends_at, zone))


class Table(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tables", verbose_name=_("event"))
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=60, blank=True, validators=[validate_single_line])

    class Meta:
        ordering = ["number"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="table_unique_number_per_event"),
            models.CheckConstraint(condition=Q(number__gte=1), name="table_number_positive"),
        ]

    def __str__(self) -> str:
        return self.name or str(_("Table %(number)s") % {"number": self.number})


# How many times a participant is reminded of unanswered feedback after the first request (issue 12: at most twice).
FEEDBACK_REMINDERS = 2


class ParticipationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("participation status", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("participation status", "Approved")
    DECLINED = "declined", pgettext_lazy("participation status", "Declined")
    # Registered while the event was full (Event.participant_cap): offered a place in order of registration.
    WAITING = "waiting", pgettext_lazy("participation status", "On the waiting list")
    # The company cancelled its own registration (events.services.waiting_list frees its place).
    WITHDRAWN = "withdrawn", pgettext_lazy("participation status", "Withdrawn")


class ParticipationQuerySet(models.QuerySet):
    def taking_part(self):
        """Approved participations of companies that are approved themselves (not suspended or deactivated)."""
        return self.filter(status=ParticipationStatus.APPROVED, company__status=Company.Status.APPROVED)


class Participation(models.Model):
    Status = ParticipationStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations",
                              verbose_name=_("event"))
    # A company with event history is never deleted with it (its partners' meetings would vanish unannounced):
    # it is deactivated instead (companies.services.deactivate_companies).
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="participations",
                                verbose_name=_("company"))
    status = models.CharField(_("status"), max_length=10, choices=ParticipationStatus.choices,
                              default=ParticipationStatus.PENDING, db_index=True)
    delegates = models.PositiveSmallIntegerField(
        _("delegates"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many people you bring, i.e. how many meetings you can hold at the same time."),
    )
    unavailable_slots = models.ManyToManyField(TimeSlot, blank=True, related_name="unavailable_participations",
                                               verbose_name=_("unavailable time slots"))
    time_zone = models.CharField(_("your time zone"), max_length=64, blank=True, choices=timezone_choices,
                                help_text=_("Shown beside the event's time in your agenda. "
                                            "Leave empty to use your country's time zone."))
    # Only chosen in a hybrid event; an online event's participants are all online, an in-person event's on site
    # (services.participation keeps it so, see `is_online`).
    attendance_mode = models.CharField(_("how you take part"), max_length=10, choices=AttendanceMode.choices,
                                       default=AttendanceMode.ON_SITE)
    listed_publicly = models.BooleanField(
        _("show my company in the public list of participants"), default=False,
        help_text=_("When the organizer publishes the list of who is coming, your company is on it."))
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # When a place freed for it on the waiting list (events.services.waiting_list).
    offered_at = models.DateTimeField(_("place offered at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # At the door (events.services.attendance): when and by whom the company was checked in.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("checked in by"))
    # After the event (events.services.feedback): the feedback email and its reminders (at most
    # FEEDBACK_REMINDERS), then the follow-up on promising meetings.
    feedback_requested_at = models.DateTimeField(_("feedback requested at"), null=True, blank=True)
    feedback_reminders_sent = models.PositiveSmallIntegerField(_("feedback reminders sent"), default=0)
    feedback_reminded_at = models.DateTimeField(_("last feedback reminder at"), null=True, blank=True)
    follow_up_sent_at = models.DateTimeField(_("follow-up sent at"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["company__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["event", "company"], name="participation_once_per_event"),
            models.CheckConstraint(condition=Q(delegates__gte=1) & Q(delegates__lte=10),
                                   name="participation_delegates_range"),
            models.CheckConstraint(condition=Q(status__in=ParticipationStatus.values),
                                   name="participation_status_known"),
            models.CheckConstraint(condition=Q(feedback_reminders_sent__lte=FEEDBACK_REMINDERS),
                                   name="participation_feedback_reminders_capped"),
            models.CheckConstraint(condition=Q(attendance_mode__in=AttendanceMode.values),
                                   name="participation_attendance_mode_known"),
        ]

    def __str__(self) -> str:
        return f"{self.company} @ {self.event}"

    @property
    def is_approved(self) -> bool:
        return self.status == ParticipationStatus.APPROVED

    @property
    def is_online(self) -> bool:
        """Whether the company meets online (needs `event`): always at an online event, by choice at a hybrid one."""
        if self.event.format == EventFormat.HYBRID:
            return self.attendance_mode == AttendanceMode.ONLINE
        return self.event.format == EventFormat.ONLINE


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("request status", "Pending")
    ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
    DECLINED = "declined", pgettext_lazy("request status", "Declined")
    CANCELLED = "cancelled", pgettext_lazy("request status", "Cancelled")
    EXPIRED = "expired", pgettext_lazy("request status", "Expired")


OPEN_REQUEST_STATUSES = [RequestStatus.PENDING, RequestStatus.ACCEPTED]


class MeetingRequest(models.Model):
    Status = RequestStatus

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="requests", verbose_name=_("event"))
    requester = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="sent_requests",
                                  verbose_name=_("requester"))
    recipient = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="received_requests",
                                  verbose_name=_("recipient"))
    message = models.TextField(_("message"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING, db_index=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(condition=~Q(requester=models.F("recipient")), name="request_not_to_oneself"),
            # One open request per pair and event, whichever side asked.
            models.UniqueConstraint(
                "event", Least("requester", "recipient"), Greatest("requester", "recipient"),
                condition=Q(status__in=OPEN_REQUEST_STATUSES), name="request_one_open_per_pair",
            ),
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="request_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.requester.company} → {self.recipient.company} ({self.get_status_display()})"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    NO_SHOW = "no_show", pgettext_lazy("meeting status", "No-show")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class Meeting(models.Model):
    """An accepted request. Without a slot it is accepted but not (yet) scheduled."""

    Status = MeetingStatus

    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting",
                                   verbose_name=_("request"))
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("event"))
    slot = models.ForeignKey(TimeSlot, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings",
                             verbose_name=_("time slot"))
    table = models.ForeignKey(Table, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings",
                              verbose_name=_("table"))
    # An online meeting takes a numbered video room of its slot instead of a table (numbers up to the event's
    # `online_rooms` when it sets a cap). The room's address is built from `room_key` (events.video_rooms).
    room = models.PositiveSmallIntegerField(_("online room"), null=True, blank=True)
    room_key = models.CharField(_("video room key"), max_length=32, unique=True, default=new_room_key,
                                editable=False)
    locked = models.BooleanField(_("locked"), default=False,
                                 help_text=_("Re-planning keeps a locked meeting where it is."))
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.SCHEDULED, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Held or no-show: who said so and when (the organizer from the plan, or either side from its agenda).
    attendance_marked_at = models.DateTimeField(_("attendance marked at"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                             blank=True, related_name="+", verbose_name=_("attendance marked by"))
    # A no-show names the side that did not come; empty when neither came or when it is not known.
    absent = models.ForeignKey("Participation", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="missed_meetings", verbose_name=_("absent participant"))

    class Meta:
        ordering = ["slot__starts_at", "table__number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["slot", "table"], condition=~Q(status=MeetingStatus.CANCELLED),
                                    name="meeting_one_per_table_and_slot"),
            models.UniqueConstraint(fields=["slot", "room"], condition=~Q(status=MeetingStatus.CANCELLED),
                                    name="meeting_one_per_room_and_slot"),
            # Scheduled: a slot and either a table (on site) or a video room (online), never both; else neither.
            models.CheckConstraint(condition=Q(slot__isnull=True, table__isnull=True, room__isnull=True)
                                   | Q(slot__isnull=False, table__isnull=False, room__isnull=True)
                                   | Q(slot__isnull=False, table__isnull=True, room__isnull=False),
                                   name="meeting_slot_with_table_or_room"),
            models.CheckConstraint(condition=Q(room__isnull=True) | Q(room__gte=1), name="meeting_room_positive"),
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.request.requester.company} × {self.request.recipient.company}"

    @property
    def is_scheduled(self) -> bool:
        return self.slot_id is not None and self.status != MeetingStatus.CANCELLED

    @property
    def is_online(self) -> bool:
        """Where it takes place once scheduled: a video room. Unscheduled, see events.booking.meets_online."""
        return self.room is not None

    @property
    def video_url(self) -> str:
        """Its video room's address ("" unless online); only ever shown to its two companies and organizers."""
        return room_url(self)

    @property
    def place(self) -> str:
        """Where it takes place, as people say it: "Table 3" or "Online room 2"; "" while unscheduled."""
        if self.room is not None:
            return _("Online room %(number)s") % {"number": self.room}
        return str(self.table) if self.table_id else ""


class Seat(models.Model):
    """One delegate of a participant, busy in one slot with one meeting.

    The unique constraint on (participation, slot, number) is what makes double booking impossible: a
    participant with `delegates` people has seats 0…delegates-1 in every slot, and each can be taken once.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="seats")
    number = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participation", "slot", "number"], name="seat_taken_once"),
            models.UniqueConstraint(fields=["meeting", "participation"], name="seat_one_per_side"),
            models.CheckConstraint(condition=Q(number__gte=0) & Q(number__lt=10), name="seat_number_range"),
        ]

    def __str__(self) -> str:
        return f"{self.participation} seat {self.number} @ {self.slot}"


class Notification(models.Model):
    """An in-app notice. The text is rendered in the reader's language when shown (see events.notifications)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        from events.notifications import render_text

        return render_text(self.kind, self.params)

    @property
    def link(self) -> str:
        """The linked page in the reader's language (the URL was stored in the language of whoever acted)."""
        return in_language(self.url, get_language()) if self.url else ""


# After the meeting (issue 12; docs/impact.md) ------------------------------------------------------------------


class AnnouncementAudience(models.TextChoices):
    APPROVED = "approved", _("All approved participants")
    PENDING = "pending", _("Registrations awaiting approval")
    NO_MEETINGS = "no_meetings", _("Approved participants without a meeting yet")
    ONLINE = "online", _("Approved participants taking part online")
    SELECTED = "selected", _("Participants chosen on the dashboard")


class Announcement(models.Model):
    """An organizer's message to a group of an event's participants (events.services.announcements).

    Written in one or more of the site's languages; each recipient reads the text in its own language when the
    organizer wrote one, else in the first written of English, Vietnamese, Azerbaijani.
    """

    Audience = AnnouncementAudience

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="announcements",
                              verbose_name=_("event"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("author"))
    audience = models.CharField(_("recipients"), max_length=20, choices=AnnouncementAudience.choices,
                                default=AnnouncementAudience.APPROVED)
    subject_en = models.CharField(_("subject in English"), max_length=150, blank=True,
                                  validators=[validate_single_line])
    body_en = models.TextField(_("message in English"), max_length=5000, blank=True)
    subject_vi = models.CharField(_("subject in Vietnamese"), max_length=150, blank=True,
                                  validators=[validate_single_line])
    body_vi = models.TextField(_("message in Vietnamese"), max_length=5000, blank=True)
    subject_az = models.CharField(_("subject in Azerbaijani"), max_length=150, blank=True,
                                  validators=[validate_single_line])
    body_az = models.TextField(_("message in Azerbaijani"), max_length=5000, blank=True)
    recipient_count = models.PositiveIntegerField(_("companies reached"), default=0)
    # Who it was sent to, fixed when sent: they may read it later, even once the members notified have left.
    recipients = models.ManyToManyField(Company, blank=True, related_name="announcements_received",
                                        verbose_name=_("recipient companies"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(condition=Q(audience__in=AnnouncementAudience.values),
                                   name="announcement_audience_known"),
            # A language is written whole or not at all, and at least one is written.
            models.CheckConstraint(condition=(Q(subject_en="") & Q(body_en="")) | (~Q(subject_en="") & ~Q(body_en="")),
                                   name="announcement_en_complete"),
            models.CheckConstraint(condition=(Q(subject_vi="") & Q(body_vi="")) | (~Q(subject_vi="") & ~Q(body_vi="")),
                                   name="announcement_vi_complete"),
            models.CheckConstraint(condition=(Q(subject_az="") & Q(body_az="")) | (~Q(subject_az="") & ~Q(body_az="")),
                                   name="announcement_az_complete"),
            models.CheckConstraint(condition=~Q(subject_en="") | ~Q(subject_vi="") | ~Q(subject_az=""),
                                   name="announcement_in_some_language"),
        ]

    def __str__(self) -> str:
        return self.text_in(settings.LANGUAGE_CODE)[0]

    def text_in(self, language: str) -> tuple[str, str]:
        """(subject, body) in `language` if written, else in the first language written."""
        for code in (language, "en", "vi", "az"):
            subject = getattr(self, f"subject_{code}", "")
            if subject:
                return subject, getattr(self, f"body_{code}")
        return "", ""


class Usefulness(models.TextChoices):
    INSUFFICIENT_INTEREST = "insufficient", pgettext_lazy("meeting usefulness", "Insufficient interest")
    INFORMATIVE = "informative", pgettext_lazy("meeting usefulness", "Informative")
    COOPERATION_POSSIBLE = "cooperation", pgettext_lazy("meeting usefulness", "Cooperation possible")


class MeetingFeedback(models.Model):
    """One side's answer on how a meeting went. Private to that side's company and the event's organizers;
    editable until the follow-up on the meeting was sent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback",
                                verbose_name=_("meeting"))
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="feedback",
                                      verbose_name=_("answered by"))
    took_place = models.BooleanField(_("the meeting took place"))
    usefulness = models.CharField(_("how useful was it"), max_length=20, choices=Usefulness.choices, blank=True)
    note = models.TextField(_("private note"), max_length=1000, blank=True,
                            help_text=_("Only your company and the organizers see it."))
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["meeting", "participation"]
        verbose_name = _("meeting feedback")
        verbose_name_plural = _("meeting feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participation"], name="feedback_once_per_side"),
            models.CheckConstraint(condition=Q(usefulness__in=["", *Usefulness.values]),
                                   name="feedback_usefulness_known"),
            # How useful a meeting was is only asked of one that took place.
            models.CheckConstraint(condition=Q(took_place=True) | Q(usefulness=""),
                                   name="feedback_usefulness_only_if_held"),
        ]

    def __str__(self) -> str:
        return f"{self.participation.company} on {self.meeting}"


class OutcomeResult(models.TextChoices):
    NEGOTIATION = "negotiation", pgettext_lazy("meeting outcome", "Negotiation started")
    AGREEMENT = "agreement", pgettext_lazy("meeting outcome", "Agreement signed")
    NOTHING = "nothing", pgettext_lazy("meeting outcome", "Nothing came of it")


class AgreementKind(models.TextChoices):
    SALES = "sales", pgettext_lazy("agreement kind", "Sales or supply contract")
    DISTRIBUTION = "distribution", pgettext_lazy("agreement kind", "Distribution or agency")
    JOINT_VENTURE = "joint_venture", pgettext_lazy("agreement kind", "Joint venture")
    INVESTMENT = "investment", pgettext_lazy("agreement kind", "Investment")
    MEMORANDUM = "memorandum", pgettext_lazy("agreement kind", "Memorandum of understanding")
    OTHER = "other", pgettext_lazy("agreement kind", "Other agreement")


class MeetingOutcome(models.Model):
    """One side's answer to the follow-up, months after a meeting it found promising: what came of it. Both
    sides' answers are kept separately (they may differ)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes",
                                verbose_name=_("meeting"))
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="outcomes",
                                      verbose_name=_("answered by"))
    result = models.CharField(_("what came of it"), max_length=20, choices=OutcomeResult.choices)
    agreement_kind = models.CharField(_("kind of agreement"), max_length=20, choices=AgreementKind.choices,
                                      blank=True)
    value_usd = models.DecimalField(_("value in US dollars"), max_digits=14, decimal_places=2, null=True,
                                    blank=True, validators=[MinValueValidator(0)],
                                    help_text=_("Optional. Only the organizers see it, and only in totals."))
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["meeting", "participation"]
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participation"], name="outcome_once_per_side"),
            models.CheckConstraint(condition=Q(result__in=OutcomeResult.values), name="outcome_result_known"),
            # The kind is required for an agreement and meaningless otherwise; so is a value.
            models.CheckConstraint(
                condition=Q(result=OutcomeResult.AGREEMENT, agreement_kind__in=AgreementKind.values)
                | (~Q(result=OutcomeResult.AGREEMENT) & Q(agreement_kind="") & Q(value_usd__isnull=True)),
                name="outcome_agreement_details_only_for_agreements"),
            models.CheckConstraint(condition=Q(value_usd__isnull=True) | Q(value_usd__gte=0),
                                   name="outcome_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.participation.company} on {self.meeting}: {self.get_result_display()}"


class Consent(models.TextChoices):
    PENDING = "pending", pgettext_lazy("partner consent", "Waiting for the partner")
    GIVEN = "given", pgettext_lazy("partner consent", "Partner agreed")
    REFUSED = "refused", pgettext_lazy("partner consent", "Partner declined")


def story_photo_path(instance, filename: str) -> str:
    import uuid

    # Random names, as for logos: nothing of the original name is kept.
    return f"stories/{uuid.uuid4().hex}{filename[filename.rfind('.'):]}"


class SuccessStory(Moderated):
    """A trade that began at a meeting here, told by one of the two companies (or by staff) with the other's
    consent. Public once the partner agreed and a moderator approved it."""

    moderation_email = "events/email/story_moderated"
    moderation_page = "stories:mine"

    author = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="stories_written",
                               verbose_name=_("written by"))
    partner = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="stories_as_partner",
                                verbose_name=_("partner"))
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="stories",
                                verbose_name=_("meeting"))
    consent = models.CharField(_("partner's consent"), max_length=10, choices=Consent.choices,
                               default=Consent.PENDING)
    consent_decided_at = models.DateTimeField(_("consent decided at"), null=True, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="stories", verbose_name=_("sectors"))
    # Taken from the two companies when the story is written (either of them women-led).
    women_led = models.BooleanField(_("women-led"), default=False, editable=False)
    photo = models.ImageField(_("photo"), upload_to=story_photo_path, blank=True)
    photo_thumbnail = models.ImageField(_("photo thumbnail"), upload_to=story_photo_path, blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        constraints = [
            models.CheckConstraint(condition=~Q(author=models.F("partner")), name="story_two_companies"),
            models.CheckConstraint(condition=Q(consent__in=Consent.values), name="story_consent_known"),
            models.CheckConstraint(condition=Q(status__in=ModerationStatus.values), name="story_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.author} × {self.partner}"

    @property
    def owner_company_id(self) -> int:
        return self.author_id


class SuccessStoryText(models.Model):
    """A story in one language; a story has one or more (the reader's language is preferred)."""

    story = models.ForeignKey(SuccessStory, on_delete=models.CASCADE, related_name="texts",
                              verbose_name=_("story"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=150, validators=[validate_single_line])
    body = models.TextField(_("story"), max_length=6000)

    class Meta:
        ordering = ["story", "language"]
        verbose_name = _("story text")
        verbose_name_plural = _("story texts")
        constraints = [
            models.UniqueConstraint(fields=["story", "language"], name="story_text_once_per_language"),
        ]

    def __str__(self) -> str:
        return self.title


class OrganizerRole(models.TextChoices):
    ORGANIZER = "organizer", _("Co-organizer (same rights)")
    VIEWER = "viewer", _("Viewer (read only)")


class OrganizerInvitation(models.Model):
    """An organizer's invitation to a colleague to help run an event, by email (events.services.team).

    Accepted through a signed link by a signed-in user with that address, who then joins the event's organizers
    or viewers. At most one invitation waits per address and event.
    """

    Role = OrganizerRole

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organizer_invitations",
                              verbose_name=_("event"))
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=OrganizerRole.choices, default=OrganizerRole.ORGANIZER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("accepted by"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("organizer invitation")
        verbose_name_plural = _("organizer invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], condition=Q(accepted_at__isnull=True),
                                    name="organizer_invitation_one_open_per_address"),
            models.CheckConstraint(condition=Q(role__in=OrganizerRole.values), name="organizer_invitation_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.event}"


class ParticipantInvitation(models.Model):
    """A company invited to an event from an imported list (events.services.imports) that has no profile here.

    The email carries a signed sign-up link that pre-fills the company; once its profile is approved, the
    company is registered for the event (`company` and `accepted_at` set then).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participant_invitations",
                              verbose_name=_("event"))
    company_name = models.CharField(_("company name"), max_length=200, validators=[validate_single_line])
    country = models.CharField(_("country"), max_length=2, choices=country_choices)
    email = models.EmailField(_("email address"))
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True,
                                    validators=[validate_single_line])
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="event_invitations", verbose_name=_("company"))
    accepted_at = models.DateTimeField(_("registered at"), null=True, blank=True)

    class Meta:
        ordering = ["company_name", "pk"]
        verbose_name = _("participant invitation")
        verbose_name_plural = _("participant invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="participant_invitation_once_per_address"),
        ]

    def __str__(self) -> str:
        return f"{self.company_name} → {self.event}"


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Short text")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes or no")


class RegistrationQuestion(models.Model):
    """A question the organizer adds to the event's registration form, in one or more of the site's languages
    (a company reads its own language when written, else the first written, as with announcements). A choice
    question has one option per line, the same number of lines in each language written."""

    Kind = QuestionKind

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event"))
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices,
                            default=QuestionKind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True,
                               validators=[validate_single_line])
    text_vi = models.CharField(_("question in Vietnamese"), max_length=300, blank=True,
                               validators=[validate_single_line])
    text_az = models.CharField(_("question in Azerbaijani"), max_length=300, blank=True,
                               validators=[validate_single_line])
    options_en = models.TextField(_("options in English"), max_length=3000, blank=True,
                                  help_text=_("One option per line."))
    options_vi = models.TextField(_("options in Vietnamese"), max_length=3000, blank=True,
                                  help_text=_("One option per line."))
    options_az = models.TextField(_("options in Azerbaijani"), max_length=3000, blank=True,
                                  help_text=_("One option per line."))

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_known"),
            models.CheckConstraint(condition=~Q(text_en="") | ~Q(text_vi="") | ~Q(text_az=""),
                                   name="question_in_some_language"),
        ]

    def __str__(self) -> str:
        return self.text_en or self.text_vi or self.text_az


class RegistrationAnswer(models.Model):
    """A company's answer to a registration question: `text` for a short text, `choice` (the option's index) for
    a choice, `yes` for a yes/no question."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="answers",
                                      verbose_name=_("participation"))
    question = models.ForeignKey(RegistrationQuestion, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("question"))
    text = models.CharField(_("answer"), max_length=500, blank=True)
    choice = models.PositiveSmallIntegerField(_("option chosen"), null=True, blank=True)
    yes = models.BooleanField(_("yes"), null=True, blank=True)

    class Meta:
        ordering = ["question__position", "question_id"]
        verbose_name = _("registration answer")
        verbose_name_plural = _("registration answers")
        constraints = [
            models.UniqueConstraint(fields=["participation", "question"], name="answer_once_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.participation} — {self.question}"
