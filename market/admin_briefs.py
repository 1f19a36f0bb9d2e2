"""Sector briefs in the admin: staff write a brief with its texts (one per language) on one page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from market.models import BriefText, SectorBrief


class BriefTextInline(admin.StackedInline):
    model = BriefText
    extra = 0
    min_num = 1
    max_num = 3  # one per site language (a constraint holds it)

    def get_formset(self, request, obj=None, **kwargs):
        # A brief is its text: min_num alone only shows a form, validate_min refuses saving none.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(SectorBrief)
class SectorBriefAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "languages", "published", "is_demo", "updated_at"]
    list_filter = ["published", "is_demo", "sector"]
    list_select_related = ["sector", "hs_chapter"]
    search_fields = ["slug", "texts__title", "sector__name_en"]
    raw_id_fields = ["hs_chapter"]
    readonly_fields = ["created_at", "updated_at"]
    fields = ["sector", "hs_chapter", "slug", "published", "is_demo", "created_at", "updated_at"]
    inlines = [BriefTextInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("texts")

    @admin.display(description=_("languages"))
    def languages(self, brief: SectorBrief) -> str:
        return ", ".join(sorted(text.language for text in brief.texts.all()))
