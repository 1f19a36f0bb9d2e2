from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from matchmaking.models import PreferenceKind

CLEAR = "clear"


class PreferenceForm(forms.Form):
    """The buttons on a suggestion: mark "must meet", "not interested", or undo the mark."""

    kind = forms.ChoiceField(choices=[*PreferenceKind.choices, (CLEAR, pgettext_lazy("match preference", "Undo"))])
    next = forms.CharField(required=False, max_length=500)


class IntroductionForm(forms.Form):
    """The organizer's "introduce" button: the two participations, by id."""

    first = forms.IntegerField(min_value=1, label=_("First participant"))
    second = forms.IntegerField(min_value=1, label=_("Second participant"))

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("first") == data.get("second"):
            raise forms.ValidationError(_("Choose two different participants."))
        return data
