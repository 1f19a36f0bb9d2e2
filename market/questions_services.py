"""Writes on market questions: ask, answer, mark the most helpful answer, follow, report.

Moderation: **pre-moderation**, like marketplace entries and success stories (companies.moderation, one concept).
A new question or answer is "pending": its own company's people see it (with its status) and moderators decide in
the admin; it is public once approved, and the company's owners get the decision by email (moderation's one
rule). Why not publish at once: a question is a page of its own, found by search and sent in the weekly digest,
and an answer is read as advice about certificates and customs — wrong or promotional content there costs the
readers more than a few hours' wait costs the asker. Staff are the moderators: what they write is approved at
once. A report by any signed-in user (once per user and item) marks an approved item "edited since approval"
(`edited_at`), the project's mark for "a moderator should look again": it stays public and comes back to the top
of the moderators' queue; approving it again clears the mark (and emails nobody), rejecting it takes it off.

Rate limits (QUESTIONS_PER_DAY, ANSWERS_PER_DAY per user over the last 24 hours, staff's answers exempt) count the
user's own rows, not cache entries: the window is a day, longer than a cache is sure to keep a counter, and the
count is the same on every worker. The user's row is locked first, so two requests at once cannot both pass.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from companies.models import Company, HSChapter, ModerationStatus, Sector
from market.models.questions import Answer, Question, QuestionFollow, QuestionReport

QUESTIONS_PER_DAY = 5
ANSWERS_PER_DAY = 30
RATE_WINDOW = timedelta(days=1)


class QuestionError(Exception):
    """A write that the rules refuse; the message is meant for the user."""


class RateLimited(QuestionError):
    """Too many questions or answers in the last day; nothing was written."""


def ask_question(*, author, company: Company, title: str, body: str, sector: Sector,
                 hs_chapter: HSChapter | None = None, language: str | None = None) -> Question:
    """Ask a question for `company` (the caller checked questions_selectors.may_ask). It waits for a moderator
    (staff's own is approved at once); the author follows it."""
    with transaction.atomic():
        _lock_user(author)
        _check_rate(Question, author, QUESTIONS_PER_DAY, lambda limit: ngettext(
            "You can ask %(limit)d question a day. Please come back tomorrow.",
            "You can ask %(limit)d questions a day. Please come back tomorrow.", limit) % {"limit": limit})
        question = Question(company=company, author=author, title=title.strip(), body=body.strip(), sector=sector,
                            hs_chapter=hs_chapter, language=language or _current_language(),
                            **_initial_status(author))
        question.save()
        QuestionFollow.objects.create(user=author, question=question)
    return question


def answer_question(*, author, company: Company | None, question: Question, body: str,
                    language: str | None = None) -> Answer:
    """Answer a public question for `company` (None for staff without a company); the caller checked
    questions_selectors.may_answer. It waits for a moderator, unless written by staff."""
    if company is not None and company.pk == question.company_id:
        raise QuestionError(_("Your company asked this question: other companies answer it."))
    with transaction.atomic():
        _lock_user(author)
        if not author.is_staff:
            _check_rate(Answer, author, ANSWERS_PER_DAY, lambda limit: ngettext(
                "You can write %(limit)d answer a day. Please come back tomorrow.",
                "You can write %(limit)d answers a day. Please come back tomorrow.", limit) % {"limit": limit})
        question = Question.objects.select_for_update(of=("self",)).get(pk=question.pk)
        if question.status != ModerationStatus.APPROVED:
            raise QuestionError(_("This question is not open for answers."))
        answer = Answer(question=question, company=company, author=author, body=body.strip(),
                        by_staff=author.is_staff, language=language or _current_language(),
                        **_initial_status(author))
        answer.save()
    return answer


def mark_helpful(*, user, answer: Answer) -> Answer:
    """The asker marks `answer` as the most helpful; a question has at most one (marking another moves the mark,
    and the database holds the rule: Answer's answer_one_helpful constraint)."""
    with transaction.atomic():
        question = Question.objects.select_for_update(of=("self",)).get(pk=answer.question_id)
        if user.pk is None or question.author_id != user.pk:
            raise QuestionError(_("Only the person who asked the question can mark the most helpful answer."))
        answer = Answer.objects.get(pk=answer.pk)
        if answer.status != ModerationStatus.APPROVED:
            raise QuestionError(_("Only a published answer can be marked as the most helpful."))
        if answer.helpful:
            return answer
        Answer.objects.filter(question=question, helpful=True).update(helpful=False)
        answer.helpful = True
        answer.save(update_fields=["helpful", "updated_at"])
    return answer


def follow_question(*, user, question: Question) -> bool:
    """Follow; returns whether the user did not follow it before."""
    _follow, created = QuestionFollow.objects.get_or_create(user=user, question=question)
    return created


def unfollow_question(*, user, question: Question) -> bool:
    """Stop following; returns whether the user followed it."""
    deleted, _by_model = QuestionFollow.objects.filter(user=user, question=question).delete()
    return bool(deleted)


def report(*, reporter, item: Question | Answer, reason: str, note: str = "") -> QuestionReport:
    """Report a question or an answer to the moderators, once per user and item. An approved item stays public and
    goes back to the moderators' queue (module docstring)."""
    target = {"question": item} if isinstance(item, Question) else {"answer": item}
    if QuestionReport.objects.filter(reporter=reporter, **target).exists():
        raise QuestionError(_("You have already reported this. Our team will look at it."))
    try:
        with transaction.atomic():
            created = QuestionReport.objects.create(reporter=reporter, reason=reason, note=note.strip(), **target)
            # updated_at too: the moderators' digest (notify_moderators) looks for items changed since its last run.
            now = timezone.now()
            type(item).objects.filter(pk=item.pk, status=ModerationStatus.APPROVED, edited_at__isnull=True).update(
                edited_at=now, updated_at=now)
    except IntegrityError:  # the same report sent twice at once: the constraint kept one
        raise QuestionError(_("You have already reported this. Our team will look at it.")) from None
    return created


def resolve_reports(items) -> int:
    """After a moderator's decision on `items` (all of one model): their open reports are resolved."""
    items = list(items)
    if not items:
        return 0
    field = "question" if isinstance(items[0], Question) else "answer"
    return QuestionReport.objects.filter(**{f"{field}__in": items}, resolved_at__isnull=True).update(
        resolved_at=timezone.now())


def _initial_status(author) -> dict:
    if author.is_staff:
        return {"status": ModerationStatus.APPROVED, "moderated_at": timezone.now(), "moderated_by": author}
    return {"status": ModerationStatus.PENDING}


def _current_language() -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in codes else settings.LANGUAGE_CODE


def _lock_user(user) -> None:
    # Serializes one user's writes, so that two requests at once are counted one after the other.
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True).first()


def _check_rate(model, author, limit: int, message) -> None:
    since = timezone.now() - RATE_WINDOW
    if model.objects.filter(author=author, created_at__gte=since).count() >= limit:
        raise RateLimited(message(limit))
