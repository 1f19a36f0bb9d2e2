"""Registration questions (issue 17, item 4): the questions an organizer adds to an event's registration form,
and the answers companies give when they register and change while registration is open.

A question is written in one or more of the site's languages (events.selectors_questions shows it in the
reader's). A choice question has its options one per line, the same number in every language written, since an
answer keeps the option's index: option 2 in Vietnamese is option 2 in English. For the same reason a question
that has answers keeps its kind and the order of its options: they can be reworded, and new ones added at the
end, never removed or moved (what an answer says would change under the company's feet).

Every writer locks the event row first (events.locking), so that an organizer changing a question and a company
answering it cannot interleave: "has this question answers?" stays true or false until the change commits.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from companies.models import Company
from events.errors import EventError
from events.locking import booking_transaction, lock_event, lock_participations
from events.models import AttendanceMode, Event, Participation, QuestionKind, RegistrationAnswer, RegistrationQuestion
from events.selectors_questions import LANGUAGES, question_options, question_text, split_options
from events.services.announcements import LANGUAGE_NAMES
from events.services.participation import register

MIN_OPTIONS = 2
MAX_OPTIONS = 20
# An option is read in a radio list and a dashboard cell: a sentence, not a paragraph.
MAX_OPTION_LENGTH = 200
# A registration form, not a survey: each question is one more thing between a company and the event, and one
# more line in every row of the dashboard.
MAX_QUESTIONS = 30
MAX_ANSWER_LENGTH = RegistrationAnswer._meta.get_field("text").max_length


# The question --------------------------------------------------------------------------------------------------


def clean_question(*, kind: str, texts: Mapping[str, str], options: Mapping[str, str]) -> dict[str, str]:
    """The model fields (text_<code>, options_<code>) of a question of `kind` written in `texts` (language →
    text) with `options` (language → one option per line), trimmed; EventError with the reason when the rules
    refuse it. A question that is not a choice keeps no options."""
    if kind not in QuestionKind.values:
        raise EventError(_("Choose the kind of answer."))
    texts = {code: (texts.get(code) or "").strip() for code in LANGUAGES}
    if not any(texts.values()):
        raise EventError(_("Write the question in at least one language."))
    lists = {code: split_options(options.get(code) or "") for code in LANGUAGES}
    if kind != QuestionKind.CHOICE:
        lists = {code: [] for code in LANGUAGES}
    for code in LANGUAGES:
        name = LANGUAGE_NAMES[code]
        if lists[code] and not texts[code]:
            raise EventError(_("Write the question in %(language)s too, or leave its options in %(language)s "
                               "empty.") % {"language": name})
        if kind == QuestionKind.CHOICE and texts[code] and not lists[code]:
            raise EventError(_("Write the options in %(language)s too, one per line.") % {"language": name})
        if len(lists[code]) > MAX_OPTIONS:
            raise EventError(_("A choice question has at most %(count)d options.") % {"count": MAX_OPTIONS})
        for option in lists[code]:
            if len(option) > MAX_OPTION_LENGTH:
                raise EventError(_("An option has at most %(count)d characters: “%(option)s…” is longer.")
                                 % {"count": MAX_OPTION_LENGTH, "option": option[:40]})
            if lists[code].count(option) > 1:
                raise EventError(_("Each option is given once: “%(option)s” is there twice in %(language)s.")
                                 % {"option": option, "language": name})
    counts = {code: len(lists[code]) for code in LANGUAGES if lists[code]}
    if kind == QuestionKind.CHOICE:
        if min(counts.values()) < MIN_OPTIONS:
            raise EventError(_("A choice question needs at least %(count)d options, one per line.")
                             % {"count": MIN_OPTIONS})
        if len(set(counts.values())) > 1:
            raise EventError(_("Give the same options in every language, one per line, in the same order: now "
                               "%(counts)s.") % {"counts": ", ".join(f"{LANGUAGE_NAMES[code]} {count}"
                                                                      for code, count in counts.items())})
    return {**{f"text_{code}": texts[code] for code in LANGUAGES},
            **{f"options_{code}": "\n".join(lists[code]) for code in LANGUAGES}}


def _checked(question: RegistrationQuestion) -> None:
    """Lengths and one-line texts, for a caller that skipped the form."""
    try:
        question.full_clean(exclude=["event"], validate_constraints=False)
    except ValidationError as error:
        raise EventError(" ".join(error.messages)) from error


@booking_transaction
def add_question(*, event: Event, kind: str, required: bool, texts: Mapping[str, str],
                 options: Mapping[str, str]) -> RegistrationQuestion:
    """A new question at the end of the event's registration form (clean_question says what is refused, and an
    event has at most MAX_QUESTIONS)."""
    fields = clean_question(kind=kind, texts=texts, options=options)
    event = lock_event(event.pk)
    if event.questions.count() >= MAX_QUESTIONS:
        raise EventError(_("An event has at most %(count)d registration questions.") % {"count": MAX_QUESTIONS})
    last = event.questions.aggregate(last=Max("position"))["last"]
    question = RegistrationQuestion(event=event, kind=kind, required=required,
                                    position=0 if last is None else last + 1, **fields)
    _checked(question)
    question.save()
    return question


@booking_transaction
def update_question(*, question: RegistrationQuestion, kind: str, required: bool, texts: Mapping[str, str],
                    options: Mapping[str, str]) -> RegistrationQuestion:
    """Change a question. Once companies answered it, its kind stays and its options keep their order and number:
    they can be reworded and new ones added at the end (the module docstring says why)."""
    fields = clean_question(kind=kind, texts=texts, options=options)
    lock_event(question.event_id)
    question = RegistrationQuestion.objects.get(pk=question.pk)
    if question.answers.exists():
        _check_answered_change(question, kind, fields)
    question.kind, question.required = kind, required
    for name, value in fields.items():
        setattr(question, name, value)
    _checked(question)
    question.save()
    return question


def _check_answered_change(question: RegistrationQuestion, kind: str, fields: Mapping[str, str]) -> None:
    if kind != question.kind:
        raise EventError(_("Companies have answered this question already, so its kind of answer cannot change. "
                           "Add a new question instead."))
    if kind != QuestionKind.CHOICE:
        return
    before_count = max(len(split_options(getattr(question, f"options_{code}"))) for code in LANGUAGES)
    after_count = max(len(split_options(fields[f"options_{code}"])) for code in LANGUAGES)
    if after_count < before_count:
        raise EventError(_("Companies have answered this question already, so its options cannot be removed: "
                           "reword them, or add new ones at the end."))
    for code in LANGUAGES:
        before, after = split_options(getattr(question, f"options_{code}")), split_options(fields[f"options_{code}"])
        if any(option in after and after.index(option) != index for index, option in enumerate(before)):
            raise EventError(_("Companies have answered this question already, so its options cannot change "
                               "order: reword them in place, or add new ones at the end."))


@booking_transaction
def delete_question(*, question: RegistrationQuestion) -> None:
    """Delete a question and the answers given to it; the others close ranks."""
    event = lock_event(question.event_id)
    RegistrationQuestion.objects.filter(pk=question.pk).delete()
    _renumber(list(event.questions.order_by("position", "pk")))


@booking_transaction
def move_question(*, question: RegistrationQuestion, up: bool) -> None:
    """Swap a question with the one before it (`up`) or after it; at either end nothing changes."""
    event = lock_event(question.event_id)
    questions = list(event.questions.order_by("position", "pk"))
    index = next((i for i, other in enumerate(questions) if other.pk == question.pk), None)
    if index is None:
        raise EventError(_("This question was deleted meanwhile."))
    other = index - 1 if up else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    _renumber(questions)


def _renumber(questions: list[RegistrationQuestion]) -> None:
    """Positions 0, 1, 2… in the list's order: the order stays unambiguous whatever was there before."""
    changed = []
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
            changed.append(question)
    RegistrationQuestion.objects.bulk_update(changed, ["position"])


