"""Registration questions (events.services.questions, events.selectors_questions, events.forms_questions,
events.views.questions and the registration, dashboard, export and duplication that use them): every rule of the
service, the forms' refusals, registering with answers, the answers on the dashboard (shown, filtered, selected in
bulk) and in the export, who may do what, and how many queries the pages take.

The event (tests/events/conftest.py) is in Baku, in person, registration open, with Highland Coffee (VN) and
Caspian Foods (AZ) approved.
"""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import Company
from events.errors import EventError
from events.forms import RegisterForm
from events.forms_questions import AnswersForm, QuestionForm
from events.models import Notification, Participation, RegistrationAnswer, RegistrationQuestion
from events.selectors_questions import event_questions, question_options, question_text
from events.services import questions as service
from events.services.duplication import duplicate_event
from tests.events.conftest import EVENT_ROLES
from tests.factories import EventFactory, join

PAGE_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
               ("organizer", 200), ("other_organizer", 403), ("co_organizer", 200), ("viewer", 200),
               ("staff", 200)]
WRITE_ACCESS = [("anonymous", 302), ("participant", 403), ("other_participant", 403), ("non_participant", 403),
                ("organizer", 302), ("other_organizer", 403), ("co_organizer", 302), ("viewer", 403),
                ("staff", 302)]
EDIT_PAGE_ACCESS = [(role, 200 if status == 302 and role != "anonymous" else status)
                    for role, status in WRITE_ACCESS]
assert [role for role, _status in PAGE_ACCESS] == EVENT_ROLES == [role for role, _status in WRITE_ACCESS]

ONE_LINE = "Use a single line: line breaks and control characters are not allowed here."
SECTORS_EN = "Coffee\nTea\nSpices"
SECTORS_VI = "Cà phê\nTrà\nGia vị"


def url(name: str, event, *args) -> str:
    return reverse(f"events:{name}", args=[event.slug, *args])


