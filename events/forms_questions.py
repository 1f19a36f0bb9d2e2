"""Forms of the registration questions (issue 17, item 4): the organizer's question form, the fields a company
answers them with (on the registration form and its participation page), and the dashboard's filter by answer.

The question objects handed to the answer and filter fields are localized (events.selectors_questions.localize):
their `label` and `choices` are in the reader's language."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.validators import validate_single_line
from events.errors import EventError
from events.models import QuestionKind, RegistrationQuestion
from events.selectors_questions import LANGUAGES, NO, YES, filterable
from events.services.announcements import LANGUAGE_NAMES
from events.services.questions import MAX_ANSWER_LENGTH, MAX_OPTIONS, clean_question

TEXT_FIELDS = [f"{part}_{code}" for code in LANGUAGES for part in ("text", "options")]
# A company's answer to question 12 is the field "question_12"; the dashboard filters by it with "answer_12".
ANSWER_PREFIX = "question_"
FILTER_PREFIX = "answer_"


class QuestionForm(forms.Form):
    """A question: its kind, whether it must be answered, and its text (and a choice's options) in one or more
    languages. `instance`: the question edited, whose values fill the form."""

    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices, initial=QuestionKind.TEXT,
                             widget=forms.RadioSelect)
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args, instance: RegistrationQuestion | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", forms.model_to_dict(instance, fields=["kind", "required", *TEXT_FIELDS]))
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(RegistrationQuestion, fields=TEXT_FIELDS))
        for code in LANGUAGES:
            self.fields[f"text_{code}"].validators.append(validate_single_line)
            options = self.fields[f"options_{code}"]
            options.widget.attrs["rows"] = 4
            options.help_text = _("For a choice question: one option per line, at most %(count)d, in the same "
                                  "order in every language.") % {"count": MAX_OPTIONS}

    def language_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(language name, question field, options field) per language, for the template's fieldsets."""
        return [(LANGUAGE_NAMES[code], self[f"text_{code}"], self[f"options_{code}"]) for code in LANGUAGES]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                clean_question(kind=cleaned["kind"], texts=self.texts(), options=self.options())
            except EventError as error:
                raise forms.ValidationError(str(error)) from None
        return cleaned

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"text_{code}", "") for code in LANGUAGES}

    def options(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"options_{code}", "") for code in LANGUAGES}


# A company's answers ------------------------------------------------------------------------------------------


def _yes_no(value: str) -> bool:
    return value == YES


def answer_field(question: RegistrationQuestion) -> forms.Field:
    """The field a company answers a (localized) question with: a line of text, or radio buttons."""
    if question.kind == QuestionKind.CHOICE:
        return forms.TypedChoiceField(label=question.label, required=question.required, coerce=int, empty_value=None,
                                      choices=list(enumerate(question.choices)), widget=forms.RadioSelect)
    if question.kind == QuestionKind.YES_NO:
        return forms.TypedChoiceField(label=question.label, required=question.required, coerce=_yes_no,
                                      empty_value=None, choices=[(YES, _("Yes")), (NO, _("No"))],
                                      widget=forms.RadioSelect)
    return forms.CharField(label=question.label, required=question.required, max_length=MAX_ANSWER_LENGTH,
                           validators=[validate_single_line])


def add_answer_fields(form: forms.Form, questions) -> None:
    """One field per question on `form` (the registration form, the answers form), in the questions' order."""
    form.questions = list(questions)
    for question in form.questions:
        form.fields[f"{ANSWER_PREFIX}{question.pk}"] = answer_field(question)


def answer_bound_fields(form: forms.Form) -> list[forms.BoundField]:
    """The answer fields of `form`, for a template that draws them apart from the form's other fields."""
    return [form[f"{ANSWER_PREFIX}{question.pk}"] for question in getattr(form, "questions", [])]


def answers_from(form: forms.Form) -> dict[int, object]:
    """question id → the answer (text, option's index, True / False, or None) of a valid form with answer
    fields, for services.questions.save_answers."""
    return {question.pk: form.cleaned_data.get(f"{ANSWER_PREFIX}{question.pk}")
            for question in getattr(form, "questions", [])}


def answer_initial(answers_by_question) -> dict[str, object]:
    """The form's initial values from a participation's answers (question id → answer)."""
    initial = {}
    for question_id, answer in answers_by_question.items():
        if answer.choice is not None:
            value = answer.choice
        elif answer.yes is not None:
            value = YES if answer.yes else NO
        else:
            value = answer.text
        initial[f"{ANSWER_PREFIX}{question_id}"] = value
    return initial


class AnswersForm(forms.Form):
    """A registered company's answers to the event's questions (its participation page)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        add_answer_fields(self, questions)

    def answers(self) -> dict[int, object]:
        return answers_from(self)


# The dashboard's filter by answer -----------------------------------------------------------------------------


def add_answer_filters(form: forms.Form, questions) -> None:
    """A select per choice and yes/no question on the dashboard's search form ("any answer" by default), or a
    hidden field on the bulk form, which carries the search to "all matching"."""
    form.filter_questions = filterable(questions)
    for question in form.filter_questions:
        if question.kind == QuestionKind.CHOICE:
            choices = [(str(index), option) for index, option in enumerate(question.choices)]
        else:
            choices = [(YES, _("Yes")), (NO, _("No"))]
        form.fields[f"{FILTER_PREFIX}{question.pk}"] = forms.ChoiceField(
            label=question.label, required=False, choices=[("", pgettext_lazy("filter", "Any answer")), *choices])


def answer_filters(form: forms.Form) -> dict[int, str]:
    """question id → the answer filtered by, for the filters set on a valid form (selectors_questions
    .with_answers)."""
    return {question.pk: form.cleaned_data[f"{FILTER_PREFIX}{question.pk}"]
            for question in getattr(form, "filter_questions", [])
            if form.cleaned_data.get(f"{FILTER_PREFIX}{question.pk}")}


def answer_filter_fields(form: forms.Form) -> list[forms.BoundField]:
    return [form[f"{FILTER_PREFIX}{question.pk}"] for question in getattr(form, "filter_questions", [])]
