"""Forms of the trade fair pages: the list's filters, "we will be there", a meeting proposal."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.filters import FilterForm
from companies.i18n_names import country_choices
from companies.models import Sector
from market.models import Fair, FairAttendance, FairMeetingProposal


class FairFilter(django_filters.FilterSet):
    """Query parameters are part of the public URL: keep their names stable."""

    sector = django_filters.ModelChoiceFilter(
        field_name="sectors", to_field_name="slug", queryset=Sector.objects.all(), label=_("Sector"),
        empty_label=pgettext_lazy("filter", "Any sector"),
    )
    country = django_filters.ChoiceFilter(choices=country_choices, label=_("Country"),
                                          empty_label=pgettext_lazy("filter", "Any country"))

    class Meta:
        model = Fair
        fields = ["sector", "country"]
        form = FilterForm


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = FairAttendance
        fields = ["seeks"]
        widgets = {"seeks": forms.TextInput(attrs={"maxlength": 300})}

    def clean_seeks(self) -> str:
        return " ".join(self.cleaned_data["seeks"].split())


class ProposalForm(forms.ModelForm):
    class Meta:
        model = FairMeetingProposal
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 1000})}
        help_texts = {"message": _("Say who you are, what you would like to talk about and when you are at the "
                                   "fair. Your contact details are sent with it, to this company only.")}

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write a short message."), code="required")
        return message