def shown(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def ask(event, kind="text", en="", vi="", az="", *, options_en="", options_vi="", options_az="", required=False):
    return service.add_question(event=event, kind=kind, required=required, texts={"en": en, "vi": vi, "az": az},
                                options={"en": options_en, "vi": options_vi, "az": options_az})


def change(question, kind=None, en=None, vi=None, az=None, *, options_en=None, options_vi=None, options_az=None,
           required=None):
    """update_question with the question's own values for what is not given."""
    def pick(value, name):
        return getattr(question, name) if value is None else value

    return service.update_question(
        question=question, kind=pick(kind, "kind"), required=pick(required, "required"),
        texts={"en": pick(en, "text_en"), "vi": pick(vi, "text_vi"), "az": pick(az, "text_az")},
        options={"en": pick(options_en, "options_en"), "vi": pick(options_vi, "options_vi"),
                 "az": pick(options_az, "options_az")})


def answers_of(participation) -> dict[str, tuple]:
    """question (English) → (text, choice, yes) of the participation's answers."""
    return {answer.question.text_en: (answer.text, answer.choice, answer.yes)
            for answer in RegistrationAnswer.objects.filter(participation=participation).select_related("question")}


def labels(event) -> list[str]:
    return list(event.questions.order_by("position").values_list("text_en", flat=True))


@pytest.fixture
def sector(event):
    """A choice in English and Vietnamese: what the company trades."""
    return ask(event, "choice", "What do you trade?", "Bạn kinh doanh gì?", options_en=SECTORS_EN,
               options_vi=SECTORS_VI)


@pytest.fixture
def halal(event):
    return ask(event, "yes_no", "Do you need halal meals?", required=True)


@pytest.fixture
def visa(event):
    return ask(event, "text", "Visa letter for whom?")


@pytest.fixture
def questions(sector, halal, visa):
    return [sector, halal, visa]


# Questions: adding ---------------------------------------------------------------------------------------------


def test_add_question_appends_in_order_trimmed(event, questions):
    assert labels(event) == ["What do you trade?", "Do you need halal meals?", "Visa letter for whom?"]
    assert list(event.questions.order_by("position").values_list("position", flat=True)) == [0, 1, 2]
    question = ask(event, "choice", "  Size?  ", options_en="\n Small \n\n Large \n")
    assert (question.text_en, question.options_en, question.position) == ("Size?", "Small\nLarge", 3)


def test_add_question_needs_a_language(event):
    with pytest.raises(EventError, match="^Write the question in at least one language.$"):
        ask(event, "text", "  ")
    assert event.questions.count() == 0


def test_add_question_refuses_an_unknown_kind(event):
    with pytest.raises(EventError, match="^Choose the kind of answer.$"):
        ask(event, "essay", "Tell us everything")


def test_add_choice_needs_two_options(event):
    with pytest.raises(EventError, match="^A choice question needs at least 2 options, one per line.$"):
        ask(event, "choice", "Size?", options_en="Large")


def test_add_choice_needs_options_in_each_language_written(event):
    with pytest.raises(EventError, match="^Write the options in Vietnamese too, one per line.$"):
        ask(event, "choice", "Size?", "Quy mô?", options_en="Small\nLarge")


def test_add_choice_refuses_options_without_their_question(event):
    with pytest.raises(EventError, match=r"^Write the question in Azerbaijani too, or leave its options in "
                                         r"Azerbaijani empty.$"):
        ask(event, "choice", "Size?", options_en="Small\nLarge", options_az="Kiçik\nBöyük")


def test_add_choice_needs_the_same_number_of_options_in_every_language(event):
    with pytest.raises(EventError) as error:
        ask(event, "choice", "What do you trade?", "Bạn kinh doanh gì?", options_en=SECTORS_EN,
            options_vi="Cà phê\nTrà")
    assert str(error.value) == ("Give the same options in every language, one per line, in the same order: now "
                                "English 3, Vietnamese 2.")


def test_add_choice_has_at_most_twenty_options(event):
    ask(event, "choice", "Twenty", options_en="\n".join(f"Option {n}" for n in range(20)))
    with pytest.raises(EventError, match="^A choice question has at most 20 options.$"):
        ask(event, "choice", "Twenty-one", options_en="\n".join(f"Option {n}" for n in range(21)))
    assert labels(event) == ["Twenty"]


def test_add_choice_refuses_an_option_twice(event):
    with pytest.raises(EventError, match="^Each option is given once: “Tea” is there twice in English.$"):
        ask(event, "choice", "Drink?", options_en="Tea\nCoffee\nTea")


def test_add_choice_refuses_a_long_option(event):
    with pytest.raises(EventError, match="^An option has at most 200 characters"):
        ask(event, "choice", "Drink?", options_en="Tea\n" + "x" * 201)


def test_add_text_question_keeps_no_options(event):
    question = ask(event, "yes_no", "Halal?", options_en="Yes\nNo")
    assert question.options_en == ""


def test_add_question_refuses_a_text_on_two_lines(event):
    with pytest.raises(EventError):
        ask(event, "text", "First line\nsecond line")
    assert event.questions.count() == 0


def test_add_question_has_a_limit_per_event(event, monkeypatch):
    monkeypatch.setattr(service, "MAX_QUESTIONS", 2)
    ask(event, "text", "One")
    ask(event, "text", "Two")
    with pytest.raises(EventError, match="^An event has at most 2 registration questions.$"):
        ask(event, "text", "Three")


# Questions: the reader's language ------------------------------------------------------------------------------


def test_question_is_read_in_the_readers_language_else_the_first_written(event, sector):
    only_vi = ask(event, "text", vi="Tên người đại diện?")
    assert question_text(sector, "vi") == "Bạn kinh doanh gì?"
    assert question_options(sector, "vi") == ["Cà phê", "Trà", "Gia vị"]
    assert question_text(sector, "az") == "What do you trade?"
    assert question_options(sector, "az") == ["Coffee", "Tea", "Spices"]
    assert question_text(only_vi, "en") == "Tên người đại diện?"
    assert question_options(only_vi, "en") == []


# Questions: changing -------------------------------------------------------------------------------------------


@pytest.fixture
def answered(coffee, questions):
    """Highland Coffee answered: Tea, yes, "Two people"."""
    service.save_answers(participation=coffee, answers={questions[0].pk: 1, questions[1].pk: True,
                                                        questions[2].pk: "Two people"})
    return coffee


def test_update_question_without_answers_may_change_everything(event, sector):
    change(sector, "text", "Anything else?", "", options_en="", options_vi="", required=True)
    sector.refresh_from_db()
    assert (sector.kind, sector.text_en, sector.text_vi, sector.options_en, sector.required) == (
        "text", "Anything else?", "", "", True)


def test_update_answered_question_cannot_change_kind(answered, sector):
    with pytest.raises(EventError, match="^Companies have answered this question already, so its kind of answer "
                                         "cannot change. Add a new question instead.$"):
        change(sector, "text", options_en="", options_vi="")
    sector.refresh_from_db()
    assert sector.kind == "choice"


def test_update_answered_choice_cannot_remove_an_option(answered, sector):
    with pytest.raises(EventError, match="^Companies have answered this question already, so its options cannot "
                                         "be removed: reword them, or add new ones at the end.$"):
        change(sector, options_en="Coffee\nTea", options_vi="Cà phê\nTrà")
    sector.refresh_from_db()
    assert sector.options_en == SECTORS_EN


def test_update_answered_choice_cannot_reorder_options(answered, sector):
    with pytest.raises(EventError, match="^Companies have answered this question already, so its options cannot "
                                         "change order: reword them in place, or add new ones at the end.$"):
        change(sector, options_en="Tea\nCoffee\nSpices", options_vi="Trà\nCà phê\nGia vị")
    sector.refresh_from_db()
    assert sector.options_en == SECTORS_EN


def test_update_answered_choice_may_reword_and_append(answered, sector):
    change(sector, en="What do you sell?", options_en="Coffee beans\nTea\nSpices\nRice",
           options_vi="Hạt cà phê\nTrà\nGia vị\nGạo", required=True)
    sector.refresh_from_db()
    assert (sector.text_en, sector.options_en, sector.required) == (
        "What do you sell?", "Coffee beans\nTea\nSpices\nRice", True)
    assert answers_of(answered)["What do you sell?"] == ("", 1, None)


def test_update_question_refuses_what_adding_refuses(sector):
    with pytest.raises(EventError, match="^Write the question in at least one language.$"):
        change(sector, en="", vi="", options_en="", options_vi="")


# Questions: deleting and moving --------------------------------------------------------------------------------


def test_delete_question_deletes_its_answers_and_closes_ranks(event, answered, questions):
    service.delete_question(question=questions[0])
    assert labels(event) == ["Do you need halal meals?", "Visa letter for whom?"]
    assert list(event.questions.order_by("position").values_list("position", flat=True)) == [0, 1]
    assert answers_of(answered) == {"Do you need halal meals?": ("", None, True),
                                    "Visa letter for whom?": ("Two people", None, None)}


def test_move_question_up_and_down(event, questions):
    service.move_question(question=questions[2], up=True)
    assert labels(event) == ["What do you trade?", "Visa letter for whom?", "Do you need halal meals?"]
    service.move_question(question=questions[0], up=False)
    assert labels(event) == ["Visa letter for whom?", "What do you trade?", "Do you need halal meals?"]


def test_move_question_at_either_end_changes_nothing(event, questions):
    service.move_question(question=questions[0], up=True)
    service.move_question(question=questions[2], up=False)
    assert labels(event) == ["What do you trade?", "Do you need halal meals?", "Visa letter for whom?"]


# Answers -------------------------------------------------------------------------------------------------------


def test_save_answers_records_each_kind(answered):
    assert answers_of(answered) == {"What do you trade?": ("", 1, None), "Do you need halal meals?": ("", None, True),
                                    "Visa letter for whom?": ("Two people", None, None)}


def test_save_answers_replaces_and_clears_earlier_answers(answered, questions):
    sector, halal, visa = questions
    service.save_answers(participation=answered, answers={sector.pk: 2, halal.pk: False, visa.pk: "  "})
    assert answers_of(answered) == {"What do you trade?": ("", 2, None), "Do you need halal meals?": ("", None, False)}


def test_save_answers_enforces_required_questions_and_writes_nothing(coffee, questions):
    sector, halal, visa = questions
    with pytest.raises(EventError) as error:
        service.save_answers(participation=coffee, answers={sector.pk: 0, visa.pk: "Two"})
    assert str(error.value) == "Answer the required question “Do you need halal meals?”."
    assert answers_of(coffee) == {}


def test_save_answers_names_the_required_questions_in_the_readers_language(event, coffee, sector):
    change(sector, required=True)
    halal = ask(event, "yes_no", "Halal?", required=True)
    with translation.override("vi"), pytest.raises(EventError) as error:
        service.save_answers(participation=coffee, answers={halal.pk: None})
    assert str(error.value) == "Vui lòng trả lời câu hỏi bắt buộc “Bạn kinh doanh gì?”, “Halal?”."


@pytest.mark.parametrize(("question", "value", "message"), [
    ("sector", 3, "Choose one of the options of “What do you trade?”."),
    ("sector", -1, "Choose one of the options of “What do you trade?”."),
    ("sector", True, "Choose one of the options of “What do you trade?”."),
    ("sector", "1", "Choose one of the options of “What do you trade?”."),
    ("halal", "yes", "Answer “Do you need halal meals?” with yes or no."),
    ("visa", "a" * 501, "The answer to “Visa letter for whom?” has at most 500 characters."),
    ("visa", "two\nlines", "Answer “Visa letter for whom?” on one line."),
    ("visa", 12, "Answer “Visa letter for whom?” on one line."),
])
def test_save_answers_refuses_an_answer_that_does_not_fit(coffee, questions, request, question, value, message):
    answers = {request.getfixturevalue("halal").pk: True} | {request.getfixturevalue(question).pk: value}
    with pytest.raises(EventError) as error:
        service.save_answers(participation=coffee, answers=answers)
    assert str(error.value) == message
    assert answers_of(coffee) == {}


def test_save_answers_ignores_questions_of_other_events(coffee, halal):
    elsewhere = ask(EventFactory(), "text", "Elsewhere?")
    service.save_answers(participation=coffee, answers={halal.pk: True, elsewhere.pk: "Ignored"})
    assert answers_of(coffee) == {"Do you need halal meals?": ("", None, True)}


def test_save_answers_unchanged_writes_nothing(answered, questions, django_assert_num_queries):
    sector, halal, visa = questions
    with django_assert_num_queries(6):  # savepoint, the locks (event, participation), questions, answers, release
        service.save_answers(participation=answered, answers={sector.pk: 1, halal.pk: True, visa.pk: "Two people"})


def test_change_answers_refused_once_registration_closed(event, answered, halal):
    event.registration_closes = timezone.now()
    event.save()
    with pytest.raises(EventError, match="^Registration for this event is closed, so the answers can no longer "
                                         "change.$"):
        service.change_answers(participation=answered, answers={halal.pk: False})
    assert answers_of(answered)["Do you need halal meals?"] == ("", None, True)


def test_register_with_answers_refused_leaves_nothing(event, halal, non_participant,
                                                      django_capture_on_commit_callbacks):
    company = Company.objects.get(name="Mekong Rice")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(EventError):
        service.register_with_answers(event=event, company=company, answers={})
    assert callbacks == []
    assert not Participation.objects.filter(company=company).exists()
    assert not Notification.objects.filter(kind="participation_pending").exists()


def test_register_with_answers_records_both(event, halal, non_participant):
    company = Company.objects.get(name="Mekong Rice")
    participation = service.register_with_answers(event=event, company=company, delegates=2,
                                                  answers={halal.pk: False})
    assert (participation.status, participation.delegates) == ("pending", 2)
    assert answers_of(participation) == {"Do you need halal meals?": ("", None, False)}


# Forms ---------------------------------------------------------------------------------------------------------


def question_data(**values) -> dict:
    return {"kind": "text", "text_en": "", "text_vi": "", "text_az": "", "options_en": "", "options_vi": "",
            "options_az": ""} | values


@pytest.mark.parametrize(("data", "errors"), [
    (question_data(), {"__all__": ["Write the question in at least one language."]}),
    (question_data(kind="essay", text_en="Why?"),
     {"kind": ["Select a valid choice. essay is not one of the available choices."]}),
    (question_data(text_en="Two\nlines"), {"text_en": [ONE_LINE]}),
    (question_data(text_en="x" * 301), {"text_en": ["Ensure this value has at most 300 characters (it has 301)."]}),
    (question_data(kind="choice", text_en="Size?", options_en="Large"),
     {"__all__": ["A choice question needs at least 2 options, one per line."]}),
    (question_data(kind="choice", text_en="Size?", text_vi="Quy mô?", options_en="S\nM\nL", options_vi="Nhỏ\nLớn"),
     {"__all__": ["Give the same options in every language, one per line, in the same order: now English 3, "
                  "Vietnamese 2."]}),
])
def test_question_form_refuses_bad_input(db, data, errors):
    form = QuestionForm(data)
    assert form.is_valid() is False
    assert form.errors == errors


def test_question_form_fills_in_from_the_question(sector):
    form = QuestionForm(instance=sector)
    assert (form["kind"].value(), form["text_vi"].value(), form["options_en"].value()) == (
        "choice", "Bạn kinh doanh gì?", SECTORS_EN)


@pytest.mark.parametrize(("values", "errors"), [
    ({}, {"question_{halal}": ["This field is required."]}),
    ({"question_{sector}": "7", "question_{halal}": "yes"},
     {"question_{sector}": ["Select a valid choice. 7 is not one of the available choices."]}),
    ({"question_{halal}": "maybe"},
     {"question_{halal}": ["Select a valid choice. maybe is not one of the available choices."]}),
    ({"question_{halal}": "no", "question_{visa}": "two\nlines"}, {"question_{visa}": [ONE_LINE]}),
])
def test_register_form_refuses_bad_answers(event, questions, values, errors):
    ids = {"sector": questions[0].pk, "halal": questions[1].pk, "visa": questions[2].pk}
    form = RegisterForm({"delegates": "1"} | {name.format(**ids): value for name, value in values.items()},
                        event=event, questions=event_questions(event, "en"))
    assert form.is_valid() is False
    assert form.errors == {name.format(**ids): messages for name, messages in errors.items()}


def test_answers_form_gives_typed_answers(event, questions):
    sector, halal, visa = questions
    form = AnswersForm({f"question_{sector.pk}": "2", f"question_{halal.pk}": "no", f"question_{visa.pk}": ""},
                       questions=event_questions(event, "vi"))
    assert form.is_valid() is True
    assert form.answers() == {sector.pk: 2, halal.pk: False, visa.pk: ""}
    assert [label for _value, label in form.fields[f"question_{sector.pk}"].choices] == ["Cà phê", "Trà", "Gia vị"]


# Registering with answers --------------------------------------------------------------------------------------


def register_data(questions, **answers) -> dict:
    sector, halal, visa = questions
    ids = {"sector": sector.pk, "halal": halal.pk, "visa": visa.pk}
    return {"delegates": "2"} | {f"question_{ids[name]}": value for name, value in answers.items()}


def test_event_page_shows_the_questions_in_the_registration_form(event, questions, as_role, non_participant):
    content = as_role("non_participant").get(event.get_absolute_url()).content.decode()
    assert f'name="question_{questions[0].pk}" value="1"' in content
    assert "Do you need halal meals?" in content


def test_register_with_answers_records_them(event, questions, as_role, non_participant):
    response = as_role("non_participant").post(url("register", event),
                                               register_data(questions, sector="0", halal="yes", visa="Me"))
    assert response.status_code == 302
    participation = Participation.objects.get(event=event, company__name="Mekong Rice")
    assert answers_of(participation) == {"What do you trade?": ("", 0, None),
                                         "Do you need halal meals?": ("", None, True),
                                         "Visa letter for whom?": ("Me", None, None)}


def test_register_without_a_required_answer_shows_the_form_again(event, questions, as_role, non_participant):
    response = as_role("non_participant").post(url("register", event), register_data(questions, sector="2"))
    assert response.status_code == 200
    assert response.templates[0].name == "events/questions/register.html"
    assert response.context["form"].errors == {f"question_{questions[1].pk}": ["This field is required."]}
    sector = questions[0].pk
    assert f'name="question_{sector}" value="2" id="id_question_{sector}_2" checked' in response.content.decode()
    assert not Participation.objects.filter(company__name="Mekong Rice").exists()
    assert RegistrationAnswer.objects.count() == 0


def test_register_when_a_required_question_appears_meanwhile_is_refused(event, halal, as_role, non_participant,
                                                                         monkeypatch):
    # The form was drawn before the organizer added the question: the service still holds the rule.
    monkeypatch.setattr("events.views.participant.event_questions", lambda event, language: [])
    response = as_role("non_participant").post(url("register", event), {"delegates": "1"})
    assert response.status_code == 302
    assert shown(response) == ["Answer the required question “Do you need halal meals?”."]
    assert not Participation.objects.filter(company__name="Mekong Rice").exists()


# The company's answers -----------------------------------------------------------------------------------------


def test_participation_page_shows_the_answers(event, answered, questions, as_role, participant):
    with translation.override("vi"):
        response = as_role("participant").get(url("participation", event), HTTP_ACCEPT_LANGUAGE="vi")
    assert [(question.text_en, answer) for question, answer in response.context["answers"]] == [
        ("What do you trade?", "Trà"), ("Do you need halal meals?", "Có"), ("Visa letter for whom?", "Two people")]


def test_company_changes_its_answers(event, answered, questions, as_role, participant):
    client = as_role("participant")
    page = client.get(url("answers", event))
    assert page.status_code == 200
    assert page.context["form"][f"question_{questions[0].pk}"].value() == 1

    response = client.post(url("answers", event), register_data(questions, sector="2", halal="no"))
    assert response.status_code == 302
    assert answers_of(answered) == {"What do you trade?": ("", 2, None), "Do you need halal meals?": ("", None, False)}


def test_company_cannot_change_its_answers_once_registration_closed(event, answered, questions, as_role,
                                                                    participant):
    event.registration_closes = timezone.now()
    event.save()
    response = as_role("participant").post(url("answers", event), register_data(questions, sector="2", halal="no"))
    assert response.status_code == 200
    assert answers_of(answered)["What do you trade?"] == ("", 1, None)


def test_answers_page_without_questions_leads_back(event, as_role, participant):
    response = as_role("participant").get(url("answers", event))
    assert response.status_code == 302
    assert response["Location"] == url("participation", event)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("participant", 200), ("other_participant", 200),
                                              ("non_participant", 403), ("organizer", 403)])
