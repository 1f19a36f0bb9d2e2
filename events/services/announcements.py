"""Organizer announcements (issue 14): a message from an event's organizer to a group of its participants.

`send_announcement` records the announcement and, once the transaction commits, enqueues one task,
`deliver_announcement`, which fans it out: for each member of each recipient company an in-app notice (kind
"announcement") and an email, both in the language of the text chosen for that company (`language_for`). The
recipient companies are fixed when the organizer sends, and handed to the task, so that what the organizer was
told ("sent to 23 companies") is who receives it, whatever changes before the worker runs.

Who received an announcement is read back from those notices (`received_announcements`): the model keeps the
number of companies reached, not their list.
"""

from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from companies.models import Company
from companies.selectors import company_recipients
from config import mail
from events.errors import EventError
from events.locking import booking_transaction, lock_event
from events.models import (
    Announcement,
    AnnouncementAudience,
    AttendanceMode,
    Event,
    EventFormat,
    Notification,
    Participation,
    ParticipationStatus,
)
from events.notice_counts import forget_unread_notices
from events.selectors import live_meetings_of

KIND = "announcement"

# The languages an announcement can be written in, in the order of the fallback (Announcement.text_in).
LANGUAGES = ("en", "vi", "az")
LANGUAGE_NAMES = {"en": _("English"), "vi": _("Vietnamese"), "az": _("Azerbaijani")}

# At most this many announcements per event in any 24 hours, whoever of its organizers writes them. Each one is an
# email to every member of up to hundreds of companies: more than a few a day teaches people to ignore (or report
# as spam) the site's mail, and with it the booking and reminder emails that share its sender; a double-submitted
# form or a misused organizer account stops here too. A rolling window, so that no time zone decides when a
# "day" starts.
DAILY_LIMIT = 3
LIMIT_WINDOW = timedelta(hours=24)

# Why a company received the announcement: the email's footer says it.
REASONS = {
    AnnouncementAudience.APPROVED: _("You receive this message because %(company)s takes part in %(event)s."),
    AnnouncementAudience.PENDING: _("You receive this message because %(company)s registered for %(event)s and its "
                                    "registration awaits the organizer's approval."),
    AnnouncementAudience.NO_MEETINGS: _("You receive this message because %(company)s takes part in %(event)s and "
                                        "has no meeting yet."),
    AnnouncementAudience.ONLINE: _("You receive this message because %(company)s takes part in %(event)s online."),
    AnnouncementAudience.SELECTED: _("You receive this message because %(company)s registered for %(event)s and "
                                     "its organizers chose to write to it."),
}

# The groups an organizer chooses on the announcements page; SELECTED is the dashboard's selection, sent with its
# explicit list of companies (send_announcement's `companies`).
GROUPS = [audience for audience in AnnouncementAudience if audience != AnnouncementAudience.SELECTED]


# Reads ---------------------------------------------------------------------------------------------------------


def _audience_filters(event: Event) -> dict[str, Q]:
    """Each audience as a condition on the event's participations (of companies that are approved themselves)."""
    approved = Q(status=ParticipationStatus.APPROVED)
    if event.format == EventFormat.ONLINE:
        online = approved
    elif event.format == EventFormat.HYBRID:
        online = approved & Q(attendance_mode=AttendanceMode.ONLINE)
    else:
        online = Q(pk__in=[])
    return {
        AnnouncementAudience.APPROVED: approved,
        AnnouncementAudience.PENDING: Q(status=ParticipationStatus.PENDING),
        AnnouncementAudience.NO_MEETINGS: approved & ~Exists(live_meetings_of(OuterRef("pk"))),
        AnnouncementAudience.ONLINE: online,
    }


def _participations(event: Event) -> QuerySet[Participation]:
    # A suspended or deactivated company hears nothing from the site, organizers included.
    return Participation.objects.filter(event=event, company__status=Company.Status.APPROVED)


def audience_participations(event: Event, audience: str) -> QuerySet[Participation]:
    """The participations an announcement to `audience` reaches (ValueError for an unknown audience, and for
    SELECTED, which is no group but a list: selected_participations)."""
    filters = _audience_filters(event)
    if audience not in filters:
        raise ValueError(f"unknown audience {audience!r}")
    return _participations(event).filter(filters[audience])


def selected_participations(event: Event, participation_ids) -> QuerySet[Participation]:
    """The participations among `participation_ids` that an announcement to a selection reaches: the event's own
    (whatever their status: the organizer chose them), of approved companies; other ids are ignored."""
    return _participations(event).filter(pk__in=list(participation_ids))


def audience_counts(event: Event) -> dict[str, int]:
    """audience → how many companies an announcement to it would reach now; one query."""
    filters = _audience_filters(event)
    return _participations(event).aggregate(**{audience: Count("pk", filter=condition)
                                               for audience, condition in filters.items()})


def sent_announcements(event: Event) -> QuerySet[Announcement]:
    """The event's announcements for its organizers' page, newest first, with their authors."""
    return event.announcements.select_related("author")


def sent_today(event: Event, *, now=None) -> int:
    """How many announcements of the event count against DAILY_LIMIT at `now`."""
    now = now or timezone.now()
    return event.announcements.filter(created_at__gt=now - LIMIT_WINDOW).count()


def limit_reached_message() -> str:
    return ngettext(
        "This event already had %(limit)d announcement in the last 24 hours, the most there can be. "
        "Please send yours later.",
        "This event already had %(limit)d announcements in the last 24 hours, the most there can be. "
        "Please send yours later.", DAILY_LIMIT) % {"limit": DAILY_LIMIT}


