from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from companies.admin import ModeratedAdmin, ReviewFilter
from companies.models import ModerationStatus
from events.models import (
    Announcement,
    Event,
    Meeting,
    MeetingFeedback,
    MeetingOutcome,
    MeetingRequest,
    Notification,
    Participation,
    Session,
    SuccessStory,
    SuccessStoryText,
    Table,
)
from events.services import stories


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
    filter_horizontal = ["organizers", "viewers", "focus_sectors"]
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


# Success stories (issue 12) ----------------------------------------------------------------------------------


class SuccessStoryTextInline(admin.StackedInline):
    model = SuccessStoryText
    extra = 1
    min_num = 1


@admin.register(SuccessStory)
class SuccessStoryAdmin(ModeratedAdmin):
    """Moderation of stories, and staff's own stories about any two companies (the partner is asked for its
    consent when one is added here). A story is public once approved here and agreed to by the partner
    (events.services.stories); the photo comes only through the site's form, which re-encodes it."""

    list_display = ["__str__", "consent", "status", "women_led", "featured", "published_at", "created_at"]
    list_filter = [ReviewFilter, "status", "consent", "women_led", "featured", "sectors"]
    list_select_related = ["author", "partner"]
    search_fields = ["author__name", "partner__name", "texts__title"]
    raw_id_fields = ["author", "partner", "meeting"]
    filter_horizontal = ["sectors"]
    inlines = [SuccessStoryTextInline]
    actions = ["approve", "reject"]
    # SuccessStory has no updated_at (ModeratedAdmin.MODERATION_FIELDS names it for companies and entries).
    MODERATION_FIELDS = ["status", "status_reason", "moderated_at", "moderated_by", "edited_at", "created_at",
                         "published_at"]
    readonly_fields = [*MODERATION_FIELDS, "consent", "consent_decided_at", "women_led", "photo",
                       "photo_thumbnail", "created_by"]
    fieldsets = [
        (None, {"fields": ["author", "partner", "meeting", "sectors", "featured"]}),
        (_("Consent and photo"), {"fields": ["consent", "consent_decided_at", "women_led", "photo",
                                             "photo_thumbnail", "created_by"]}),
        (_("Moderation"), {"fields": MODERATION_FIELDS}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.women_led = obj.author.women_led or obj.partner.women_led
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            stories.request_consent(form.instance)

    @admin.action(description=_("Approve the selected stories (the authors are emailed)"))
    def approve(self, request, queryset):
        response = self.decide(request, queryset, status=ModerationStatus.APPROVED, done_message=lambda n: ngettext(
            "%(count)d story approved.", "%(count)d stories approved.", n))
        stories.sync_publication(queryset)
        return response

    @admin.action(description=_("Reject the selected stories, with a reason (the authors are emailed)"))
    def reject(self, request, queryset):
        response = self.decide(
            request, queryset, status=ModerationStatus.REJECTED, title=_("Reject success stories"),
            intro=_("These stories will be changed and their authors' owners emailed:"),
            done_message=lambda n: ngettext("%(count)d story rejected.", "%(count)d stories rejected.", n))
        stories.sync_publication(queryset)
        return response


# After the meeting (issue 12): the companies' answers, read-only here. They are private to the answering company
# and the organizers, and changed only by that company through its forms (events.services.feedback).


class AnswerAdmin(admin.ModelAdmin):
    list_select_related = ["meeting__event", "participation__company", "meeting__request__requester__company",
                           "meeting__request__recipient__company"]
    raw_id_fields = ["meeting", "participation"]
    date_hierarchy = "answered_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MeetingFeedback)
class MeetingFeedbackAdmin(AnswerAdmin):
    list_display = ["__str__", "took_place", "usefulness", "answered_at"]
    list_filter = ["took_place", "usefulness", "meeting__event"]
    search_fields = ["participation__company__name"]


@admin.register(MeetingOutcome)
class MeetingOutcomeAdmin(AnswerAdmin):
    list_display = ["__str__", "result", "agreement_kind", "value_usd", "answered_at"]
    list_filter = ["result", "agreement_kind", "meeting__event"]
    search_fields = ["participation__company__name"]


# Organizer announcements (issue 14): written and sent only through the organizer's page
# (events.services.announcements), which delivers them; here they are read, or deleted when they must go.


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "audience", "recipient_count", "author", "created_at"]
    list_filter = ["audience", "event"]
    list_select_related = ["event", "author"]
    search_fields = ["subject_en", "subject_vi", "subject_az", "event__title"]
    raw_id_fields = ["event", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
