import django_filters
from django import forms
from django.db import connections
from django.db.models import Q, QuerySet
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters.constants import EMPTY_VALUES

from companies.fields import LanguageChoiceField
from companies.hs_chapters import RESERVED
from companies.i18n_names import CORRIDOR, country_codes, country_name, sort_key
from companies.models import Company, HSChapter, Language, Listing, Role, Sector
from companies.search import corrections_for, name_first, parse_query
from companies.search import search as text_search
from companies.selectors import countries_in_use, reference_rows

YES_NO = [("true", _("Yes")), ("false", _("No"))]


# Rendering -----------------------------------------------------------------------------------------------------

_WIDGETS = "django/forms/widgets/"
_INPUTS = {f"{_WIDGETS}{kind}.html" for kind in (
    "input", "text", "number", "email", "url", "search", "tel", "hidden", "password", "date", "datetime", "time",
    "color")}
# The list widgets' templates, each with the option template it is made for.
_OPTION_TEMPLATES = {f"{_WIDGETS}{kind}.html": f"{_WIDGETS}{option}.html" for kind, option in (
    ("select", "select_option"), ("checkbox_select", "checkbox_option"), ("radio", "radio_option"))}


def _attrs(attrs: dict) -> str:
    # As django/forms/widgets/attrs.html: True is a bare attribute, False none.
    return "".join(f" {conditional_escape(name)}" if value is True else
                   f' {conditional_escape(name)}="{conditional_escape(value)}"'
                   for name, value in attrs.items() if value is not False)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"' \
           f'{value}{_attrs(widget["attrs"])}>'