def test_answers_page_access(all_roles, event, halal, as_role, role, status):
    assert as_role(role).get(url("answers", event)).status_code == status


# The organizer's Questions page --------------------------------------------------------------------------------


def add_data(**values) -> dict:
    return question_data(**values)


def test_questions_page_lists_them_with_answer_counts(event, answered, questions, as_role):
    response = as_role("organizer").get(url("questions", event))
    assert [(q.label, q.answer_count) for q in response.context["questions"]] == [
        ("What do you trade?", 1), ("Do you need halal meals?", 1), ("Visa letter for whom?", 1)]
    assert response.context["form"] is not None


def test_questions_page_for_a_viewer_has_no_write_controls(all_roles, event, questions, as_role):
    response = as_role("viewer").get(url("questions", event))
    content = response.content.decode()
    assert response.context["form"] is None
    assert url("edit_question", event, questions[0].pk) not in content
    assert url("move_question", event, questions[0].pk) not in content


def test_questions_page_adds_a_question(event, as_role):
    response = as_role("organizer").post(url("questions", event), add_data(
        kind="choice", text_en="Size?", options_en="Small\nLarge", required="on"))
    assert response.status_code == 302
    assert shown(response) == ["The question was added to the registration form."]
    question = event.questions.get()
    assert (question.kind, question.text_en, question.options_en, question.required) == (
        "choice", "Size?", "Small\nLarge", True)


