"""Market questions (issue 13, item 4): a verified company asks about the other market, other companies and staff
answer, the asker marks the most helpful answer; anyone signed in can follow a question or report what is wrong.

Questions and answers are companies.models.Moderated, pre-moderated like marketplace entries (docs: the module
docstring of market.questions_services): new ones wait as "pending", seen only by their company's people and
staff, until a moderator approves them. A report puts an item back in the moderators' queue (`edited_at`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.models import Company, HSChapter, Moderated, ModerationStatus, Sector
from companies.validators import validate_single_line

__all__ = ["Answer", "Question", "QuestionFollow", "QuestionReport", "ReportReason"]

TITLE_MAX = 160
BODY_MAX = 4000
ANSWER_MAX = 4000
REPORT_NOTE_MAX = 500


class Question(Moderated):
    moderation_email = "market/email/question_moderated"
    moderation_page = "market:questions"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="market_questions",
                                verbose_name=_("asked by company"))
    # The person who asked: the only one who marks the most helpful answer.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="market_questions", verbose_name=_("asked by"))
    title = models.CharField(_("question"), max_length=TITLE_MAX, validators=[validate_single_line])
    body = models.TextField(_("details"), max_length=BODY_MAX, blank=True)
    # What it is written in, so that pages mark it up (lang) for readers and screen readers of another language.
    language = models.CharField(_("written in"), max_length=5, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="market_questions",
                               verbose_name=_("sector"))
    hs_chapter = models.ForeignKey(HSChapter, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="market_questions", verbose_name=_("product category (HS chapter)"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded copies for the site's text search (companies.search; docs/search.md), filled by save().
    search_name = models.TextField(_("search name"), blank=True, default="", editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("market question")
        verbose_name_plural = _("market questions")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ModerationStatus.values), name="question_status_known"),
        ]
        indexes = [
            # The public list: approved questions, newest first.
            models.Index(fields=["status", "created_at"], name="question_public_idx"),
            # The rate limit: a user's questions of the last day.
            models.Index(fields=["author", "created_at"], name="question_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "body", "sector", "hs_chapter"} & set(update_fields):
            self.fill_search_fields()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_name", "search_text"}
        super().save(*args, **kwargs)

    def fill_search_fields(self) -> None:
        """search_name: the question; search_text: question, details, and the sector's and chapter's names in
        the three languages (so "cà phê", "ca phe" and "coffee" all find a question tagged with chapter 09)."""
        from companies.search import searchable

        names = []
        for tag in (self.sector if self.sector_id else None, self.hs_chapter if self.hs_chapter_id else None):
            if tag is not None:
                names += [tag.name_en, tag.name_vi, tag.name_az]
        self.search_name = searchable(self.title)
        self.search_text = searchable(self.title, self.body, *names)

    def get_absolute_url(self) -> str:
        return reverse("market:question", kwargs={"pk": self.pk})

    @property
    def owner_company_id(self) -> int:
        return self.company_id


class Answer(Moderated):
    moderation_email = "market/email/answer_moderated"
    moderation_page = "market:questions"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("question"))
    # Empty for staff who belong to no company (their answers are approved at once and have no owners to email).
    company = models.ForeignKey(Company, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="market_answers", verbose_name=_("company"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="market_answers", verbose_name=_("answered by"))
    by_staff = models.BooleanField(_("answered by TradeBridge staff"), default=False)
    body = models.TextField(_("answer"), max_length=ANSWER_MAX)
    language = models.CharField(_("written in"), max_length=5, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    helpful = models.BooleanField(_("marked most helpful by the asker"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("answer to a market question")
        verbose_name_plural = _("answers to market questions")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ModerationStatus.values), name="answer_status_known"),
            # The asker marks one answer as the most helpful, never two.
            models.UniqueConstraint(fields=["question"], condition=Q(helpful=True), name="answer_one_helpful"),
        ]
        indexes = [
            models.Index(fields=["question", "status"], name="answer_question_idx"),
            models.Index(fields=["author", "created_at"], name="answer_author_idx"),
        ]

    def __str__(self) -> str:
        return _("Answer to “%(question)s”") % {"question": self.question.title if self.question_id else ""}

    @property
    def owner_company_id(self) -> int | None:
        return self.company_id


class QuestionFollow(models.Model):
    """A user follows a question to hear of its answers (the asker follows its own; the weekly digest reads
    these)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_questions",
                             verbose_name=_("user"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows",
                                 verbose_name=_("question"))
    created_at = models.DateTimeField(_("followed since"), default=timezone.now)

    class Meta:
        verbose_name = _("followed question")
        verbose_name_plural = _("followed questions")
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="question_follow_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.question}"


class ReportReason(models.TextChoices):
    SPAM = "spam", pgettext_lazy("report reason", "Spam or advertising")
    OFFENSIVE = "offensive", pgettext_lazy("report reason", "Offensive or abusive")
    MISLEADING = "misleading", pgettext_lazy("report reason", "Wrong or misleading")
    OFF_TOPIC = "off_topic", pgettext_lazy("report reason", "Not about trade between the two markets")
    OTHER = "other", pgettext_lazy("report reason", "Something else")


class QuestionReport(models.Model):
    """A signed-in user's report of a question or of an answer (exactly one of the two), at most once per user and
    item. Moderators read them in the admin; `resolved_at` is set when a moderator decided on the item."""

    Reason = ReportReason

    question = models.ForeignKey(Question, on_delete=models.CASCADE, null=True, blank=True, related_name="reports",
                                 verbose_name=_("question"))
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="reports",
                               verbose_name=_("answer"))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="market_reports", verbose_name=_("reported by"))
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    note = models.TextField(_("note"), max_length=REPORT_NOTE_MAX, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report of a market question or answer")
        verbose_name_plural = _("reports of market questions and answers")
        constraints = [
            models.CheckConstraint(condition=Q(question__isnull=False, answer__isnull=True) | Q(question__isnull=True,
                                                                                answer__isnull=False),
                                   name="question_report_one_item"),
            models.CheckConstraint(condition=Q(reason__in=ReportReason.values), name="question_report_reason_known"),
            models.UniqueConstraint(fields=["reporter", "question"], condition=Q(question__isnull=False),
                                    name="question_report_once"),
            models.UniqueConstraint(fields=["reporter", "answer"], condition=Q(answer__isnull=False),
                                    name="answer_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.question or self.answer}"

    @property
    def item(self):
        return self.question or self.answer
