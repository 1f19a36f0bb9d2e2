"""Trade fair pages: the list, a fair (its going companies, a company's suggestions among them and its
proposals), "we will be there", a meeting proposal and its withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from companies.models import Company, ModerationStatus
from market import fairs_selectors as selectors
from market import fairs_services as services
from market.forms_fairs import AttendanceForm, FairFilter, ProposalForm
from market.models import Fair, FairMeetingProposal

FAIRS_PER_PAGE = 20


def fair_list(request):
    """Fairs to come (and running) first, soonest first; the past ones after, most recent first."""
    fair_filter = FairFilter(request.GET or None, queryset=selectors.listed_fairs())
    fairs = fair_filter.qs
    page = Paginator(fairs.upcoming().order_by("start_date", "name"), FAIRS_PER_PAGE).get_page(
        request.GET.get("page"))
    past = list(fairs.past().order_by("-start_date", "name")[:selectors.PAST_FAIRS_SHOWN])
    return render(request, "market/fairs/list.html", {"filter": fair_filter, "page": page, "past": past})


def fair_detail(request, slug):
    fair = get_object_or_404(selectors.fair_with_sectors(), slug=slug)
    company = request.membership.company if request.membership else None
    going = selectors.going_companies(fair)
    proposals = selectors.proposals_of(fair, company)
    attendance = next((a for a in going if a.company_id == getattr(company, "pk", None)), None)
    if attendance is None and company is not None and company.status != ModerationStatus.APPROVED:
        attendance = selectors.attendance_of(fair, company)  # an unapproved company's mark, not listed
    # Suggestions are for meeting there: none once the fair is over.
    suggestions = selectors.fair_suggestions(company, going, proposals) if company and not fair.is_past else []
    return render(request, "market/fairs/detail.html", {
        "fair": fair, "company": company, "going": going, "attendance": attendance, "suggestions": suggestions,
        "received": [p for p in proposals if p.recipient_id == company.pk] if company else [],
        "sent": [p for p in proposals if p.sender_id == company.pk] if company else [],
        "can_attend": company is not None and company.status == ModerationStatus.APPROVED and not fair.is_past,
    })


@login_required
@require_http_methods(["GET", "POST"])
def attend(request, slug):
    """Mark "we will be there" with what the company seeks, or change it."""
    fair = get_object_or_404(Fair, slug=slug)
    company = _company_or_deny(request)
    _deny_unless(services.check_can_attend, fair=fair, company=company)
    attendance = selectors.attendance_of(fair, company)
    form = AttendanceForm(request.POST or None, instance=attendance)
    if request.method == "POST" and form.is_valid():
        services.attend_fair(fair=fair, company=company, seeks=form.cleaned_data["seeks"], by=request.user)
        messages.success(request, _("Your company is on the list of companies going to %(fair)s.")
                         % {"fair": fair.name})
        return redirect(fair)
    return render(request, "market/fairs/attend.html", {"fair": fair, "form": form, "attendance": attendance})


@login_required
@require_POST
def leave(request, slug):
    fair = get_object_or_404(Fair, slug=slug)
    company = _company_or_deny(request)
    if _deny_unless(services.leave_fair, fair=fair, company=company):
        messages.success(request, _("Your company is no longer on the list of companies going to %(fair)s.")
                         % {"fair": fair.name})
    return redirect(fair)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, slug, company):
    """A message proposing to meet a going company at the fair, emailed to its members."""
    fair = get_object_or_404(Fair, slug=slug)
    recipient = get_object_or_404(Company.objects.approved(), slug=company,
                                  fair_attendances__fair=fair)
    sender = _company_or_deny(request)
    _deny_unless(services.check_can_propose, fair=fair, sender=sender, recipient=recipient)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_meeting(fair=fair, sender=sender, recipient=recipient,
                                     message=form.cleaned_data["message"], by=request.user)
        except services.FairError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your proposal was sent to %(company)s by email. They will reply to you "
                                        "directly.") % {"company": recipient.name})
            return redirect(fair)
    return render(request, "market/fairs/propose.html", {"fair": fair, "recipient": recipient, "form": form})


@login_required
@require_POST
def withdraw(request, slug, pk):
    proposal = get_object_or_404(FairMeetingProposal.objects.select_related("fair"), pk=pk, fair__slug=slug)
    company = _company_or_deny(request)
    _deny_unless(services.withdraw_proposal, proposal=proposal, company=company)
    messages.success(request, _("Your proposal was withdrawn."))
    return redirect(proposal.fair)


def _company_or_deny(request) -> Company:
    if not request.membership:
        raise PermissionDenied(_("Companies go to fairs: create your company profile first."))
    return request.membership.company


def _deny_unless(check, **kwargs):
    """Run a service (or a check) whose refusal means the user may not do this here: a 403 with its reason."""
    try:
        return check(**kwargs)
    except services.FairError as error:
        raise PermissionDenied(str(error)) from None
