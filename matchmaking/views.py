"""Suggested partners: for a company, for a participant inside an event, and an event's best pairs for its
organizers, who can introduce them. Marks ("must meet", "not interested") change the ranking at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from companies.models import Company
from events.models import Participation
from events.permissions import taking_part_or_deny, viewed_event_or_deny
from matchmaking import page_cache, selectors, services
from matchmaking.forms import CLEAR, IntroductionForm, PreferenceForm
from matchmaking.models import PreferenceKind
from matchmaking.reasons import explain


@login_required
def partners(request):
    """The company's suggested partners, best first, 20 a page; its marks, with undo, beside them."""
    membership = request.membership
    if not membership:
        messages.info(request, _("Create your company profile first: suggestions are made for companies."))
        return redirect("companies:create")
    company = membership.company

    # The same for every member of the company until a write changes it: cached (matchmaking.page_cache).
    def context():
        page = selectors.company_suggestion_page(company, request.GET.get("page"))
        return {
            "request": request,
            "user": request.user,
            "my_membership": membership,
            "company": company,
            "page": page,
            "suggestions": page.object_list,
            "marks": selectors.marked_companies(company),
        }

    return render(request, "matchmaking/partners.html", page_cache.suggestions_page_fragments(
        request, company, templates={"body": "matchmaking/includes/partners_body.html"}, context=context))


@login_required
@require_POST
def mark(request, slug):
    """Set or undo the company's mark on another company, then go back where the button was."""
    membership = request.membership
    if not membership:
        raise PermissionDenied
    form = PreferenceForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Unknown mark."))
    kind = form.cleaned_data["kind"]
    # A mark can be undone on any company; a new one only on a company in the directory.
    others = Company.objects.all() if kind == CLEAR else Company.objects.approved()
    other = get_object_or_404(others, slug=slug)
    try:
        if kind == CLEAR:
            services.clear_preference(company=membership.company, other=other)
            messages.success(request, _("Your mark on %(company)s was removed.") % {"company": other.name})
        else:
            services.set_preference(company=membership.company, other=other, kind=kind)
            text = (_("%(company)s is now at the top of your suggestions.") if kind == PreferenceKind.MUST_MEET
                    else _("%(company)s will not be suggested to you any more."))
            messages.success(request, text % {"company": other.name})
    except services.MatchmakingError as error:
        messages.error(request, str(error))
    next_url = form.cleaned_data["next"]
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("matchmaking:partners")


@login_required
def event_suggestions(request, slug):
    """Suggested partners among an event's approved participants, with a "request a meeting" button."""
    participation = taking_part_or_deny(request, slug)
    event = participation.event
    page = selectors.event_suggestion_page(participation, request.GET.get("page"))
    return render(request, "matchmaking/event_suggestions.html", {
        "event": event,
        "participation": participation,
        "page": page,
        "suggestions": page.object_list,
    })


@login_required
@require_http_methods(["GET", "POST"])
def introductions(request, slug):
    """The organizer's view of the event's best pairs who have not asked each other yet; "introduce" emails
    both companies. The event's viewers see the pairs (GET) without the buttons; introducing is for those who
    manage the event."""
    event = viewed_event_or_deny(request.user, slug)
    if request.method == "POST":
        if not event.can_manage:
            raise PermissionDenied
        form = IntroductionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Choose two participants of this event."))
        approved = Participation.objects.taking_part().filter(event=event).select_related("company", "event")
        first = get_object_or_404(approved, pk=form.cleaned_data["first"])
        second = get_object_or_404(approved, pk=form.cleaned_data["second"])
        try:
            services.introduce(event=event, first=first, second=second, by=request.user)
        except services.MatchmakingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(first)s and %(second)s were introduced by email.")
                             % {"first": first.company.name, "second": second.company.name})
        return redirect("matchmaking:introductions", slug=event.slug)
    pairs = selectors.event_pair_suggestions(event)
    sectors = selectors.sector_names()
    for pair in pairs:
        pair.lines = explain(pair.match, sectors=sectors, first=pair.first.company.name,
                             second=pair.second.company.name)
    return render(request, "matchmaking/introductions.html", {
        "event": event,
        "can_manage": event.can_manage,
        "pairs": pairs,
        "now": timezone.now(),
    })
