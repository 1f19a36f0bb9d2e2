"""Moderators' side of conversations: reported conversations wait in the review queue (ThreadReport is a
companies.models.Moderated: upheld or dismissed through companies.moderation.moderate, which emails the reporting
company's owners); each report shows the whole conversation. Conversations themselves are read-only here and
listed for staff, and blocks are listed."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from companies.admin import ModeratedAdmin, ReviewFilter
from companies.models import ModerationStatus
from messaging.models import Block, Message, Thread, ThreadReport


def _conversation(thread: Thread):
    messages = thread.messages.select_related("sender", "author").order_by("created_at", "pk")
    return format_html_join(
        "", '<div class="reported-message"><p><strong>{}</strong> · {} · {}</p>{}</div>',
        ((message.sender.name, message.author or "—", message.created_at.strftime("%Y-%m-%d %H:%M UTC"),
          # Escaped by linebreaks itself (autoescape): the paragraphs are safe, the text in them is not markup.
          mark_safe(linebreaks(message.body, autoescape=True))) for message in messages))  # noqa: S308 or _("No message.")


@admin.register(ThreadReport)
class ThreadReportAdmin(ModeratedAdmin):
    list_display = ["created_at", "reason", "company", "reported", "status"]
    list_filter = [ReviewFilter, "status", "reason"]
    list_select_related = ["company", "thread__company_low", "thread__company_high"]
    search_fields = ["note", "company__name", "thread__company_low__name", "thread__company_high__name"]
    date_hierarchy = "created_at"
    actions = ["uphold", "dismiss"]
    readonly_fields = ["thread", "company", "reporter", "reason", "note", "conversation",
                       *ModeratedAdmin.MODERATION_FIELDS]
    fieldsets = [
        (None, {"fields": ["thread", "company", "reporter", "reason", "note"]}),
        (_("Conversation"), {"fields": ["conversation"]}),
        (_("Moderation"), {"fields": ModeratedAdmin.MODERATION_FIELDS}),
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reported company"))
    def reported(self, report):
        return report.reported_company

    @admin.display(description=_("conversation"))
    def conversation(self, report):
        return _conversation(report.thread)

    @admin.action(description=_("Uphold the selected reports (the reporting companies' owners are emailed)"))
    def uphold(self, request, queryset):
        return self.decide(request, queryset, status=ModerationStatus.APPROVED, done_message=lambda count: ngettext(
            "%(count)d report upheld.", "%(count)d reports upheld.", count))

    @admin.action(description=_("Dismiss the selected reports, with a reason (the reporting companies' owners are "
                                "emailed)"))
    def dismiss(self, request, queryset):
        return self.decide(request, queryset, status=ModerationStatus.REJECTED, title=_("Dismiss"),
                           intro=_("These reports will be dismissed and the reporting companies' owners emailed:"),
                           done_message=lambda count: ngettext(
                               "%(count)d report dismissed.", "%(count)d reports dismissed.", count))


class MessageInline(admin.TabularInline):
    model = Message
    fields = ["created_at", "sender", "author", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "started_from", "created_at", "last_message_at", "open_reports"]
    list_select_related = ["company_low", "company_high"]
    list_filter = ["started_from"]
    search_fields = ["company_low__name", "company_high__name"]
    date_hierarchy = "last_message_at"
    readonly_fields = ["company_low", "company_high", "started_from", "subject", "listing", "meeting_request",
                       "meeting", "started_by", "created_at", "last_message_at", "low_last_at", "high_last_at"]
    inlines = [MessageInline]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            open_report_count=Count("reports", filter=Q(reports__status=ModerationStatus.PENDING)))

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, thread):
        return thread.open_report_count


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    list_select_related = ["blocker", "blocked"]
    search_fields = ["blocker__name", "blocked__name"]
    raw_id_fields = ["blocker", "blocked", "created_by"]
