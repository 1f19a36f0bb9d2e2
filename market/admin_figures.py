"""Trade figures in the admin: staff add the corridor's figures, each with its source."""

from django.contrib import admin
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from market.models import TradeFigure


@admin.register(TradeFigure)
class TradeFigureAdmin(admin.ModelAdmin):
    list_display = ["year", "direction", "hs_chapter", "value_display", "change_pct", "kind", "source_name"]
    list_display_links = ["year", "direction"]
    list_filter = ["direction", "kind", "year", ("hs_chapter", admin.EmptyFieldListFilter)]
    search_fields = ["source_name", "source_url", "note_en", "note_vi", "note_az", "hs_chapter__name_en"]
    list_select_related = ["hs_chapter"]
    autocomplete_fields = ["hs_chapter"]
    ordering = ["-year", "direction", "hs_chapter"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["year", "direction", "hs_chapter", "value_usd", "change_pct", "kind"]}),
        (_("Source"), {"fields": ["source_name", "source_url"]}),
        (_("Note"), {"fields": ["note_en", "note_vi", "note_az"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("value (USD)"), ordering="value_usd")
    def value_display(self, figure):
        return formats.number_format(figure.value_usd, decimal_pos=0, force_grouping=True)
