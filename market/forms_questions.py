"""Forms and the list's filters for market questions. Texts are plain: stored as typed, escaped when shown."""

import django_filters
from django import forms
from django.core.validators import MinLengthValidator
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.filters import YES_NO
from companies.models import HSChapter, Sector
from companies.search import MAX_QUERY_LENGTH, search
from market.models.questions import ANSWER_MAX, BODY_MAX, REPORT_NOTE_MAX, TITLE_MAX, Question, ReportReason
from market.questions_selectors import answered

# Shorter is not a question anyone can answer.
TITLE_MIN = 15
ANSWER_MIN = 20


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, sector: Sector) -> str:
        return sector.name


class AskForm(forms.ModelForm):
    sector = SectorChoiceField(label=_("Sector"), queryset=Sector.objects.all())

    class Meta:
        model = Question
        fields = ["title", "body", "language", "sector", "hs_chapter"]
        labels = {"title": _("Your question"), "body": _("Details"), "language": _("Written in"),
                  "hs_chapter": _("Product category (HS chapter)")}
        help_texts = {
            "title": _("One sentence, e.g. “What certificate does rice need to enter Azerbaijan?”"),
            "body": _("What you already know, the product, the quantities: what helps others answer. Plain text."),
            "hs_chapter": _("Optional: the goods your question is about."),
            "language": _("The language you write your question in."),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].validators.append(MinLengthValidator(TITLE_MIN))
        self.fields["title"].widget.attrs.update({"maxlength": TITLE_MAX, "minlength": TITLE_MIN})
        self.fields["sector"].queryset = Sector.objects.order_by("name_en")
        self.fields["hs_chapter"].empty_label = _("None: a service or a general question")
        if not self.is_bound:
            self.initial.setdefault("language", (get_language() or "en").split("-")[0])


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), min_length=ANSWER_MIN, max_length=ANSWER_MAX,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Plain text. Say where your knowledge comes from (a regulation, your own "
                                       "shipments), so the asker can rely on it."))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=ReportReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Details for our team"), required=False, max_length=REPORT_NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))


class QuestionFilter(django_filters.FilterSet):
    """The list's filters. Query parameters are part of the public URL: keep their names stable."""

    sector = django_filters.ModelChoiceFilter(
        field_name="sector", to_field_name="slug", queryset=Sector.objects.order_by("name_en"), label=_("Sector"),
        empty_label=pgettext_lazy("filter", "Any sector"))
    chapter = django_filters.ModelChoiceFilter(
        field_name="hs_chapter", queryset=HSChapter.objects.all(), label=_("Product category (HS chapter)"),
        empty_label=pgettext_lazy("filter", "Any category"))
    answered = django_filters.BooleanFilter(
        method="filter_answered", label=_("Answered"),
        widget=forms.Select(choices=[("", pgettext_lazy("filter", "Any")), *YES_NO]))
    # Last: the search orders by relevance what the other filters kept.
    q = django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=MAX_QUERY_LENGTH)

    class Meta:
        model = Question
        fields = ["sector", "chapter", "answered", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["sector"].label_from_instance = lambda sector: sector.name
        self.form.fields["q"].widget.input_type = "search"  # an attrs["type"] would give the input two types

    def filter_answered(self, queryset, name, value):
        return answered(queryset, value)

    def filter_search(self, queryset, name, value):
        return search(queryset, value)
