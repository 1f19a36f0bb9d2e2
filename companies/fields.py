"""Form fields for long lists people pick from: languages by their name in the reader's language (the codes
they are stored under mean nothing to a reader), countries with the corridor's two first."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from companies.i18n_names import CORRIDOR, country_choices, sort_key


class ByLabel(ModelChoiceIterator):
    """The choices sorted by their label in the active language."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted((self.choice(item) for item in self.queryset), key=lambda choice: sort_key(choice[1]))


class LanguageChoiceField(forms.ModelChoiceField):
    iterator = ByLabel


class LanguageMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ByLabel


def grouped_country_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The corridor's countries in a group of their own, then every other country, for a list of checkboxes."""
    choices = country_choices()
    return [
        (_("Vietnam and Azerbaijan"), [pair for pair in choices if pair[0] in CORRIDOR]),
        (_("Other countries"), [pair for pair in choices if pair[0] not in CORRIDOR]),
    ]


class CountryCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes instead of a Ctrl-click list; the long "other countries" group scrolls in its own box."""

    def __init__(self, attrs=None):
        super().__init__({"class": "country-checkboxes", **(attrs or {})})