# The answers ---------------------------------------------------------------------------------------------------


def clean_answers(questions, answers: Mapping[int, object], *, language: str) -> dict[int, dict]:
    """question id → the answer's fields (text, choice, yes) for each of `questions` answered in `answers`
    (question id → the text, the option's index, or True / False; None or "" for no answer); EventError when a
    required question is not answered or an answer does not fit its question. Ids of other questions are
    ignored."""
    rows, missing = {}, []
    for question in questions:
        value = answers.get(question.pk)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if question.required:
                missing.append(question_text(question, language))
            continue
        label = question_text(question, language)
        if question.kind == QuestionKind.TEXT:
            if not isinstance(value, str) or "\n" in value or "\r" in value:
                raise EventError(_("Answer “%(question)s” on one line.") % {"question": label})
            if len(value) > MAX_ANSWER_LENGTH:
                raise EventError(_("The answer to “%(question)s” has at most %(count)d characters.")
                                 % {"question": label, "count": MAX_ANSWER_LENGTH})
            rows[question.pk] = {"text": value, "choice": None, "yes": None}
        elif question.kind == QuestionKind.CHOICE:
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not 0 <= value < len(question_options(question, language)):
                raise EventError(_("Choose one of the options of “%(question)s”.") % {"question": label})
            rows[question.pk] = {"text": "", "choice": value, "yes": None}
        else:
            if not isinstance(value, bool):
                raise EventError(_("Answer “%(question)s” with yes or no.") % {"question": label})
            rows[question.pk] = {"text": "", "choice": None, "yes": value}
    if missing:
        raise EventError(ngettext("Answer the required question “%(questions)s”.",
                                  "Answer the required questions “%(questions)s”.", len(missing))
                         % {"questions": "”, “".join(missing)})
    return rows


