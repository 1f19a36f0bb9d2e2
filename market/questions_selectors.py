"""Reads on market questions that the pages share: who may do what (named predicates), what each reader may see,
and the lists with what their cards show in a fixed number of queries."""

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from companies.models import ModerationStatus
from market.models.questions import Answer, Question, QuestionFollow

APPROVED = ModerationStatus.APPROVED


# Who may do what -------------------------------------------------------------------------------------------------


def has_verified_email(user) -> bool:
    return user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists()


def may_ask(user, membership) -> bool:
    """A verified company asks: a member (owner or not) of an approved company, with a verified email address."""
    return bool(membership) and membership.company.is_public and has_verified_email(user)


def may_answer(user, membership, question: Question) -> bool:
    """Staff, and the verified members of other approved companies: a company does not answer its own question."""
    if not user.is_authenticated or not question.is_public:
        return False
    if user.is_staff:
        return True
    return (bool(membership) and membership.company.is_public and membership.company_id != question.company_id
            and has_verified_email(user))


def may_see_question(user, membership, question: Question) -> bool:
    """A public question (approved, of an approved company) for everyone; any other only for the asking company's
    people (it is theirs) and staff."""
    if question.is_public and question.company.is_public:
        return True
    own = bool(membership) and membership.company_id == question.company_id
    return user.is_authenticated and (user.is_staff or own)


# Lists -----------------------------------------------------------------------------------------------------------


def _approved_answers():
    return Answer.objects.filter(question=OuterRef("pk"), status=APPROVED).filter(
        Q(company__isnull=True) | Q(company__status=APPROVED))


def with_card_data(questions: QuerySet[Question]) -> QuerySet[Question]:
    """Annotate answer_count (public answers) and has_helpful; join the company, sector and chapter."""
    counted = _approved_answers().order_by().values("question").annotate(n=Count("pk")).values("n")
    return questions.select_related("company", "sector", "hs_chapter").annotate(
        answer_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
        has_helpful=Exists(_approved_answers().filter(helpful=True)),
    )


def public_questions() -> QuerySet[Question]:
    """Approved questions of approved companies, newest first."""
    return Question.objects.filter(status=APPROVED, company__status=APPROVED).order_by("-created_at", "-pk")


def listed_questions(user, membership) -> QuerySet[Question]:
    """The list page's questions: the public ones, and the reader's company's own in any state (a pending question
    is seen by its company, with its status)."""
    condition = Q(status=APPROVED, company__status=APPROVED)
    if user.is_authenticated and membership:
        condition |= Q(company_id=membership.company_id)
    return with_card_data(Question.objects.filter(condition).order_by("-created_at", "-pk"))


def answered(questions: QuerySet[Question], value: bool) -> QuerySet[Question]:
    has_answer = Exists(_approved_answers())
    return questions.filter(has_answer if value else ~has_answer)


def visible_answers(question: Question, user, membership) -> list[Answer]:
    """The answers a reader sees on the question's page, oldest first (the most helpful one leads): approved
    answers of approved companies (or staff), and the reader's company's own in any state; staff see all."""
    answers = Answer.objects.filter(question=question).select_related("company", "author")
    if not (user.is_authenticated and user.is_staff):
        condition = Q(status=APPROVED) & (Q(company__isnull=True) | Q(company__status=APPROVED))
        if user.is_authenticated and membership:
            condition |= Q(company_id=membership.company_id)
        answers = answers.filter(condition)
    return list(answers.order_by("-helpful", "created_at", "pk"))


def is_following(user, question: Question) -> bool:
    return user.is_authenticated and QuestionFollow.objects.filter(user=user, question=question).exists()
