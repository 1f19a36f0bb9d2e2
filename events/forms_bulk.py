"""The organizer dashboard's search of the registrations and its bulk actions (issue 17): approve, decline or
write to a selection of participants, or to every registration matching the search."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.forms_questions import add_answer_filters, answer_filter_fields, answer_filters
from events.models import ParticipationStatus


class RegistrationSearchForm(forms.Form):
    """The dashboard's search (GET): a text matched as in the directory, and a status. Bad values are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Company name, city…")}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", pgettext_lazy("filter", "Any status")), *ParticipationStatus.choices])

    def __init__(self, *args, questions=(), **kwargs):
        """`questions`: the event's registration questions, localized; a choice or yes/no question adds a filter
        by its answer (events.forms_questions)."""
        super().__init__(*args, **kwargs)
        add_answer_filters(self, questions)

    def filters(self) -> dict:
        """{"query", "status", "answers"} for selectors.search_registrations; empty for what is missing or
        invalid."""
        if not self.is_bound or not self.is_valid():
            return {"query": "", "status": "", "answers": {}}
        return {"query": self.cleaned_data["q"], "status": self.cleaned_data["status"],
                "answers": answer_filters(self)}

    def answer_fields(self):
        return answer_filter_fields(self)


class BulkActionForm(forms.Form):
    """What the dashboard's bulk form posts: the action, and either the ticked registrations or "all matching"
    with the search they match (q, status, and the answers filtered by: `answer_filters`)."""

    APPROVE, DECLINE, MESSAGE = "approve", "decline", "message"

    action = forms.ChoiceField(label=_("Action"), choices=[
        (APPROVE, _("Approve")), (DECLINE, _("Decline")), (MESSAGE, _("Write to the selected companies")),
    ])
    participations = forms.TypedMultipleChoiceField(required=False, coerce=int)
    all_matching = forms.BooleanField(required=False)
    q = forms.CharField(required=False, max_length=200)
    status = forms.ChoiceField(required=False, choices=[("", ""), *ParticipationStatus.choices])

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        add_answer_filters(self, questions)  # the search's filters by answer, for "all matching"
        # Any whole number is accepted here: the view keeps only the ids of the event's own registrations, so an
        # id of another event or of nothing is ignored rather than telling what exists.
        self.fields["participations"].validators = []
        self.fields["participations"].valid_value = lambda value: str(value).isdigit() and len(str(value)) < 12

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("all_matching") or cleaned.get("participations")
        if not chosen and "participations" not in self.errors:
            raise forms.ValidationError(_("Tick at least one registration, or choose all that match the search."))
        return cleaned
