from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from companies import fragments, services
from companies.filters import CompanyFilter, ListingFilter
from companies.forms import CompanyForm, ListingForm
from companies.models import Company, Listing
from companies.selectors import (
    can_edit,
    can_see_contact,
    listings_of,
    listings_visible_to,
    open_listings_by_kind,
    public_companies,
    public_listings,
)
from config.paging import CappedPaginator

# The entry page is where a reader acts on an entry, i.e. meets its company at an event: the one page of this app
# that reads events (the rest of companies does not know about them, see can_see_contact).
from events.selectors import meeting_places

# How many offers, and how many requests, a company page shows before "See all in the marketplace".
COMPANY_PAGE_LISTINGS = 5


def directory(request):
    # The filters and results are the same for every reader of this address: cached (companies.fragments).
    def context():
        company_filter = CompanyFilter(request.GET or None, queryset=public_companies())
        page = CappedPaginator(company_filter.qs, settings.COMPANY_PAGE_SIZE).get_page(
            request.GET.get("page"), head=company_filter.name_first())
        return {"request": request, "filter": company_filter, "page": page}

    return render(request, "companies/directory.html", fragments.public_list_fragments(
        request, "directory", filterset=CompanyFilter, templates={"body": "companies/includes/directory_body.html"},
        context=context))


def detail(request, slug):
    company = get_object_or_404(Company.objects.approved(), slug=slug)
    can_change = can_edit(request.user, company)

    # The profile, facts and open entries are the same for every reader: cached per company (companies.fragments).
    def context():
        listings = open_listings_by_kind(company, limit=COMPANY_PAGE_LISTINGS)
        return {"company": company, "offers": listings[Listing.Kind.OFFER], "requests": listings[Listing.Kind.REQUEST]}

    return render(request, "companies/detail.html", {
        "company": company,
        "show_contact": can_see_contact(request.user, company),
        "can_edit": can_change,
        # The owner is invited to publish when the company has no open entry.
        "has_open_listings": can_change and public_listings().filter(company=company).exists(),
        **fragments.company_page_fragments(company, templates={
            "about": "companies/includes/profile_about.html",
            "facts": "companies/includes/profile_facts.html",
        }, context=context),
    })


@login_required
def mine(request):
    """The signed-in user's company, whatever its moderation status, or an invitation to create one."""
    membership = request.membership
    if not membership:
        return redirect("companies:create")
    return render(request, "companies/mine.html", {
        "company": membership.company,
        "membership": membership,
    })


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if request.membership:
        messages.info(request, _("You already belong to a company."))
        return redirect("companies:mine")
    form = CompanyForm(request.POST or None, request.FILES or None,
                       initial={"email_language": get_language(), "contact_email": request.user.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_company(owner=request.user, data=form.profile_data(), logo=form.processed_logo)
        except services.CompanyError as error:
            messages.error(request, str(error))
            return redirect("companies:mine")
        messages.success(request, _("Your company profile was submitted. It appears in the directory "
                                    "once our team has reviewed it."))
        return redirect("companies:mine")
    return render(request, "companies/form.html", {"form": form, "is_new": True})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    membership = request.membership
    if not membership or membership.company.slug != slug:
        # Not their company: the same answer whether or not it exists, so nothing leaks.
        raise PermissionDenied
    if not membership.is_owner:
        raise PermissionDenied
    company = membership.company
    form = CompanyForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        services.update_company(
            company=company,
            data=form.profile_data(),
            logo=form.processed_logo,
            remove_logo=form.cleaned_data.get("remove_logo", False),
        )
        messages.success(request, _("Your company profile was saved."))
        return redirect("companies:mine")
    return render(request, "companies/form.html", {"form": form, "company": company, "is_new": False})


# Marketplace ---------------------------------------------------------------------------------------------------


def marketplace(request):
    # As the directory's: the same for every reader of this address, cached.
    def context():
        listing_filter = ListingFilter(request.GET or None, queryset=public_listings())
        page = CappedPaginator(listing_filter.qs, settings.COMPANY_PAGE_SIZE).get_page(request.GET.get("page"))
        slug = request.GET.get("company")
        return {
            "request": request,
            "filter": listing_filter,
            "page": page,
            # Named above the results: the company filter is a hidden field.
            "of_company": Company.objects.approved().filter(slug=slug).first() if slug else None,
        }

    return render(request, "companies/marketplace.html", fragments.public_list_fragments(
        request, "marketplace", filterset=ListingFilter,
        templates={"body": "companies/includes/marketplace_body.html"}, context=context))


def listing_detail(request, pk):
    """One entry, with a way to act on it: public while it is listed (approved, unexpired, of an approved company);
    its company's people see it in any state with its status, staff see every entry; anyone else gets a 404."""
    membership = request.membership or None
    listing = get_object_or_404(listings_visible_to(request.user, membership), pk=pk)
    own = membership is not None and membership.company_id == listing.company_id
    shared, elsewhere = ([], []) if own else meeting_places(listing.company, membership and membership.company)
    expired = listing.expires_on < timezone.localdate()
    return render(request, "companies/listing_detail.html", {
        "listing": listing,
        "company": listing.company,
        "own": own,
        "can_change": own and membership.is_owner,
        "expired": expired,
        "listed": listing.is_public and not expired and listing.company.is_public,
        "canonical_url": settings.SITE_URL + listing.get_absolute_url(),
        "shared_events": shared,
        "other_events": elsewhere,
    })


@login_required
def my_listings(request):
    """The company's own offers and requests, whatever their status; only owners may change them."""
    membership = request.membership
    if not membership:
        return redirect("companies:create")
    return render(request, "companies/listing_mine.html", {
        "company": membership.company,
        "membership": membership,
        "listings": listings_of(membership.company),
        "today": timezone.localdate(),
    })


def _owner_membership(request):
    membership = request.membership
    if not membership or not membership.is_owner:
        raise PermissionDenied
    return membership


def _own_listing(request, pk):
    """An entry of the owner's company; anyone else's is a 403 whether or not it exists, so nothing leaks."""
    membership = _owner_membership(request)
    listing = listings_of(membership.company).filter(pk=pk).first()
    if listing is None:
        raise PermissionDenied
    return listing


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request):
    membership = _owner_membership(request)
    form = ListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_listing(company=membership.company, data=form.cleaned_data)
        except services.CompanyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your entry was submitted. It appears in the marketplace once our team "
                                        "has reviewed it."))
            return redirect("companies:my_listings")
    return render(request, "companies/listing_form.html", {"form": form, "is_new": True})


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request, pk):
    listing = _own_listing(request, pk)
    form = ListingForm(request.POST or None, instance=listing)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_listing(listing=listing, data=form.cleaned_data)
        except services.CompanyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your entry was saved. It is reviewed again before it reappears in the "
                                        "marketplace."))
            return redirect("companies:my_listings")
    return render(request, "companies/listing_form.html", {"form": form, "listing": listing, "is_new": False})


@login_required
@require_http_methods(["GET", "POST"])
def listing_delete(request, pk):
    listing = _own_listing(request, pk)
    if request.method == "POST":
        services.delete_listing(listing=listing)
        messages.success(request, _("Your entry was deleted."))
        return redirect("companies:my_listings")
    return render(request, "companies/listing_confirm_delete.html", {"listing": listing})
