"""Conversations between two companies (issue 14, item 4; docs in messaging/services.py).

A Thread joins exactly two companies, one thread per unordered pair: the pair is stored ordered (`company_low`
has the smaller id), so the database itself refuses a second thread for the same two companies. Every member of
either company reads and writes in it; nobody else sees it. Messages are plain text of at most BODY_MAX
characters (a constraint too). ReadState keeps, per user and thread, what they have read and when they were last
emailed about it (the email batching). A company can block another (Block), and anyone in a thread can report it
to the moderators (ThreadReport, a companies.models.Moderated decided in the admin like everything users publish).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company, Moderated, ModerationStatus

BODY_MAX = 2000
REPORT_NOTE_MAX = 500


class StartedFrom(models.TextChoices):
    COMPANY = "company", pgettext_lazy("conversation started from", "Company page")
    LISTING = "listing", pgettext_lazy("conversation started from", "Marketplace entry")
    REQUEST = "request", pgettext_lazy("conversation started from", "Meeting request")
    MEETING = "meeting", pgettext_lazy("conversation started from", "Meeting")
    SUGGESTION = "suggestion", pgettext_lazy("conversation started from", "Partner suggestion")


class Thread(models.Model):
    """The private conversation of two companies. `low_last_at` / `high_last_at` are the times of the last
    message each side sent: what a reader of the other side has not read yet is what came after their
    ReadState.read_at, found without reading the messages (the unread counts)."""

    StartedFrom = StartedFrom

    company_low = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="threads_low",
                                    verbose_name=_("company"))
    company_high = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="threads_high",
                                     verbose_name=_("other company"))
    # Where it started: shown at the top of the thread. The links are kept loose (SET_NULL): an entry or a
    # request may go away, the conversation stays; `subject` keeps what it was about in words.
    started_from = models.CharField(_("started from"), max_length=12, choices=StartedFrom.choices,
                                    default=StartedFrom.COMPANY)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    listing = models.ForeignKey("companies.Listing", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("marketplace entry"))
    meeting_request = models.ForeignKey("events.MeetingRequest", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("meeting request"))
    meeting = models.ForeignKey("events.Meeting", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("meeting"))
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("started by"))
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message at"), default=timezone.now)
    low_last_at = models.DateTimeField(_("last message of the company at"), null=True, blank=True)
    high_last_at = models.DateTimeField(_("last message of the other company at"), null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.CheckConstraint(condition=Q(company_low__lt=F("company_high")), name="thread_pair_ordered"),
            models.UniqueConstraint(fields=["company_low", "company_high"], name="thread_one_per_pair"),
            models.CheckConstraint(condition=Q(started_from__in=StartedFrom.values), name="thread_started_known"),
        ]
        indexes = [
            # A company's threads, most recent first (the threads page and the unread count).
            models.Index(fields=["company_low", "-last_message_at"], name="thread_low_recent_idx"),
            models.Index(fields=["company_high", "-last_message_at"], name="thread_high_recent_idx"),
            # The rate limit: threads a user started in the last day.
            models.Index(fields=["started_by", "created_at"], name="thread_started_by_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.company_low} ↔ {self.company_high}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:thread", kwargs={"pk": self.pk})

    @property
    def company_ids(self) -> tuple[int, int]:
        return self.company_low_id, self.company_high_id

    def other(self, company_id: int) -> Company:
        """The company on the other side from `company_id`'s."""
        return self.company_high if company_id == self.company_low_id else self.company_low

    def last_at_of(self, company_id: int):
        """When `company_id`'s side last wrote (None: never)."""
        return self.low_last_at if company_id == self.company_low_id else self.high_last_at


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages",
                               verbose_name=_("conversation"))
    sender = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("company"))
    # Kept when the person's account goes: the message belongs to the conversation of the two companies.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="thread_messages", verbose_name=_("written by"))
    body = models.TextField(_("message"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # Not empty, and at most BODY_MAX characters (the form says so first).
            models.CheckConstraint(condition=Q(GreaterThanOrEqual(Length("body"), 1))
                                   & Q(LessThanOrEqual(Length("body"), BODY_MAX)), name="message_body_length"),
        ]
        indexes = [
            models.Index(fields=["thread", "created_at"], name="message_thread_idx"),
            # The rate limit: a user's messages of the last hour.
            models.Index(fields=["author", "created_at"], name="message_author_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class ReadState(models.Model):
    """What `user` has read of `thread` (everything up to `read_at`), and the email batching: `emailed_at` is
    when they were last emailed about it; `email_due_at` is set when a message came too soon after that email,
    for the periodic `send_message_emails` to send one later (messaging.services)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_states",
                             verbose_name=_("user"))
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states",
                               verbose_name=_("conversation"))
    read_at = models.DateTimeField(_("read until"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("last emailed at"), null=True, blank=True)
    email_due_at = models.DateTimeField(_("email due at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("read state")
        verbose_name_plural = _("read states")
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="read_state_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.thread}"


class Block(models.Model):
    """`blocker` accepts no more messages nor meeting requests from `blocked` (and cannot send any to it)."""

    blocker = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="blocks",
                                verbose_name=_("blocking company"))
    blocked = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="blocked_by",
                                verbose_name=_("blocked company"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("blocked by"))
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked company")
        verbose_name_plural = _("blocked companies")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class ReportReason(models.TextChoices):
    SPAM = "spam", pgettext_lazy("report reason", "Spam or advertising")
    ABUSIVE = "abusive", pgettext_lazy("report reason", "Harassment or abusive language")
    FRAUD = "fraud", pgettext_lazy("report reason", "Fraud or a scam attempt")
    OTHER = "other", pgettext_lazy("report reason", "Something else")


class ThreadReport(Moderated):
    """A company's report of a conversation to the moderators. It goes through the site's one moderation
    concept: it waits as "pending" in the admin's review queue and the moderators' digest
    (companies.moderation.register_moderated); the moderator upholds it (approved) or dismisses it (rejected,
    with a reason), and the reporting company's owners are emailed the decision. What to do about the reported
    company (suspend it) is decided on that company in the admin."""

    Reason = ReportReason
    moderation_email = "messaging/email/report_moderated"
    moderation_page = "messaging:threads"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reports",
                               verbose_name=_("conversation"))
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="thread_reports",
                                verbose_name=_("reported by company"))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="thread_reports", verbose_name=_("reported by"))
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.TextField(_("note"), max_length=REPORT_NOTE_MAX, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reported conversation")
        verbose_name_plural = _("reported conversations")
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=ReportReason.values), name="thread_report_reason_known"),
            models.CheckConstraint(condition=Q(status__in=ModerationStatus.values), name="thread_report_status_known"),
            # One open report per company and thread; once decided, a new one may come.
            models.UniqueConstraint(fields=["thread", "company"], condition=Q(status=ModerationStatus.PENDING),
                                    name="thread_report_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.thread}"

    @property
    def owner_company_id(self) -> int:
        return self.company_id

    @property
    def reported_company(self) -> Company:
        return self.thread.other(self.company_id)
