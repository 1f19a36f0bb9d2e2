"""Writes on conversations: start or continue a thread, read it, block a company, report a thread.

Rules (each checked here with a clear message; the database holds the invariants):
- Both companies must be approved, and neither may have blocked the other (either direction).
- A message is plain text, 1 to BODY_MAX characters once stripped (escaped when shown).
- Rate limits per person (constants below): a new account starts few threads and writes few messages, an
  established one has a generous cap; that is what keeps a spammer's fresh account from writing to hundreds of
  companies before a moderator sees a report.
- Email batching: the other company's members are emailed about a new message at once, unless they were emailed
  about this thread within EMAIL_INTERVAL; then one email is due at the end of that hour and
  `manage.py send_message_emails` (send_due_emails) sends it with every message they have not read since, or
  nothing if they have read them by then. So: at most one email per thread and reader per hour, in the reader's
  language (their company's email language, as every email of the site).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company, Membership
from companies.selectors import company_recipients
from config import mail
from messaging.models import BODY_MAX, REPORT_NOTE_MAX, Block, Message, ReadState, Thread, ThreadReport
from messaging.selectors import thread_pair, unread_messages
from messaging.unread_cache import forget_unread_threads

# An account younger than this is "new": most spam comes from accounts made for it.
NEW_ACCOUNT_DAYS = 7
# A new account: enough to answer a few offers and suggestions on its first day, too few to spam.
NEW_ACCOUNT_THREADS_PER_DAY = 3
NEW_ACCOUNT_MESSAGES_PER_HOUR = 15
# An established account: far above what a person types in a working day, a brake on a hijacked account.
THREADS_PER_DAY = 30
MESSAGES_PER_HOUR = 60
# At most one email per thread and reader in this time.
EMAIL_INTERVAL = timedelta(hours=1)


class MessagingError(Exception):
    """A write refused for a reason the user can act on (the message says which)."""


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise MessagingError(_("Write a message."))
    if len(body) > BODY_MAX:
        raise MessagingError(_("A message has at most %(max)d characters (this one has %(count)d).")
                             % {"max": BODY_MAX, "count": len(body)})
    return body


def check_can_write(*, company: Company, other: Company) -> None:
    """Raise MessagingError when `company` may not write to `other` now."""
    if company.pk == other.pk:
        raise MessagingError(_("You cannot write to your own company."))
    if not company.is_public:
        raise MessagingError(_("Your company's profile is not approved at the moment, so it cannot write to other "
                               "companies."))
    if not other.is_public:
        raise MessagingError(_("%(company)s is not active on TradeBridge at the moment.") % {"company": other.name})
    blocks = set(Block.objects.filter(blocker__in=[company, other], blocked__in=[company, other])
                 .values_list("blocker_id", flat=True))
    if company.pk in blocks:
        raise MessagingError(_("You blocked %(company)s. Unblock it to write again.") % {"company": other.name})
    if other.pk in blocks:
        raise MessagingError(_("%(company)s does not accept messages from your company.") % {"company": other.name})


def check_rate(*, author, new_thread: bool, now=None) -> None:
    """Raise MessagingError when `author` reached a limit (module constants)."""
    now = now or timezone.now()
    is_new = author.date_joined > now - timedelta(days=NEW_ACCOUNT_DAYS)
    if new_thread:
        limit = NEW_ACCOUNT_THREADS_PER_DAY if is_new else THREADS_PER_DAY
        if Thread.objects.filter(started_by=author, created_at__gt=now - timedelta(days=1)).count() >= limit:
            raise MessagingError(_("You have started %(count)d conversations in the last 24 hours, the most we "
                                   "allow. Please try again tomorrow.") % {"count": limit})
    limit = NEW_ACCOUNT_MESSAGES_PER_HOUR if is_new else MESSAGES_PER_HOUR
    if Message.objects.filter(author=author, created_at__gt=now - timedelta(hours=1)).count() >= limit:
        raise MessagingError(_("You have sent %(count)d messages in the last hour, the most we allow. Please wait "
                               "a little before writing again.") % {"count": limit})


def start_or_get_thread(*, company: Company, other: Company, started_by=None,
                        started_from: str = Thread.StartedFrom.COMPANY, subject: str = "", listing=None,
                        meeting_request=None, meeting=None) -> tuple[Thread, bool]:
    """The thread of the two companies, created with where it started if there is none; (thread, created).
    Checks nothing: callers check who may write (start_conversation)."""
    low, high = thread_pair(company, other)
    existing = Thread.objects.filter(company_low_id=low, company_high_id=high).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Thread.objects.create(
                company_low_id=low, company_high_id=high, started_by=started_by, started_from=started_from,
                subject=subject[:200], listing=listing, meeting_request=meeting_request, meeting=meeting), True
    except IntegrityError:  # the other side started it at the same moment: the constraint kept one
        return Thread.objects.get(company_low_id=low, company_high_id=high), False


@transaction.atomic
def start_conversation(*, author, company: Company, other: Company, body: str,
                       started_from: str = Thread.StartedFrom.COMPANY, subject: str = "", listing=None,
                       meeting_request=None, meeting=None) -> Message:
    """Write to `other`: in the pair's thread if there is one, else in a new one that remembers where it started
    (a marketplace entry, a meeting request, a meeting, a suggestion)."""
    check_can_write(company=company, other=other)
    body = clean_body(body)
    low, high = thread_pair(company, other)
    new_thread = not Thread.objects.filter(company_low_id=low, company_high_id=high).exists()
    check_rate(author=author, new_thread=new_thread)
    thread, _created = start_or_get_thread(
        company=company, other=other, started_by=author, started_from=started_from, subject=subject,
        listing=listing, meeting_request=meeting_request, meeting=meeting)
    return _post(thread=thread, company=company, author=author, body=body)


@transaction.atomic
def send_message(*, author, company: Company, thread: Thread, body: str) -> Message:
    """A reply in `thread` from `company` (the author's company, one of the two)."""
    if company.pk not in thread.company_ids:
        raise MessagingError(_("This conversation is not your company's."))
    check_can_write(company=company, other=thread.other(company.pk))
    body = clean_body(body)
    check_rate(author=author, new_thread=False)
    return _post(thread=thread, company=company, author=author, body=body)


def _post(*, thread: Thread, company: Company, author, body: str) -> Message:
    now = timezone.now()
    message = Message.objects.create(thread=thread, sender=company, author=author, body=body, created_at=now)
    side = "low_last_at" if company.pk == thread.company_low_id else "high_last_at"
    Thread.objects.filter(pk=thread.pk).update(last_message_at=now, **{side: now})
    thread.last_message_at = now
    setattr(thread, side, now)
    mark_read(user=author, thread=thread, now=now)
    _notify_readers(thread=thread, sender_id=company.pk, now=now)
    return message


def mark_read(*, user, thread: Thread, now=None) -> None:
    """`user` has read everything in `thread` up to now: nothing is unread, no email is due."""
    now = now or timezone.now()
    updated = ReadState.objects.filter(user=user, thread=thread).update(read_at=now, email_due_at=None)
    if not updated:
        try:
            with transaction.atomic():
                ReadState.objects.create(user=user, thread=thread, read_at=now)
        except IntegrityError:  # read in two tabs at once
            ReadState.objects.filter(user=user, thread=thread).update(read_at=now, email_due_at=None)
    forget_unread_threads(thread.company_ids)


def _notify_readers(*, thread: Thread, sender_id: int, now) -> None:
    reader_company = thread.other(sender_id)
    for membership in company_recipients([reader_company]):
        if not membership.user.is_active:
            continue
        state, _created = ReadState.objects.select_for_update().get_or_create(user=membership.user, thread=thread)
        if state.emailed_at is None or state.emailed_at <= now - EMAIL_INTERVAL:
            _email(state=state, membership=membership, thread=thread, now=now)
        elif state.email_due_at is None:
            state.email_due_at = state.emailed_at + EMAIL_INTERVAL
            state.save(update_fields=["email_due_at"])


def _email(*, state: ReadState, membership: Membership, thread: Thread, now) -> None:
    """Email `membership`'s user the other side's messages they have not read (after commit, config.mail)."""
    messages = unread_messages(thread=thread, reader_company_id=membership.company_id, since=state.read_at)
    state.emailed_at, state.email_due_at = now, None
    state.save(update_fields=["emailed_at", "email_due_at"])
    if not messages:
        return
    language = membership.company.email_language
    mail.send("messaging/email/new_messages", to=[membership.user.email], language=language, context={
        "company": thread.other(membership.company_id), "messages": messages,
        "url": mail.site_url(reverse("messaging:thread", kwargs={"pk": thread.pk}), language)})


def send_due_emails(*, now=None) -> int:
    """Send the emails that waited for the end of their hour (the `send_message_emails` command, run every few
    minutes): each lists the messages its reader has not read; none is sent to a reader who read them meanwhile
    or who left both companies. Returns the number of emails sent."""
    now = now or timezone.now()
    sent = 0
    due = list(ReadState.objects.filter(email_due_at__lte=now).values_list("pk", flat=True))
    for pk in due:
        with transaction.atomic():
            state = (ReadState.objects.select_for_update(of=("self",))
                     .select_related("user", "thread__company_low", "thread__company_high")
                     .filter(pk=pk, email_due_at__lte=now).first())
            if state is None:  # read or sent meanwhile
                continue
            thread = state.thread
            membership = (Membership.objects.select_related("company")
                          .filter(user=state.user, company_id__in=thread.company_ids).first())
            other_last = thread.last_at_of(thread.other(membership.company_id).pk) if membership else None
            if (membership is None or not state.user.is_active or other_last is None
                    or (state.read_at is not None and state.read_at >= other_last)):
                ReadState.objects.filter(pk=pk).update(email_due_at=None)
                continue
            _email(state=state, membership=membership, thread=thread, now=now)
            sent += 1
    return sent


@transaction.atomic
def block_company(*, company: Company, other: Company, by=None) -> bool:
    """`company` blocks `other`: no more messages nor meeting requests either way. Returns whether it is new.

    The meeting requests still waiting between the two are closed too, as the block would refuse their answer:
    those `company` sent are withdrawn, those it received declined, and `other` is told as for any such answer
    (the notice does not mention the block). Meetings already accepted stay: cancelling one is the organizer's
    decision."""
    if company.pk == other.pk:
        raise MessagingError(_("You cannot block your own company."))
    try:
        with transaction.atomic():
            Block.objects.create(blocker=company, blocked=other, created_by=by)
    except IntegrityError:  # already blocked
        return False
    _close_requests_between(company, other)
    return True


def _close_requests_between(company: Company, other: Company) -> None:
    # Imported here: the events app reads blocks (messaging.selectors), so messaging imports it only when needed.
    from events.errors import EventError
    from events.models import MeetingRequest, RequestStatus
    from events.services.requests import cancel_request, decline_request

    pending = (MeetingRequest.objects.filter(status=RequestStatus.PENDING)
               .filter(Q(requester__company=company, recipient__company=other)
                       | Q(requester__company=other, recipient__company=company))
               .select_related("event", "requester", "recipient").order_by("pk"))
    for meeting_request in pending:
        try:
            if meeting_request.requester.company_id == company.pk:
                cancel_request(meeting_request=meeting_request, by=meeting_request.requester)
            else:
                decline_request(meeting_request=meeting_request, by=meeting_request.recipient)
        except EventError:  # answered meanwhile, or its event has started: nothing left to close
            continue


@transaction.atomic
def unblock_company(*, company: Company, other: Company) -> bool:
    deleted, _by_model = Block.objects.filter(blocker=company, blocked=other).delete()
    return bool(deleted)


@transaction.atomic
def report_thread(*, reporter, company: Company, thread: Thread, reason: str, note: str = "") -> ThreadReport:
    """`company` (through `reporter`) reports `thread` to the moderators: once while a report of it waits."""
    if company.pk not in thread.company_ids:
        raise MessagingError(_("This conversation is not your company's."))
    if reason not in ThreadReport.Reason.values:
        raise MessagingError(_("Choose a reason."))
    note = (note or "").strip()
    if len(note) > REPORT_NOTE_MAX:
        raise MessagingError(_("The note has at most %(max)d characters.") % {"max": REPORT_NOTE_MAX})
    already = _("Your company has already reported this conversation. Our team will look at it.")
    if ThreadReport.objects.filter(thread=thread, company=company, status=ThreadReport.Status.PENDING).exists():
        raise MessagingError(already)
    try:
        with transaction.atomic():
            return ThreadReport.objects.create(thread=thread, company=company, reporter=reporter, reason=reason,
                                               note=note)
    except IntegrityError:  # the same report sent twice at once
        raise MessagingError(already) from None
