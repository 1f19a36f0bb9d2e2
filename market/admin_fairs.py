"""Trade fairs in the Django admin: staff list the fairs; attendances and proposals are shown for support."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from market.models import Fair, FairAttendance, FairMeetingProposal


class FairAttendanceInline(admin.TabularInline):
    model = FairAttendance
    extra = 0
    fields = ["company", "seeks", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["company"]


@admin.register(Fair)
class FairAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "start_date", "end_date", "going"]
    list_filter = ["country", "sectors"]
    search_fields = ["name", "city"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sectors"]
    inlines = [FairAttendanceInline]
    readonly_fields = ["created_at"]

    @admin.display(description=_("companies going"), ordering="going_count")
    def going(self, fair: Fair) -> int:
        return fair.going_count

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(going_count=Count("attendances"))


@admin.register(FairMeetingProposal)
class FairMeetingProposalAdmin(admin.ModelAdmin):
    """Read-only: the record of who proposed to meet whom (rate limits, complaints)."""

    list_display = ["fair", "sender", "recipient", "status", "created_at"]
    list_filter = ["status", "fair"]
    search_fields = ["sender__name", "recipient__name", "fair__name"]
    list_select_related = ["fair", "sender", "recipient"]
    readonly_fields = ["fair", "sender", "recipient", "sent_by", "message", "created_at"]
    fields = ["fair", "sender", "recipient", "sent_by", "message", "status", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
