"""The two forms a side answers after a meeting: how it went (feedback), and later what came of it (outcome).

Each form says what is missing or out of place next to the field; the database's check constraints on
MeetingFeedback and MeetingOutcome are the guarantee behind these checks.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import AgreementKind, MeetingFeedback, MeetingOutcome, OutcomeResult, Usefulness

YES, NO = "yes", "no"


class FeedbackForm(forms.Form):
    took_place = forms.TypedChoiceField(
        label=_("Did the meeting take place?"), widget=forms.RadioSelect, coerce=lambda value: value == YES,
        choices=[(YES, pgettext_lazy("answer", "Yes")), (NO, pgettext_lazy("answer", "No"))],
    )
    usefulness = forms.ChoiceField(
        label=_("How useful was it?"), widget=forms.RadioSelect, choices=Usefulness.choices, required=False,
        help_text=_("Only if the meeting took place."),
    )
    note = forms.CharField(
        label=_("Private note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only your company and the organizers see it. At most 1,000 characters."),
    )

    def __init__(self, *args, instance: MeetingFeedback | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"took_place": YES if instance.took_place else NO,
                                          "usefulness": instance.usefulness, "note": instance.note})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        took_place, usefulness = data.get("took_place"), data.get("usefulness")
        if "usefulness" in self.errors:  # an unknown choice has its own message
            pass
        elif took_place is True and not usefulness:
            self.add_error("usefulness", _("Say how useful the meeting was."))
        elif took_place is False and usefulness:
            self.add_error("usefulness", _("Leave this empty: a meeting that did not take place is not rated."))
        return data


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(label=_("What came of the meeting?"), widget=forms.RadioSelect,
                               choices=OutcomeResult.choices)
    agreement_kind = forms.ChoiceField(
        label=_("Kind of agreement"), required=False, choices=[("", "—"), *AgreementKind.choices],
        help_text=_("Only for a signed agreement."),
    )
    value_usd = forms.DecimalField(
        label=_("Value in US dollars"), required=False, min_value=0, max_digits=14, decimal_places=2,
        help_text=_("Optional, only for a signed agreement. Only the organizers see it, and only in totals."),
    )

    def __init__(self, *args, instance: MeetingOutcome | None = None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", {"result": instance.result, "agreement_kind": instance.agreement_kind,
                                          "value_usd": instance.value_usd})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        result = data.get("result")
        if result == OutcomeResult.AGREEMENT and not data.get("agreement_kind") and "agreement_kind" not in self.errors:
            self.add_error("agreement_kind", _("Choose the kind of agreement."))
        elif result and result != OutcomeResult.AGREEMENT:
            if data.get("agreement_kind"):
                self.add_error("agreement_kind", _("Leave this empty unless an agreement was signed."))
            if data.get("value_usd") is not None:
                self.add_error("value_usd", _("Leave this empty unless an agreement was signed."))
        return data
