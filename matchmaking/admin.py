from django.contrib import admin

from matchmaking.models import Introduction, Preference


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["company", "other", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["company", "other"]
    search_fields = ["company__name", "other__name"]
    autocomplete_fields = ["company", "other"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["event", "first", "second", "sent_by", "created_at"]
    list_filter = ["event"]
    list_select_related = ["event", "first", "second", "sent_by"]
    search_fields = ["first__name", "second__name", "event__title"]
    readonly_fields = ["event", "first", "second", "sent_by", "created_at"]

    def has_add_permission(self, request):
        return False  # introductions are sent by organizers from the event's page, which emails both sides