def test_questions_page_shows_a_refusal_and_adds_nothing(event, as_role):
    response = as_role("organizer").post(url("questions", event), add_data(kind="choice", text_en="Size?",
                                                                           options_en="Large"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A choice question needs at least 2 options, one per line."]
    assert event.questions.count() == 0


def test_edit_question_page_saves(event, sector, as_role):
    response = as_role("organizer").post(url("edit_question", event, sector.pk), add_data(
        kind="choice", text_en="What do you sell?", text_vi="Bạn bán gì?", options_en=SECTORS_EN,
        options_vi=SECTORS_VI))
    assert response.status_code == 302
    sector.refresh_from_db()
    assert (sector.text_en, sector.text_vi) == ("What do you sell?", "Bạn bán gì?")


def test_edit_answered_question_page_says_why_it_refuses(event, answered, sector, as_role):
    response = as_role("organizer").post(url("edit_question", event, sector.pk), add_data(
        kind="yes_no", text_en="Coffee?"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Companies have answered this question already, so its kind of answer cannot change. Add a new question "
        "instead."]


def test_delete_question_asks_then_deletes(event, answered, sector, as_role):
    client = as_role("organizer")
    page = client.get(url("delete_question", event, sector.pk))
    assert page.status_code == 200
    assert page.context["consequence"] == "1 company answered it: its answer is deleted with the question."
    response = client.post(url("delete_question", event, sector.pk))
    assert response.status_code == 302
    assert labels(event) == ["Do you need halal meals?", "Visa letter for whom?"]


def test_move_question_page(event, questions, as_role):
    response = as_role("organizer").post(url("move_question", event, questions[1].pk), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"] == f"{url('questions', event)}#question-{questions[1].pk}"
    assert labels(event) == ["Do you need halal meals?", "What do you trade?", "Visa letter for whom?"]


def test_move_question_with_a_forged_direction_is_400(event, questions, as_role):
    assert as_role("organizer").post(url("move_question", event, questions[1].pk),
                                     {"direction": "sideways"}).status_code == 400


def test_question_of_another_event_is_404(event, as_role):
    elsewhere = ask(EventFactory(), "text", "Elsewhere?")
    client = as_role("organizer")
    assert client.get(url("edit_question", event, elsewhere.pk)).status_code == 404
    assert client.post(url("delete_question", event, elsewhere.pk)).status_code == 404
    assert client.post(url("move_question", event, elsewhere.pk), {"direction": "up"}).status_code == 404


# Permissions ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), PAGE_ACCESS)
def test_questions_page_access(all_roles, event, as_role, role, status):
    assert as_role(role).get(url("questions", event)).status_code == status


@pytest.mark.parametrize(("role", "status"), WRITE_ACCESS)
def test_add_question_access(all_roles, event, as_role, role, status):
    response = as_role(role).post(url("questions", event), add_data(text_en="Why?"))
    assert response.status_code == status
    assert event.questions.count() == (1 if status == 302 and role != "anonymous" else 0)


@pytest.mark.parametrize(("role", "status"), EDIT_PAGE_ACCESS)
@pytest.mark.parametrize("name", ["edit_question", "delete_question"])
def test_question_pages_access(all_roles, event, sector, as_role, role, status, name):
    assert as_role(role).get(url(name, event, sector.pk)).status_code == status


@pytest.mark.parametrize(("role", "status"), WRITE_ACCESS)
@pytest.mark.parametrize(("name", "data"), [
    ("edit_question", add_data(text_en="Why?")), ("delete_question", {}), ("move_question", {"direction": "down"}),
])
def test_question_writes_access(all_roles, event, sector, halal, as_role, role, status, name, data):
    before = list(event.questions.order_by("position").values_list("pk", "text_en"))
    response = as_role(role).post(url(name, event, sector.pk), data)
    assert response.status_code == status
    changed = list(event.questions.order_by("position").values_list("pk", "text_en")) != before
    assert changed is (status == 302 and role != "anonymous")


# The dashboard -------------------------------------------------------------------------------------------------


@pytest.fixture
def traders(event, coffee, distributor, questions):
    """Three registrations awaiting approval, each with its answers: Ana (Coffee, halal), Bao (Tea, no halal),
    Cem (Coffee, no halal)."""
    sector, halal, visa = questions
    people = {}
    for name, choice, yes in [("Ana Trade", 0, True), ("Bao Trade", 1, False), ("Cem Trade", 0, False)]:
        people[name] = join(event, name, status="pending")
        service.save_answers(participation=people[name], answers={sector.pk: choice, halal.pk: yes})
    return people


def dashboard_names(response) -> list[str]:
    return sorted(p.company.name for p in response.context["participations"])


def test_dashboard_shows_each_registrations_answers(event, traders, questions, as_role):
    response = as_role("organizer").get(url("dashboard", event))
    rows = {p.company.name: [(q.label, answer) for q, answer in p.answer_list]
            for p in response.context["participations"]}
    assert rows == {"Ana Trade": [("What do you trade?", "Coffee"), ("Do you need halal meals?", "Yes")],
                    "Bao Trade": [("What do you trade?", "Tea"), ("Do you need halal meals?", "No")],
                    "Cem Trade": [("What do you trade?", "Coffee"), ("Do you need halal meals?", "No")],
                    "Caspian Foods": [], "Highland Coffee": []}
    assert url("questions", event) in response.content.decode()


def test_dashboard_filters_by_answers(event, traders, questions, as_role):
    sector, halal, _visa = questions
    client = as_role("organizer")
    assert dashboard_names(client.get(url("dashboard", event), {f"answer_{sector.pk}": "0"})) == [
        "Ana Trade", "Cem Trade"]
    assert dashboard_names(client.get(url("dashboard", event), {f"answer_{sector.pk}": "0",
                                                                f"answer_{halal.pk}": "no"})) == ["Cem Trade"]
    assert dashboard_names(client.get(url("dashboard", event), {f"answer_{halal.pk}": "no", "q": "bao"})) == [
        "Bao Trade"]
    assert dashboard_names(client.get(url("dashboard", event), {f"answer_{halal.pk}": "no",
                                                                "status": "approved"})) == []


def test_dashboard_offers_no_filter_for_a_text_question(event, questions, as_role):
    sector, halal, visa = questions
    fields = as_role("organizer").get(url("dashboard", event)).context["search"].fields
    assert [name for name in fields if name.startswith("answer_")] == [f"answer_{sector.pk}", f"answer_{halal.pk}"]


def test_dashboard_ignores_a_bad_answer_filter(event, traders, questions, as_role):
    response = as_role("organizer").get(url("dashboard", event), {f"answer_{questions[0].pk}": "9"})
    assert len(response.context["participations"]) == 5


def test_dashboard_bulk_form_carries_the_answer_filters(event, traders, questions, as_role):
    content = as_role("organizer").get(url("dashboard", event), {f"answer_{questions[1].pk}": "no"}).content.decode()
    assert f'<input type="hidden" name="answer_{questions[1].pk}" value="no">' in content


def test_bulk_approve_all_matching_an_answer(event, traders, questions, as_role):
    response = as_role("organizer").post(url("bulk_action", event), {
        "action": "approve", "all_matching": "1", "q": "", "status": "pending", f"answer_{questions[1].pk}": "no"})
    assert response.status_code == 302
    assert shown(response) == ["2 approved."]
    assert dict(event.participations.filter(company__name__endswith="Trade").values_list("company__name", "status")) \
        == {"Ana Trade": "pending", "Bao Trade": "approved", "Cem Trade": "approved"}


def test_bulk_with_an_answer_filter_that_cannot_be_read_changes_nothing(event, traders, questions, as_role):
    response = as_role("organizer").post(url("bulk_action", event), {
        "action": "approve", "all_matching": "1", "q": "", "status": "", f"answer_{questions[0].pk}": "9"})
    assert response.status_code == 302
    assert shown(response) == ["The search could not be read. Nothing was changed."]
    assert event.participations.filter(status="pending").count() == 3

# The export ----------------------------------------------------------------------------------------------------


def test_export_has_a_column_per_question_in_the_readers_language(event, traders, questions, as_role):
    client = as_role("organizer")
    with translation.override("vi"):
        rows = read_csv(client.get(url("export_participants", event), HTTP_ACCEPT_LANGUAGE="vi"))
    assert rows[0][-3:] == ["Bạn kinh doanh gì?", "Do you need halal meals?", "Visa letter for whom?"]
    by_company = {row[0]: row[-3:] for row in rows[1:]}
    assert by_company == {"Ana Trade": ["Cà phê", "Có", ""], "Bao Trade": ["Trà", "Không", ""],
                          "Cem Trade": ["Cà phê", "Không", ""], "Caspian Foods": ["", "", ""],
                          "Highland Coffee": ["", "", ""]}


def test_export_quotes_questions_and_answers_a_spreadsheet_would_run(event, coffee, distributor, as_role):
    question = ask(event, "text", "=SUM(A1:A9)")
    service.save_answers(participation=coffee, answers={question.pk: '=HYPERLINK("http://evil.example")'})
    rows = read_csv(as_role("organizer").get(url("export_participants", event)))
    assert rows[0][-1] == "'=SUM(A1:A9)"
    assert {row[0]: row[-1] for row in rows[1:]} == {"Highland Coffee": '\'=HYPERLINK("http://evil.example")',
                                                     "Caspian Foods": ""}


# Duplicating the event -----------------------------------------------------------------------------------------


def test_duplicate_copies_the_questions_not_the_answers(event, answered, questions):
    copy = duplicate_event(source=event, title="Baku forum 2027", start_date=event.start_date.replace(
        year=event.start_date.year + 1))
    copied = list(copy.questions.order_by("position").values_list(
        "kind", "required", "position", "text_en", "text_vi", "options_en", "options_vi"))
    assert copied == [("choice", False, 0, "What do you trade?", "Bạn kinh doanh gì?", SECTORS_EN, SECTORS_VI),
                      ("yes_no", True, 1, "Do you need halal meals?", "", "", ""),
                      ("text", False, 2, "Visa letter for whom?", "", "", "")]
    assert RegistrationAnswer.objects.filter(question__event=copy).count() == 0
    assert RegistrationQuestion.objects.filter(event=event).count() == 3


# Query counts --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_questions_page_queries_do_not_grow(all_roles, event, as_role, django_assert_num_queries, count):
    for n in range(count):
        ask(event, "choice", f"Question {n}", options_en="Yes\nNo\nMaybe")
    client = as_role("organizer")
    with django_assert_num_queries(9):  # the organizer page's usual 8, then the questions with their counts
        response = client.get(url("questions", event))
    assert len(response.context["questions"]) == count


@pytest.mark.parametrize("extra", [0, 11])
def test_dashboard_with_answers_queries_do_not_grow(all_roles, event, questions, as_role, django_assert_num_queries,
                                                    extra):
    sector, halal, visa = questions
    for n in range(1 + extra):
        trader = join(event, f"Hanoi Trader {n}")  # approved
        service.save_answers(participation=trader, answers={sector.pk: n % 3, halal.pk: bool(n % 2), visa.pk: "Me"})
    client = as_role("organizer")
    # The dashboard's budget (tests/events/test_organizer_views.py, questions included), and the answers of every
    # row at once.
    with django_assert_num_queries(12 + 1):
        response = client.get(url("dashboard", event), {"status": "approved"})
    assert len(response.context["participations"]) == 2 + 1 + extra  # Highland Coffee and Caspian Foods too




# Races (PostgreSQL) --------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrent connections")
@pytest.mark.parametrize("run", range(5))
def test_changing_a_question_while_companies_answer_it_keeps_answers_true(run):
    """The organizer turns a choice into a short text while companies answer it: either the change comes first
    (their choices are refused) or an answer does (the change is refused); never a text question with choices."""
    from tests.events.test_concurrency import refused_or, run_together

    event = EventFactory()
    question = ask(event, "choice", "Size?", options_en="Small\nLarge")
    companies = [join(event, f"Racer {run}-{n}") for n in range(6)]
    jobs = [refused_or(lambda: change(question, "text", options_en=""))]
    jobs += [refused_or(lambda p=p: service.save_answers(participation=p, answers={question.pk: 1}))
             for p in companies]

    outcomes, errors = run_together(*jobs)

    assert errors == []
    question.refresh_from_db()
    answers = RegistrationAnswer.objects.filter(question=question)
    if question.kind == "text":
        assert answers.count() == 0
        assert set(outcomes[1:]) == {"refused: Answer “Size?” on one line."}
    else:
        assert outcomes[0].startswith("refused: Companies have answered this question already")
        assert answers.filter(choice=1).count() >= 1