@booking_transaction
def save_answers(*, participation: Participation, answers: Mapping[int, object]) -> None:
    """Record a company's answers to its event's questions (clean_answers says what is accepted), replacing what
    it answered before; a question left unanswered loses its earlier answer. An answer unchanged is not
    written again."""
    lock_event(participation.event_id)
    participation = lock_participations([participation.pk])[participation.pk]
    questions = list(RegistrationQuestion.objects.filter(event_id=participation.event_id))
    rows = clean_answers(questions, answers, language=get_language())
    existing = {answer.question_id: answer for answer in participation.answers.all()}
    stale = [answer.pk for question_id, answer in existing.items() if question_id not in rows]
    if stale:
        RegistrationAnswer.objects.filter(pk__in=stale).delete()
    new = []
    for question_id, fields in rows.items():
        answer = existing.get(question_id)
        if answer is None:
            new.append(RegistrationAnswer(participation=participation, question_id=question_id, **fields))
        elif any(getattr(answer, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(answer, name, value)
            answer.save(update_fields=list(fields))
    RegistrationAnswer.objects.bulk_create(new)


@booking_transaction
def change_answers(*, participation: Participation, answers: Mapping[int, object]) -> None:
    """A registered company changes its answers: while the event's registration is open (after that, the
    organizer works from them)."""
    event = lock_event(participation.event_id)
    if not event.registration_is_open():
        raise EventError(_("Registration for this event is closed, so the answers can no longer change."))
    save_answers(participation=participation, answers=answers)


@booking_transaction
def register_with_answers(*, event: Event, company: Company, delegates: int = 1,
                          attendance_mode: str = AttendanceMode.ON_SITE,
                          answers: Mapping[int, object]) -> Participation:
    """Register `company` for `event` (events.services.participation.register) with its answers to the event's
    questions, in one transaction: an answer refused leaves no registration behind, and sends no email."""
    participation = register(event=event, company=company, delegates=delegates, attendance_mode=attendance_mode)
    save_answers(participation=participation, answers=answers)
    return participation
