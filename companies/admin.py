from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from companies import services
from companies.forms import ModerationReasonForm
from companies.models import Company, HSChapter, Language, Listing, Membership, Sector


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


class ReasonedActionsMixin:
    """Admin actions that need a reason (reject, suspend, deactivate): ask for it on an intermediate page, then
    apply the action to the same selection."""

    def apply_with_reason(self, request, queryset, *, apply, action, title, intro, done_message):
        form = ModerationReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            changed = apply(queryset, form.cleaned_data["reason"])
            self.message_user(request, done_message(changed) % {"count": changed}, messages.SUCCESS)
            return None
        opts = self.model._meta
        return TemplateResponse(request, "admin/companies/moderation_reason.html", {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "form": form,
            "objects": queryset,
            "action": action,
            "opts": opts,
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(Company)
class CompanyAdmin(ReasonedActionsMixin, admin.ModelAdmin):
    list_display = ["name", "country", "city", "status", "women_led", "created_at", "moderated_at"]
    list_filter = ["status", "country", "sectors", "women_led", "size"]
    search_fields = ["name", "city", "description", "contact_person", "contact_email"]
    date_hierarchy = "created_at"
    filter_horizontal = ["sectors", "languages"]
    # The status changes only through the actions, which go through companies.services: they email the owners
    # and, when a company stops being approved, withdraw it from its events (company_withdrawn).
    readonly_fields = ["status", "status_reason", "moderated_at", "created_at", "updated_at"]
    inlines = [MembershipInline]
    actions = ["approve", "reject", "suspend", "deactivate"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "city", "description", "website", "founded", "size"]}),
        (_("Sectors and languages"), {"fields": ["sectors", "languages", "women_led"]}),
        (_("Contact"), {"fields": ["contact_person", "contact_email", "contact_phone", "email_language"]}),
        (_("Logo"), {"fields": ["logo", "logo_thumbnail"]}),
        (_("Moderation"), {"fields": ["status", "status_reason", "moderated_at", "created_at", "updated_at"]}),
    ]

    @admin.action(description=_("Approve the selected companies (the owners are emailed)"))
    def approve(self, request, queryset):
        changed = services.approve_companies(companies=queryset)
        self.message_user(request, ngettext("%(count)d company approved.", "%(count)d companies approved.",
                                            changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected companies, with a reason (the owners are emailed)"))
    def reject(self, request, queryset):
        return self.apply_with_reason(
            request, queryset, action="reject", title=_("Reject companies"),
            apply=lambda companies, reason: services.reject_companies(companies=companies, reason=reason),
            intro=_("These companies will be changed and their owners emailed:"),
            done_message=lambda n: ngettext("%(count)d company rejected.", "%(count)d companies rejected.", n))

    @admin.action(description=_("Suspend the selected companies, with a reason (the owners are emailed)"))
    def suspend(self, request, queryset):
        return self.apply_with_reason(
            request, queryset, action="suspend", title=_("Suspend companies"),
            apply=lambda companies, reason: services.suspend_companies(companies=companies, reason=reason),
            intro=_("These companies will be changed and their owners emailed:"),
            done_message=lambda n: ngettext("%(count)d company suspended.", "%(count)d companies suspended.", n))

    @admin.action(description=_("Deactivate the selected companies, with a reason (the owners are emailed)"))
    def deactivate(self, request, queryset):
        return self.apply_with_reason(
            request, queryset, action="deactivate", title=_("Deactivate companies"),
            apply=lambda companies, reason: services.deactivate_companies(companies=companies, reason=reason),
            intro=_("These companies will be changed and their owners emailed:"),
            done_message=lambda n: ngettext("%(count)d company deactivated.", "%(count)d companies deactivated.",
                                            n))


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "company", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "company__name"]
    autocomplete_fields = ["user", "company"]


@admin.register(HSChapter)
class HSChapterAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_vi", "name_az"]
    search_fields = ["name_en", "name_vi", "name_az"]

    def has_add_permission(self, request):
        return False  # the nomenclature is fixed; only the names may be corrected

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Listing)
class ListingAdmin(ReasonedActionsMixin, admin.ModelAdmin):
    list_display = ["title", "company", "kind", "hs_chapter", "sector", "status", "expires_on", "created_at"]
    list_filter = ["status", "kind", "sector", "company__country"]
    list_select_related = ["company", "hs_chapter", "sector"]
    search_fields = ["title", "description", "company__name"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["company"]
    readonly_fields = ["status", "status_reason", "moderated_at", "created_at", "updated_at"]  # see CompanyAdmin
    actions = ["approve", "reject"]
    fieldsets = [
        (None, {"fields": ["company", "kind", "title", "description", "sector", "hs_chapter", "target_countries",
                           "expires_on"]}),
        (_("Moderation"), {"fields": ["status", "status_reason", "moderated_at", "created_at", "updated_at"]}),
    ]

    @admin.action(description=_("Approve the selected entries (the owners are emailed)"))
    def approve(self, request, queryset):
        changed = services.approve_listings(listings=queryset)
        self.message_user(request, ngettext("%(count)d entry approved.", "%(count)d entries approved.",
                                            changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected entries, with a reason (the owners are emailed)"))
    def reject(self, request, queryset):
        return self.apply_with_reason(
            request, queryset.select_related("company"), action="reject", title=_("Reject marketplace entries"),
            apply=lambda listings, reason: services.reject_listings(listings=listings, reason=reason),
            intro=_("These entries will be changed and their companies' owners emailed:"),
            done_message=lambda n: ngettext("%(count)d entry rejected.", "%(count)d entries rejected.", n))
