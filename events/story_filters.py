"""The public stories page's filters. Query parameters are part of the public URL: keep their names stable."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.filters import YES_NO
from companies.i18n_names import country_choices
from companies.models import Sector
from events.models import SuccessStory


class StoryFilter(django_filters.FilterSet):
    sector = django_filters.ModelChoiceFilter(
        field_name="sectors", to_field_name="slug", queryset=Sector.objects.all(), label=_("Sector"),
        empty_label=pgettext_lazy("filter", "Any sector"),
    )
    # A story is about two companies: it is "from" both their countries.
    country = django_filters.ChoiceFilter(
        method="involving_country", choices=country_choices, label=_("Country of either company"),
        empty_label=pgettext_lazy("filter", "Any country"),
    )
    women_led = django_filters.BooleanFilter(
        label=_("Women-led"),
        widget=forms.Select(choices=[("", pgettext_lazy("filter", "Any")), *YES_NO]),
    )

    class Meta:
        model = SuccessStory
        fields = ["sector", "country", "women_led"]

    def involving_country(self, queryset, name, value):
        return queryset.filter(Q(author__country=value) | Q(partner__country=value))
