from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.filters import FilterForm
from companies.i18n_names import sort_key


class SupplyFilterForm(FilterForm):
    """The supply and demand page's filters (GET): a sector by slug, an HS chapter by code. The choices are the
    sectors and chapters the view has loaded anyway (it names the table's rows with them), so the form costs no
    query of its own. An unknown value is reported next to its field and that filter left out."""

    sector = forms.ChoiceField(label=_("Sector"), required=False)
    chapter = forms.TypedChoiceField(label=_("Product category (HS chapter)"), required=False, coerce=int,
                                     empty_value=None)

    def __init__(self, data, *, sectors, chapters):
        super().__init__(data)
        self.fields["sector"].choices = [("", pgettext_lazy("filter", "Any sector"))] + sorted(
            ((sector.slug, sector.name) for sector in sectors), key=lambda pair: sort_key(pair[1]))
        self.fields["chapter"].choices = [("", pgettext_lazy("filter", "Any category"))] + [
            (chapter.code, str(chapter)) for chapter in chapters]

    def filter_value(self, name):
        """The field's valid value, or None when it is empty or invalid."""
        if not self.is_bound:
            return None
        self.is_valid()  # cleaned_data keeps the valid fields of an invalid form
        return self.cleaned_data.get(name) or None
