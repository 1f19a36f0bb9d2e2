from django.contrib import admin

from events.models import Event, Meeting, MeetingRequest, Notification, Participation, Session, Table


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class TableInline(admin.TabularInline):
    model = Table
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "start_date", "status", "request_policy"]
    list_filter = ["status", "country", "request_policy"]
    search_fields = ["title", "city", "venue"]
    filter_horizontal = ["organizers", "focus_sectors"]
    readonly_fields = ["created_at"]
    inlines = [SessionInline, TableInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["company", "event", "status", "delegates", "registered_at"]
    list_filter = ["status", "event"]
    search_fields = ["company__name", "event__title"]
    list_select_related = ["company", "event"]
    raw_id_fields = ["company", "event"]
    filter_horizontal = ["unavailable_slots"]
    # Approval goes through the organizer's dashboard (events.services.decide_participation), which refuses to
    # decline a company with live meetings and tells it the decision.
    readonly_fields = ["status", "decided_at"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "status", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["event", "requester__company", "recipient__company"]
    raw_id_fields = ["requester", "recipient", "event"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "slot", "table", "status", "locked"]
    list_filter = ["status", "locked", "event"]
    list_select_related = ["event", "slot__event", "table", "request__requester__company",
                           "request__recipient__company"]
    raw_id_fields = ["request", "event", "slot", "table"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
