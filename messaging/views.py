"""Conversations: the threads page, a thread, writing to a company (from its entry, a suggestion, a meeting
request or a meeting), blocking and reporting. Every page needs a signed-in member of a company; a thread is
found only among the threads of the user's company, so anyone else gets 404 (staff too: moderators read reported
threads in the admin)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from companies.models import Company, Listing
from events.models import Meeting, MeetingRequest
from messaging import selectors, services
from messaging.forms import MessageForm, ReportForm
from messaging.models import Thread

THREADS_PER_PAGE = 20


def _company_or_deny(request) -> Company:
    membership = request.membership
    if not membership:
        raise PermissionDenied(_("Create your company profile first: conversations are between companies."))
    return membership.company


def _thread_or_404(request, pk: int) -> tuple[Thread, Company]:
    membership = request.membership
    if not membership:
        raise Http404
    thread = get_object_or_404(selectors.threads_of(membership.company_id)
                               .select_related("company_low", "company_high", "listing",
                                               "meeting_request__event", "meeting__event"), pk=pk)
    return thread, membership.company


@login_required
def threads(request):
    company = _company_or_deny(request)
    page = Paginator(selectors.threads_page(user=request.user, company=company),
                     THREADS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"thread": thread, "other": thread.other(company.pk), "mine": thread.last_sender_id == company.pk}
            for thread in page.object_list]
    return render(request, "messaging/threads.html", {"page": page, "rows": rows, "company": company})


@login_required
def blocked(request):
    company = _company_or_deny(request)
    return render(request, "messaging/blocked.html", {"company": company, "blocks": selectors.blocks_of(company)})


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, pk: int):
    thread, company = _thread_or_404(request, pk)
    other = thread.other(company.pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_message(author=request.user, company=company, thread=thread,
                                  body=form.cleaned_data["body"])
        except services.MessagingError as error:
            form.add_error("body", str(error))
        else:
            return redirect(thread.get_absolute_url() + "#latest")
    history = list(selectors.messages_of(thread))
    services.mark_read(user=request.user, thread=thread)
    i_blocked = selectors.blocked_by(company, other)
    return render(request, "messaging/thread.html", {
        "thread": thread, "company": company, "other": other, "history": history, "form": form,
        "i_blocked": i_blocked, "they_blocked": not i_blocked and selectors.blocked_by(other, company),
    }, status=400 if form.errors else 200)


def _start_context(request, company: Company, other: Company) -> dict:
    """Where "Write to them" was pressed (?listing=, ?request=, ?meeting=, ?from=suggestion), checked to be
    about these two companies (else 404)."""
    pair = [company.pk, other.pk]
    params = request.GET if request.method == "GET" else request.POST
    try:
        if params.get("listing"):
            listing = get_object_or_404(Listing, pk=int(params["listing"]), company__in=pair)
            return {"started_from": Thread.StartedFrom.LISTING, "listing": listing, "subject": listing.title}
        if params.get("request"):
            meeting_request = get_object_or_404(
                MeetingRequest.objects.select_related("event"), pk=int(params["request"]),
                requester__company__in=pair, recipient__company__in=pair)
            return {"started_from": Thread.StartedFrom.REQUEST, "meeting_request": meeting_request,
                    "subject": meeting_request.event.title}
        if params.get("meeting"):
            meeting = get_object_or_404(
                Meeting.objects.select_related("event"), pk=int(params["meeting"]),
                request__requester__company__in=pair, request__recipient__company__in=pair)
            return {"started_from": Thread.StartedFrom.MEETING, "meeting": meeting, "subject": meeting.event.title}
    except ValueError:
        raise Http404 from None
    if params.get("from") == "suggestion":
        return {"started_from": Thread.StartedFrom.SUGGESTION}
    return {"started_from": Thread.StartedFrom.COMPANY}


@login_required
@require_http_methods(["GET", "POST"])
def start(request, slug: str):
    """Write to a company: the first message of a new thread, or the next one of the pair's thread."""
    company = _company_or_deny(request)
    other = get_object_or_404(Company.objects.approved(), slug=slug)
    if other.pk == company.pk:
        raise Http404
    context = _start_context(request, company, other)
    existing = selectors.existing_thread(company, other)
    if request.method == "GET" and existing is not None:
        return redirect(existing.get_absolute_url() + "#reply")
    refusal = ""
    try:
        services.check_can_write(company=company, other=other)
    except services.MessagingError as error:
        refusal = str(error)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            message = services.start_conversation(author=request.user, company=company, other=other,
                                                  body=form.cleaned_data["body"], **context)
        except services.MessagingError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, _("Your message was sent to %(company)s.") % {"company": other.name})
            return redirect(message.thread.get_absolute_url() + "#latest")
    return render(request, "messaging/start.html", {
        "other": other, "form": form, "refusal": refusal, "context": context,
        "context_param": _context_param(context),
    }, status=400 if (request.method == "POST" and (form.errors or refusal)) else 200)


def _context_param(context: dict) -> tuple[str, str] | None:
    """The hidden field that carries the context from the form to its POST."""
    for name, key in (("listing", "listing"), ("request", "meeting_request"), ("meeting", "meeting")):
        if context.get(key) is not None:
            return name, str(context[key].pk)
    if context["started_from"] == Thread.StartedFrom.SUGGESTION:
        return "from", "suggestion"
    return None


@login_required
@require_POST
def block(request, pk: int):
    thread, company = _thread_or_404(request, pk)
    other = thread.other(company.pk)
    services.block_company(company=company, other=other, by=request.user)
    messages.success(request, _("You blocked %(company)s: neither of you can write to the other or ask for a "
                                "meeting until you unblock it.") % {"company": other.name})
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def unblock(request, pk: int):
    thread, company = _thread_or_404(request, pk)
    other = thread.other(company.pk)
    services.unblock_company(company=company, other=other)
    messages.success(request, _("You unblocked %(company)s.") % {"company": other.name})
    if request.POST.get("back") == "blocked":  # from the list of blocked companies
        return redirect("messaging:blocked")
    return redirect(thread.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    thread, company = _thread_or_404(request, pk)
    other = thread.other(company.pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_thread(reporter=request.user, company=company, thread=thread,
                                   reason=form.cleaned_data["reason"], note=form.cleaned_data["note"])
        except services.MessagingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. Our team will look at this conversation. You can also block "
                                        "%(company)s.") % {"company": other.name})
            return redirect(thread.get_absolute_url())
    return render(request, "messaging/report.html", {"thread": thread, "other": other, "form": form},
                  status=400 if form.errors else 200)
