"""Moderation of market questions and answers (companies.admin.ModeratedAdmin: the status changes only through
the actions, which go through companies.moderation.moderate and email the company's owners), and the users'
reports. A reported item is back in the "Waiting for review" filter (market.questions_services); a decision on it
resolves its open reports."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from companies.admin import ModeratedAdmin, ReviewFilter
from companies.models import ModerationStatus
from market.models.questions import Answer, Question, QuestionReport
from market.questions_services import resolve_reports


class ReportedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("open", _("With open reports"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(reports__resolved_at__isnull=True, reports__isnull=False).distinct()
        return queryset


class ReportInline(admin.TabularInline):
    model = QuestionReport
    fields = ["reason", "note", "reporter", "created_at", "resolved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class QuestionModerationAdmin(ModeratedAdmin):
    """Shared by questions and answers: the approve and reject actions, and the reports' count."""

    actions = ["approve", "reject"]
    inlines = [ReportInline]
    noun = ""  # "question", "answer": set by each subclass through its messages

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))

    @admin.display(description=_("open reports"), ordering="open_reports")
    def report_count(self, item):
        return item.open_reports

    def decide(self, request, queryset, **kwargs):
        response = super().decide(request, queryset, **kwargs)
        if response is None:  # decided (not the page asking for a reason)
            resolve_reports(queryset)
        return response

    def approve_message(self, count):
        raise NotImplementedError

    def reject_message(self, count):
        raise NotImplementedError

    @admin.action(description=_("Approve the selected items (the companies' owners are emailed)"))
    def approve(self, request, queryset):
        return self.decide(request, self.decidable(request, queryset), status=ModerationStatus.APPROVED,
                           done_message=self.approve_message)

    @admin.action(description=_("Reject the selected items, with a reason (the companies' owners are emailed)"))
    def reject(self, request, queryset):
        return self.decide(request, self.decidable(request, queryset), status=ModerationStatus.REJECTED,
                           title=_("Reject"), intro=_("These will be taken off the site and their companies' owners "
                                                      "emailed:"),
                           done_message=self.reject_message)

    def decidable(self, request, queryset):
        return queryset


@admin.register(Question)
class QuestionAdmin(QuestionModerationAdmin):
    list_display = ["title", "company", "sector", "hs_chapter", "status", "report_count", "created_at"]
    list_filter = [ReviewFilter, ReportedFilter, "status", "sector"]
    list_select_related = ["company", "sector", "hs_chapter"]
    search_fields = ["title", "body", "company__name"]
    date_hierarchy = "created_at"
    raw_id_fields = ["company", "author"]
    fieldsets = [
        (None, {"fields": ["title", "body", "sector", "hs_chapter", "company", "author"]}),
        (_("Moderation"), {"fields": ModeratedAdmin.MODERATION_FIELDS}),
    ]

    def approve_message(self, count):
        return ngettext("%(count)d question approved.", "%(count)d questions approved.", count)

    def reject_message(self, count):
        return ngettext("%(count)d question rejected.", "%(count)d questions rejected.", count)


@admin.register(Answer)
class AnswerAdmin(QuestionModerationAdmin):
    list_display = ["short_body", "question", "company", "by_staff", "helpful", "status", "report_count",
                    "created_at"]
    list_filter = [ReviewFilter, ReportedFilter, "status", "by_staff", "helpful"]
    list_select_related = ["question", "company"]
    search_fields = ["body", "question__title", "company__name"]
    date_hierarchy = "created_at"
    raw_id_fields = ["question", "company", "author"]
    readonly_fields = [*ModeratedAdmin.MODERATION_FIELDS, "helpful", "by_staff"]
    fieldsets = [
        (None, {"fields": ["question", "body", "company", "author", "by_staff", "helpful"]}),
        (_("Moderation"), {"fields": ModeratedAdmin.MODERATION_FIELDS}),
    ]

    @admin.display(description=_("answer"))
    def short_body(self, answer):
        return answer.body[:80]

    def decidable(self, request, queryset):
        # Staff who belong to no company have no owners to email: their answers are edited or deleted here instead.
        without_company = queryset.filter(company__isnull=True).count()
        if without_company:
            self.message_user(request, ngettext(
                "%(count)d answer by staff without a company was left out: edit or delete it instead.",
                "%(count)d answers by staff without a company were left out: edit or delete them instead.",
                without_company) % {"count": without_company}, messages.WARNING)
        return queryset.filter(company__isnull=False)

    def approve_message(self, count):
        return ngettext("%(count)d answer approved.", "%(count)d answers approved.", count)

    def reject_message(self, count):
        return ngettext("%(count)d answer rejected.", "%(count)d answers rejected.", count)


@admin.register(QuestionReport)
class QuestionReportAdmin(admin.ModelAdmin):
    """Users' reports, newest first; moderators decide on the item itself (its link), which resolves them."""

    list_display = ["created_at", "reason", "item_link", "reporter", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "reason"]
    list_select_related = ["question", "answer__question", "reporter"]
    search_fields = ["note", "question__title", "answer__body", "reporter__email"]
    readonly_fields = ["question", "answer", "reporter", "reason", "note", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reported item"))
    def item_link(self, report):
        item = report.item
        opts = item._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
        label = item.title if isinstance(item, Question) else item.body[:80]
        return format_html('<a href="{}">{}: {}</a>', url, opts.verbose_name, label)