def received_announcements(company: Company, event: Event) -> QuerySet[Announcement]:
    """The event's announcements sent to `company`."""
    return event.announcements.filter(recipients=company).select_related("author")


def written_languages(announcement: Announcement) -> list[str]:
    return [code for code in LANGUAGES if getattr(announcement, f"subject_{code}")]


def language_for(announcement: Announcement, preferred: str) -> str:
    """The language a reader of `preferred` gets: that one if written, else the first written (as text_in)."""
    written = written_languages(announcement)
    return preferred if preferred in written else written[0]


def sender_name(announcement: Announcement) -> str:
    """Who wrote it, as the email and the pages say: the author's full name, else their user name; an author
    deleted since is "the organizers"."""
    author = announcement.author
    if author is None:
        return str(_("The organizers"))
    return author.get_full_name() or author.get_username()


# Writes --------------------------------------------------------------------------------------------------------


def check_texts(texts: Mapping[str, tuple[str, str]]) -> None:
    """EventError unless each language is written whole (subject and message) or not at all, and one is."""
    for code in LANGUAGES:
        subject, body = (part.strip() for part in texts.get(code, ("", "")))
        if bool(subject) != bool(body):
            raise EventError(_("The %(language)s text needs both a subject and a message, or neither.")
                             % {"language": LANGUAGE_NAMES[code]})
    if not any(texts.get(code, ("", ""))[0].strip() for code in LANGUAGES):
        raise EventError(_("Write the announcement in at least one language: a subject and a message."))


@booking_transaction
def send_announcement(*, event: Event, author, audience: str, texts: Mapping[str, tuple[str, str]],
                      companies: Iterable | None = None, now=None) -> Announcement:
    """Record an announcement from `author` to `audience` of `event`, written in `texts` (language → (subject,
    message); languages left out or empty are not written), and deliver it once the transaction commits.

    For the audience SELECTED, `companies` (companies or their ids) are the recipients: those of them registered
    for this event whose company is approved; the others are left out. It is ignored for the other audiences.

    Refused (EventError, nothing recorded or sent) when a language is half written or none is, when the group is
    empty, or when the event already had DAILY_LIMIT announcements in the last 24 hours. The event row is locked
    first (events.locking), so two organizers sending at once cannot both pass the limit.
    """
    now = now or timezone.now()
    check_texts(texts)
    if audience not in AnnouncementAudience.values:
        raise EventError(_("Choose who receives the announcement."))
    event = lock_event(event.pk)
    if sent_today(event, now=now) >= DAILY_LIMIT:
        raise EventError(limit_reached_message())
    if audience == AnnouncementAudience.SELECTED:
        chosen = [getattr(company, "pk", company) for company in companies or ()]
        participations = _participations(event).filter(company__in=chosen)
    else:
        participations = audience_participations(event, audience)
    company_ids = sorted(set(participations.values_list("company_id", flat=True)))
    if not company_ids:
        raise EventError(_("No company is in this group at the moment, so there is nobody to send it to."))
    fields = {}
    for code in LANGUAGES:
        subject, body = (part.strip() for part in texts.get(code, ("", "")))
        fields |= {f"subject_{code}": subject, f"body_{code}": body}
    announcement = Announcement(event=event, author=author, audience=audience, recipient_count=len(company_ids),
                                created_at=now, **fields)
    try:  # lengths and one-line subjects, for a caller that skipped the form (the constraints are check_texts')
        announcement.full_clean(exclude=["event", "author"], validate_constraints=False)
    except ValidationError as error:
        raise EventError(" ".join(error.messages)) from error
    announcement.save()
    announcement.recipients.set(company_ids)
    transaction.on_commit(lambda: deliver_announcement.enqueue(announcement_id=announcement.pk,
                                                               company_ids=company_ids))
    return announcement


@task
@transaction.atomic
def deliver_announcement(*, announcement_id: int, company_ids: list[int]) -> int:
    """Fan an announcement out to every member of the companies (companies.selectors.company_recipients): an
    in-app notice and an email each, in the language chosen for the member's company. Returns the number of
    members reached. An announcement deleted meanwhile (by an admin) is not delivered.

    One transaction: the emails' delivery tasks are enqueued when it commits (config.mail), so a failure half-way
    leaves neither notices nor emails, and running the task again delivers each once.
    """
    announcement = Announcement.objects.select_related("event", "author").filter(pk=announcement_id).first()
    if announcement is None:
        return 0
    event = announcement.event
    memberships = list(company_recipients(company_ids))
    notices = []
    for membership in memberships:
        company = membership.company
        language = language_for(announcement, company.email_language)
        subject, body = announcement.text_in(language)
        with translation.override(language):
            path = reverse("events:announcements_received", args=[event.slug]) + f"#announcement-{announcement.pk}"
            reason = str(REASONS[announcement.audience]) % {"company": company.name, "event": event.title}
            sender = sender_name(announcement)
        notices.append(Notification(user=membership.user, kind=KIND, url=path, params={
            "event": event.title, "subject": subject, "event_id": event.pk, "announcement": announcement.pk,
        }))
        mail.send("events/email/announcement", to=[membership.user.email], language=language, context={
            "event": event, "subject": subject, "body": body, "sender": sender,
            "reason": reason, "url": mail.site_url(path, language),
        })
    Notification.objects.bulk_create(notices)  # sends no signal:
    forget_unread_notices(notice.user_id for notice in notices)
    return len(memberships)