def _select(widget: dict) -> str:
    html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f'\n  <optgroup label="{conditional_escape(group)}">')
        # The line breaks are those of the templates (each included file ends with one).
        html.extend(f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f'{conditional_escape(option["label"])}</option>\n' for option in options)
        if group:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _option_list(widget: dict) -> str:
    """Checkboxes or radio buttons, as django/forms/widgets/multiple_input.html and input_option.html."""
    attrs = widget["attrs"]
    html = [f'<div{f' id="{conditional_escape(attrs["id"])}"' if attrs.get("id") else ""}'
            f'{f' class="{conditional_escape(attrs["class"])}"' if attrs.get("class") else ""}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        for option in options:
            # The line breaks are those of the templates (each included file ends with one).
            field = f"{_input(option)}\n"
            if option["wrap_label"]:
                label_for = f' for="{conditional_escape(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
                field = f"<label{label_for}>{field} {conditional_escape(option['label'])}</label>"
            html.append(f"<div>\n    {field}\n\n</div>")
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


class PythonWidgetRenderer(DjangoTemplates):
    """Renders inputs, selects, checkboxes and radio buttons in Python, to the same HTML as Django's templates.

    A country select is ~250 options; through the templates each option is an include and a dozen node renders, and
    the filter sidebars made most of a list page's time (docs/performance.md, "Pages at 100,000 companies"). Any
    other widget, or one with a template or option template of its own, is rendered by the templates as before."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in _INPUTS:
                return _input(widget)
            option_template = _OPTION_TEMPLATES.get(template_name)
            if option_template and all(option["template_name"] == option_template
                                       for _group, options, _index in widget["optgroups"] for option in options):
                return _select(widget) if template_name == f"{_WIDGETS}select.html" else _option_list(widget)
        return super().render(template_name, context, request)


class FilterForm(forms.Form):
    """The form of the list pages' filters: rendered by PythonWidgetRenderer."""

    default_renderer = PythonWidgetRenderer()


# Countries ---------------------------------------------------------------------------------------------------


def countries_choices(codes) -> list[tuple[str, str]]:
    """(code, name) pairs of `codes` in the active language: the corridor's countries first, then the others
    sorted by name in that language (as companies.i18n_names.country_choices, for a few codes)."""
    named = sorted(((code, country_name(code)) for code in codes), key=lambda pair: sort_key(pair[1]))
    return [pair for pair in named if pair[0] in CORRIDOR] + [pair for pair in named if pair[0] not in CORRIDOR]


def country_choices_in_use(selected=None):
    """The choices of a country filter: the countries of approved companies (a filter on any other finds nothing),
    plus the one in the URL if it is a country, so that a link keeps working (and stays selected) when its last
    company leaves. A callable: the names are those of the language active when the form renders."""
    chosen = {selected} if isinstance(selected, str) and selected in country_codes() else set()
    # The form reads its choices more than once (validation, rendering): once per language is enough.
    by_language = {}

    def choices():
        language = get_language()
        if language not in by_language:
            by_language[language] = countries_choices(countries_in_use() | chosen)
        return by_language[language]

    return choices


# Reference tables ----------------------------------------------------------------------------------------------


class CachedChoiceIterator(filter_fields.ModelChoiceIterator):
    """The choices of a small reference table (sectors, roles, languages, HS chapters) from the cache
    (companies.selectors.reference_rows) instead of a query per page; the labels are the rows' names in the
    active language. Validating a chosen value still asks the database."""

    def rows(self) -> list:
        return reference_rows(self.queryset, name=self.field.cache_name)

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from (self.choice(row) for row in self.rows())

    def __len__(self):
        return len(self.rows()) + (self.field.empty_label is not None) + \
            (getattr(self.field, "null_label", None) is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.rows())


class ByLabelCachedChoiceIterator(CachedChoiceIterator):
    """The same, sorted by label in the active language (as companies.fields.ByLabel)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted((self.choice(row) for row in self.rows()), key=lambda choice: sort_key(choice[1]))


class CachedChoices:
    """A model choice field whose choices are read from the cache under `cache_name`."""

    iterator = CachedChoiceIterator

    def __init__(self, *args, cache_name: str, **kwargs):
        self.cache_name = cache_name
        super().__init__(*args, **kwargs)


class CachedModelChoiceField(CachedChoices, filter_fields.ModelChoiceField):
    pass


class CachedModelMultipleChoiceField(CachedChoices, filter_fields.ModelMultipleChoiceField):
    pass


class CachedLanguageChoiceField(CachedChoices, LanguageChoiceField):
    iterator = ByLabelCachedChoiceIterator


class ReferenceChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = CachedModelChoiceField


class ReferenceMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = CachedModelMultipleChoiceField


class LanguageFilter(django_filters.ModelChoiceFilter):
    """A language picked by its name, sorted by name in the reader's language."""

    field_class = LanguageChoiceField


class ReferenceLanguageFilter(LanguageFilter):
    """The same, its choices from the cache (give it a `cache_name`)."""

    field_class = CachedLanguageChoiceField


class TextSearchFilterSet(django_filters.FilterSet):
    """A filter set whose `q` is a text search (companies.search), ranked by relevance unless a `sort` is chosen."""

    _corrections: dict[str, list[str]] | None = None

    def search(self, queryset, name, value):
        # Case-, accent- and spelling-blind, most relevant first (companies.search, docs/search.md).
        return text_search(queryset, value, corrected=self._corrected(queryset, value))

    def name_first(self) -> QuerySet | None:
        """For a text search and nothing else (no other filter, no chosen order) on PostgreSQL: the rows whose
        name holds every term, in the search's order (companies.search.name_first), for the paginator to read a
        page's ids from first. None otherwise: other filters would make that read scan far more rows than it
        saves; and SQLite scans the table for the search anyway, and would not use the partial index for the head
        (a bound parameter never matches an index's WHERE there), so the head would be a second scan."""
        if not self.is_bound or not self.form.is_valid() or connections[self.queryset.db].vendor != "postgresql":
            return None
        data = self.form.cleaned_data
        if not data.get("q") or not all(_is_empty(value) for name, value in data.items() if name != "q"):
            return None
        return name_first(self.queryset, data["q"], corrected=self._corrected(self.queryset, data["q"]))

    def _corrected(self, queryset, query: str) -> dict[str, list[str]]:
        """The query's typo corrections, read once for the search and its head."""
        if self._corrections is None:
            self._corrections = corrections_for(queryset, parse_query(query))
        return self._corrections


def _is_empty(value) -> bool:
    # A multiple choice of model rows left empty is the field's queryset.none(), not [].
    return value in EMPTY_VALUES or (isinstance(value, QuerySet) and value.query.is_empty())


class CompanyFilter(TextSearchFilterSet):
    """The directory's filters. Query parameters are part of the public URL: keep their names stable."""

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, product, city…")}),
    )
    sector = ReferenceMultipleChoiceFilter(
        field_name="sectors",
        method="in_any",
        to_field_name="slug",
        queryset=Sector.objects.all(),
        cache_name="sectors",
        label=_("Sector"),
        widget=forms.CheckboxSelectMultiple,
    )
    role = ReferenceMultipleChoiceFilter(
        field_name="roles",
        method="in_any",
        to_field_name="slug",
        queryset=Role.objects.all(),
        cache_name="roles",
        label=_("Role in trade"),
        widget=forms.CheckboxSelectMultiple,
    )
    country = django_filters.ChoiceFilter(
        choices=country_choices_in_use(), label=_("Country"), empty_label=pgettext_lazy("filter", "Any country")
    )
    city = django_filters.CharFilter(lookup_expr="icontains", label=_("City"))
    size = django_filters.ChoiceFilter(
        choices=Company.Size.choices, label=_("Size"), empty_label=pgettext_lazy("filter", "Any size")
    )
    language = ReferenceLanguageFilter(
        field_name="languages",
        queryset=Language.objects.all(),
        cache_name="languages",
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
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        _keep_selected_countries(self, data, ["country"])

    def in_any(self, queryset, name, value):
        """Companies with any of the chosen sectors (or roles). A subquery rather than a join: a join repeats a
        company once per matching sector and needs DISTINCT, which sorted every match before the first page
        (~20 ms for a common sector at 100,000 companies)."""
        if not value:
            return queryset
        field = Company._meta.get_field(name)
        chosen = field.remote_field.through.objects.filter(**{f"{field.m2m_reverse_field_name()}__in": value})
        return queryset.filter(pk__in=chosen.values(field.m2m_field_name()))


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
    sector = ReferenceChoiceFilter(
        field_name="sector", to_field_name="slug", queryset=Sector.objects.all(), cache_name="sectors",
        label=_("Sector"),
        empty_label=pgettext_lazy("filter", "Any sector"),
    )
    chapter = ReferenceChoiceFilter(
        field_name="hs_chapter", queryset=HSChapter.objects.exclude(code__in=RESERVED), cache_name="hs-chapters",
        label=_("Product category (HS chapter)"), empty_label=pgettext_lazy("filter", "Any category"),
    )
    country = django_filters.ChoiceFilter(
        field_name="company__country", choices=country_choices_in_use(), label=_("Company's country"),
        empty_label=pgettext_lazy("filter", "Any country"),
    )
    market = django_filters.ChoiceFilter(
        method="open_to", choices=country_choices_in_use(), label=_("Open to companies from"),
        empty_label=pgettext_lazy("filter", "Any country"),
    )
    # One company's entries, linked from its page ("See all in the marketplace"): a hidden field, so that the other
    # filters keep it; the page names the company above the results.
    company = django_filters.CharFilter(field_name="company__slug", label=_("Company"), widget=forms.HiddenInput)

    class Meta:
        model = Listing
        fields = ["q", "kind", "sector", "chapter", "country", "market", "company"]
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        _keep_selected_countries(self, data, ["country", "market"])

    def search(self, queryset, name, value):
        # Title, description, company and sector, accent-blind, most relevant first (companies.search).
        return text_search(queryset, value)

    def open_to(self, queryset, name, value):
        # Target countries are a JSON list of codes: an entry is open to a country it lists, or to all when empty.
        return queryset.filter(Q(target_countries=[]) | Q(target_countries__icontains=f'"{value}"'))


def _keep_selected_countries(filterset, data, names) -> None:
    # self.filters is the instance's own copy: the choices may name the selected country.
    for name in names:
        filterset.filters[name].extra["choices"] = country_choices_in_use(data.get(name) if data else None)
