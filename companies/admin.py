from django.contrib import admin, messages
from django.db.models import Case, Count, Value, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from companies.forms import ModerationReasonForm
from companies.models import (
    Company,
    HSChapter,
    Invitation,
    Language,
    Listing,
    Membership,
    ModerationStatus,
    Sector,
)
from companies.moderation import moderate, waiting


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_vi", "name_az", "slug", "company_count"]
    search_fields = ["name_en", "name_vi", "name_az", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(company_count=Count("companies"))

    @admin.display(description=_("companies"), ordering="company_count")
    def company_count(self, sector):
        return sector.company_count


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ReviewFilter(admin.SimpleListFilter):
    """What a moderator should look at: new items and approved ones edited since (companies.moderation.waiting)."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset & waiting(queryset.model)
        return queryset


class ModeratedAdmin(admin.ModelAdmin):
    """The admin of a moderated model (companies.models.Moderated): items waiting for a decision come first, and
    the status changes only through the actions, which go through companies.moderation.moderate (it emails the
    owners and, when a company stops being approved, withdraws it from its events). A decision other than
    approval asks for the reason on an intermediate page, then applies to the same selection."""

    MODERATION_FIELDS = ["status", "status_reason", "moderated_at", "moderated_by", "edited_at", "created_at",
                         "updated_at"]
    readonly_fields = MODERATION_FIELDS

    def get_ordering(self, request):
        # New items first, then approved ones edited since (post-moderation), then the rest.
        return [Case(When(status=ModerationStatus.PENDING, then=Value(0)), When(edited_at__isnull=False, then=Value(1)),
                     default=Value(2)), "-created_at"]

    def decide(self, request, queryset, *, status, title="", intro="", done_message):
        if status == ModerationStatus.APPROVED:
            changed = moderate(queryset, status=status, by=request.user)
            self.message_user(request, done_message(changed) % {"count": changed}, messages.SUCCESS)
            return None
        form = ModerationReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            changed = moderate(queryset, status=status, reason=form.cleaned_data["reason"], by=request.user)
            self.message_user(request, done_message(changed) % {"count": changed}, messages.SUCCESS)
            return None
        opts = self.model._meta
        return TemplateResponse(request, "admin/companies/moderation_reason.html", {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "form": form,
            "objects": queryset,
            "action": request.POST.get("action", ""),
            "opts": opts,
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(Company)
class CompanyAdmin(ModeratedAdmin):
    list_display = ["name", "country", "city", "status", "women_led", "created_at", "moderated_at"]
    list_filter = [ReviewFilter, "status", "country", "sectors", "women_led", "size"]
    search_fields = ["name", "city", "description", "contact_person", "contact_email"]
    date_hierarchy = "created_at"
    filter_horizontal = ["sectors", "languages"]
    inlines = [MembershipInline]
    actions = ["approve", "reject", "suspend", "deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "city", "description", "website", "founded", "size"]}),
        (_("Sectors and languages"), {"fields": ["sectors", "languages", "women_led"]}),
        (_("Contact"), {"fields": ["contact_person", "contact_email", "contact_phone", "email_language"]}),
        (_("Logo"), {"fields": ["logo", "logo_thumbnail"]}),
        (_("Moderation"), {"fields": ModeratedAdmin.MODERATION_FIELDS}),
    ]

    @admin.action(description=_("Approve the selected companies (the owners are emailed)"))
    def approve(self, request, queryset):
        return self.decide(request, queryset, status=ModerationStatus.APPROVED, done_message=lambda n: ngettext(
            "%(count)d company approved.", "%(count)d companies approved.", n))

    @admin.action(description=_("Reject the selected companies, with a reason (the owners are emailed)"))
    def reject(self, request, queryset):
        return self.decide(
            request, queryset, status=ModerationStatus.REJECTED, title=_("Reject companies"),
            intro=_("These companies will be changed and their owners emailed:"),
            done_message=lambda n: ngettext("%(count)d company rejected.", "%(count)d companies rejected.", n))

    @admin.action(description=_("Suspend the selected companies, with a reason (the owners are emailed)"))
    def suspend(self, request, queryset):
        return self.decide(
            request, queryset, status=ModerationStatus.SUSPENDED, title=_("Suspend companies"),
            intro=_("These companies will be changed and their owners emailed:"),
            done_message=lambda n: ngettext("%(count)d company suspended.", "%(count)d companies suspended.", n))

    @admin.action(description=_("Deactivate the selected companies, with a reason (the owners are emailed)"))
    def deactivate(self, request, queryset):
        return self.decide(
            request, queryset, status=ModerationStatus.DEACTIVATED, title=_("Deactivate companies"),
            intro=_("These companies will be changed and their owners emailed:"),
            done_message=lambda n: ngettext("%(count)d company deactivated.", "%(count)d companies deactivated.",
                                            n))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "company__name"]
    autocomplete_fields = ["user", "company"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent, revoked and accepted by the companies themselves (companies.team): here they are
    read only, for support ("I never got the link")."""

    list_display = ["email", "company", "role", "invited_by", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    list_select_related = ["company", "invited_by"]
    search_fields = ["email", "company__name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HSChapter)
class HSChapterAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_vi", "name_az"]
    search_fields = ["name_en", "name_vi", "name_az"]

    def has_add_permission(self, request):
        return False  # the nomenclature is fixed; only the names may be corrected

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(ModeratedAdmin):
    list_display = ["title", "company", "kind", "hs_chapter", "sector", "status", "expires_on", "created_at"]
    list_filter = [ReviewFilter, "status", "kind", "sector", "company__country"]
    list_select_related = ["company", "hs_chapter", "sector"]
    search_fields = ["title", "description", "company__name"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["company"]
    actions = ["approve", "reject"]
    fieldsets = [
        (None, {"fields": ["company", "kind", "title", "description", "sector", "hs_chapter", "target_countries",
                           "expires_on"]}),
        (_("Moderation"), {"fields": ModeratedAdmin.MODERATION_FIELDS}),
    ]

    @admin.action(description=_("Approve the selected entries (the owners are emailed)"))
    def approve(self, request, queryset):
        return self.decide(request, queryset, status=ModerationStatus.APPROVED, done_message=lambda n: ngettext(
            "%(count)d entry approved.", "%(count)d entries approved.", n))

    @admin.action(description=_("Reject the selected entries, with a reason (the owners are emailed)"))
    def reject(self, request, queryset):
        return self.decide(
            request, queryset.select_related("company"), status=ModerationStatus.REJECTED,
            title=_("Reject marketplace entries"),
            intro=_("These entries will be changed and their companies' owners emailed:"),
            done_message=lambda n: ngettext("%(count)d entry rejected.", "%(count)d entries rejected.", n))
