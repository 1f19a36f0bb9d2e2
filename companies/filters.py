import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from companies.fields import LanguageChoiceField
from companies.hs_chapters import RESERVED
from companies.i18n_names import country_choices
from companies.models import Company, HSChapter, Language, Listing, Role, Sector
from companies.search import search as text_search

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class LanguageFilter(django_filters.ModelChoiceFilter):
    """A language picked by its name, sorted by name in the reader's language."""

    field_class = LanguageChoiceField


class CompanyFilter(django_filters.FilterSet):
    """The directory's filters. Query parameters are part of the public URL: keep their names stable."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, product, city…")}),
    )
    sector = django_filters.ModelMultipleChoiceFilter(
        field_name="sectors__slug",
        to_field_name="slug",
        queryset=Sector.objects.all(),
        label=_("Sector"),
        widget=forms.CheckboxSelectMultiple,
    )
    role = django_filters.ModelMultipleChoiceFilter(
        field_name="roles__slug",
        to_field_name="slug",
        queryset=Role.objects.all(),
        label=_("Role in trade"),
        widget=forms.CheckboxSelectMultiple,
    )
    country = django_filters.ChoiceFilter(
        choices=country_choices, label=_("Country"), empty_label=pgettext_lazy("filter", "Any country")
    )
    city = django_filters.CharFilter(lookup_expr="icontains", label=_("City"))
    size = django_filters.ChoiceFilter(
        choices=Company.Size.choices, label=_("Size"), empty_label=pgettext_lazy("filter", "Any size")
    )
    language = LanguageFilter(
        field_name="languages",
        queryset=Language.objects.all(),
        label=_("Language spoken"),
        empty_label=pgettext_lazy("filter", "Any language"),
    )
    women_led = django_filters.BooleanFilter(
        label=_("Women-led"),
        widget=forms.Select(choices=[("", pgettext_lazy("filter", "Any")), *YES_NO]),
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("created_at", "newest"), ("founded", "founded")),
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("-newest", _("Newest on TradeBridge")),
            ("founded", _("Oldest founded")),
            ("-founded", _("Most recently founded")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Company
        fields = ["q", "sector", "role", "country", "city", "size", "language", "women_led"]

    def search(self, queryset, name, value):
        # Case-, accent- and spelling-blind, most relevant first (companies.search, docs/search.md).
        return text_search(queryset, value)


class ListingFilter(django_filters.FilterSet):
    """The marketplace's filters. Query parameters are part of the public URL: keep their names stable."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Product, company…")}),
    )
    kind = django_filters.ChoiceFilter(
        choices=Listing.Kind.choices, label=pgettext_lazy("marketplace entry", "Kind"),
        empty_label=pgettext_lazy("filter", "Offers and requests"),
    )
    sector = django_filters.ModelChoiceFilter(
        field_name="sector", to_field_name="slug", queryset=Sector.objects.all(), label=_("Sector"),
        empty_label=pgettext_lazy("filter", "Any sector"),
    )
    chapter = django_filters.ModelChoiceFilter(
        field_name="hs_chapter", queryset=HSChapter.objects.exclude(code__in=RESERVED),
        label=_("Product category (HS chapter)"), empty_label=pgettext_lazy("filter", "Any category"),
    )
    country = django_filters.ChoiceFilter(
        field_name="company__country", choices=country_choices, label=_("Company's country"),
        empty_label=pgettext_lazy("filter", "Any country"),
    )
    market = django_filters.ChoiceFilter(
        method="open_to", choices=country_choices, label=_("Open to companies from"),
        empty_label=pgettext_lazy("filter", "Any country"),
    )
    # One company's entries, linked from its page ("See all in the marketplace"): a hidden field, so that the other
    # filters keep it; the page names the company above the results.
    company = django_filters.CharFilter(field_name="company__slug", label=_("Company"), widget=forms.HiddenInput)

    class Meta:
        model = Listing
        fields = ["q", "kind", "sector", "chapter", "country", "market", "company"]

    def search(self, queryset, name, value):
        # Title, description, company and sector, accent-blind, most relevant first (companies.search).
        return text_search(queryset, value)

    def open_to(self, queryset, name, value):
        # Target countries are a JSON list of codes: an entry is open to a country it lists, or to all when empty.
        return queryset.filter(Q(target_countries=[]) | Q(target_countries__icontains=f'"{value}"'))
