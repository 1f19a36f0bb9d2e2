"""Reads of the registration questions (issue 17, item 4): an event's questions in the reader's language, the
answers of registrations for the dashboard and the export, and the dashboard's filter by answer.

A question is written in one or more of the site's languages; a reader sees its own when written, else the first
written in the order English, Vietnamese, Azerbaijani (as Announcement.text_in). The options of a choice question
are shown in the same language as its text: they are written in the same languages, one per line, and option i of
one language is option i of the others. An answer stores the option's index, so it reads in every language.
"""

from collections.abc import Iterable, Mapping

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from events.models import Event, Participation, QuestionKind, RegistrationAnswer, RegistrationQuestion

# The languages a question can be written in, in the order of the fallback.
LANGUAGES = ("en", "vi", "az")

# The dashboard filter's value for "yes" and "no"; a choice is filtered by its option's index.
YES, NO = "yes", "no"


def split_options(text: str) -> list[str]:
    """The options of a text of one option per line, blank lines left out."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def written_languages(question: RegistrationQuestion) -> list[str]:
    return [code for code in LANGUAGES if getattr(question, f"text_{code}")]


def shown_language(question: RegistrationQuestion, language: str) -> str:
    """The language a reader of `language` gets: that one if written, else the first written."""
    written = written_languages(question)
    return language if language in written else (written[0] if written else LANGUAGES[0])


def question_text(question: RegistrationQuestion, language: str) -> str:
    return getattr(question, f"text_{shown_language(question, language)}")


def question_options(question: RegistrationQuestion, language: str) -> list[str]:
    """The options of a choice question in the language its text is shown in (empty for other kinds)."""
    if question.kind != QuestionKind.CHOICE:
        return []
    return split_options(getattr(question, f"options_{shown_language(question, language)}"))


def localize(questions: Iterable[RegistrationQuestion], language: str) -> list[RegistrationQuestion]:
    """The questions, each with `label` and `choices` (its options) in the reader's language, for templates."""
    questions = list(questions)
    for question in questions:
        question.label = question_text(question, language)
        question.choices = question_options(question, language)
    return questions


def event_questions(event: Event, language: str) -> list[RegistrationQuestion]:
    """The event's questions in their order, localized (`localize`); one query."""
    return localize(RegistrationQuestion.objects.filter(event=event).order_by("position", "pk"), language)


def questions_with_answer_counts(event: Event, language: str) -> list[RegistrationQuestion]:
    """The event's questions as event_questions, each with `answer_count`, how many companies answered it; one
    query."""
    questions = RegistrationQuestion.objects.filter(event=event).annotate(answer_count=Count("answers"))
    return localize(questions.order_by("position", "pk"), language)


def answer_display(answer: RegistrationAnswer, question: RegistrationQuestion) -> str:
    """The answer as the reader of a localized question reads it: the text, the option, or yes / no."""
    if question.kind == QuestionKind.CHOICE:
        choices = question.choices
        return choices[answer.choice] if answer.choice is not None and answer.choice < len(choices) else ""
    if question.kind == QuestionKind.YES_NO:
        return "" if answer.yes is None else (_("Yes") if answer.yes else _("No"))
    return answer.text


def answers_prefetch() -> Prefetch:
    """The answers of registrations, without their questions: callers hold those already (event_questions)."""
    return Prefetch("answers", queryset=RegistrationAnswer.objects.order_by("pk"))


def attach_answers(participations: list[Participation], questions: list[RegistrationQuestion]) -> None:
    """Set `answer_list` on each participation: (question, answer shown) for the questions it answered, in the
    questions' order. One query, none when the event has no question or there is no registration."""
    if not questions or not participations:
        for participation in participations:
            participation.answer_list = []
        return
    prefetch_related_objects(participations, answers_prefetch())
    for participation in participations:
        participation.answer_list = answer_list(participation.answers.all(), questions)


def answer_list(answers: Iterable[RegistrationAnswer], questions: list[RegistrationQuestion]
                ) -> list[tuple[RegistrationQuestion, str]]:
    """(question, answer shown) per question answered among `answers`, in the order of `questions` (localized)."""
    by_question = {answer.question_id: answer for answer in answers}
    return [(question, answer_display(by_question[question.pk], question))
            for question in questions if question.pk in by_question]


def answers_by_question(participation: Participation) -> dict[int, RegistrationAnswer]:
    """question id → the participation's answer; one query."""
    return {answer.question_id: answer for answer in participation.answers.all()}


def answer_sheet(participation: Participation, language: str) -> list[tuple[RegistrationQuestion, str]]:
    """(question, answer shown, "" when not answered) for each question of the participation's event, in order,
    for the company's own page; two queries."""
    questions = event_questions(participation.event, language)
    answers = answers_by_question(participation)
    return [(question, answer_display(answers[question.pk], question) if question.pk in answers else "")
            for question in questions]


# The dashboard's filter by answer -----------------------------------------------------------------------------


def filterable(questions: Iterable[RegistrationQuestion]) -> list[RegistrationQuestion]:
    """The questions the dashboard filters by: choices and yes/no (a short text is found by reading it)."""
    return [question for question in questions if question.kind in (QuestionKind.CHOICE, QuestionKind.YES_NO)]


def with_answers(participations: QuerySet, answers: Mapping[int, str]) -> QuerySet:
    """The participations that gave each answer of `answers` (question id → YES, NO, or an option's index as
    text); a value that means nothing for its question matches nobody."""
    for question_id, value in answers.items():
        if value in (YES, NO):
            condition = {"yes": value == YES}
        elif str(value).isdigit():
            condition = {"choice": int(value)}
        else:
            return participations.none()
        participations = participations.filter(Exists(RegistrationAnswer.objects.filter(
            participation=OuterRef("pk"), question_id=question_id, **condition)))
    return participations
