"""Importing participants from a file (issue 17): the organizer's upload, preview and apply; and the invited
company's side, the signed link's landing page and its pre-filled company form.

The organizer's pages follow events.views.organizer: anonymous visitors log in, a signed-in user who may not
manage the event (its viewers included: an import writes) gets 403. Between the preview and the apply only the
file's parsed rows are kept, in the session, under a random key bound to the event and the user (STORE); the
file itself is never saved. The apply takes the rows out of the session, so the same preview cannot be applied
twice from there (the service would write nothing the second time anyway).
"""

import csv
import secrets
import time

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from companies.errors import CompanyError
from companies.forms import CompanyForm
from events.errors import EventError
from events.forms_imports import ImportUploadForm
from events.import_files import COLUMN_LABELS, FIELDS, MAX_ROWS, REQUIRED, TEMPLATE_HEADER
from events.models import Event, ParticipantInvitation
from events.permissions import managed_event_or_deny
from events.services import imports as service

# The session's previews: key → {"event", "user", "at", "name", "rows", "ignored"}.
STORE = "event_imports"
# How long a preview can be applied, and how many a session keeps (a preview of 2,000 rows is a few hundred kB).
STORE_MAX_AGE = 24 * 60 * 60
STORE_MAX_ITEMS = 3
PREVIEW = "preview"


def _store(request, event, parsed, name: str) -> str:
    now = time.time()
    stored = {key: item for key, item in request.session.get(STORE, {}).items()
              if isinstance(item, dict) and now - item.get("at", 0) < STORE_MAX_AGE}
    for key in sorted(stored, key=lambda key: stored[key]["at"])[:max(len(stored) - STORE_MAX_ITEMS + 1, 0)]:
        del stored[key]
    key = secrets.token_urlsafe(16)
    stored[key] = {"event": event.pk, "user": request.user.pk, "at": now, "name": name[:200],
                   "rows": parsed.rows, "ignored": parsed.ignored[:20]}
    request.session[STORE] = stored
    return key


def _stored(request, event, key: str) -> dict | None:
    item = request.session.get(STORE, {}).get(key)
    if (not isinstance(item, dict) or item.get("event") != event.pk or item.get("user") != request.user.pk
            or time.time() - item.get("at", 0) >= STORE_MAX_AGE):
        return None
    return item


def _forget(request, key: str) -> None:
    stored = request.session.get(STORE, {})
    if stored.pop(key, None) is not None:
        request.session[STORE] = stored


@login_required
@require_http_methods(["GET", "POST"])
def import_participants(request, slug):
    """GET: the upload form, and with PREVIEW (a key of the session) the preview of that file. POST: the file read
    and its rows kept in the session, then back here with its preview; a bad file gets the form again with the
    reason, and nothing is kept."""
    event = managed_event_or_deny(request.user, slug)
    form = ImportUploadForm(*(request.POST, request.FILES) if request.method == "POST" else ())
    if request.method == "POST" and form.is_valid():
        key = _store(request, event, form.cleaned_data["parsed"], form.cleaned_data["file"].name)
        return redirect(f"{reverse('events:import_participants', args=[event.slug])}?{urlencode({PREVIEW: key})}")
    key = request.GET.get(PREVIEW, "")
    stored = _stored(request, event, key) if key and request.method == "GET" else None
    if key and request.method == "GET" and stored is None:
        messages.error(request, _("That preview is no longer available: it was applied, or it expired. Upload the "
                                  "file again."))
        return redirect("events:import_participants", event.slug)
    preview = service.preview_import(event=event, rows=service.stored_rows(stored["rows"])) if stored else None
    return render(request, "events/imports/import.html", {
        "event": event, "form": form, "preview": preview, "key": key, "stored": stored,
        "columns": [(COLUMN_LABELS[name], name in REQUIRED) for name in FIELDS],
        "max_rows": MAX_ROWS, "invitations": None if preview else service.sent_invitations(event),
    })


@login_required
@require_POST
def apply_import(request, slug):
    event = managed_event_or_deny(request.user, slug)
    key = request.POST.get(PREVIEW, "")
    stored = _stored(request, event, key)
    if stored is None:
        messages.error(request, _("That preview is no longer available: it was applied, or it expired. Upload the "
                                  "file again."))
        return redirect("events:import_participants", event.slug)
    try:
        result = service.apply_import(event=event, rows=service.stored_rows(stored["rows"]), by=request.user)
    except EventError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('events:import_participants', args=[event.slug])}?{urlencode({PREVIEW: key})}")
    _forget(request, key)
    messages.success(request, result.message())
    return redirect("events:import_participants", event.slug)


@login_required
@require_POST
def resend_invitation(request, slug, pk: int):
    return _invitation_action(request, slug, pk, service.resend_invitation, lambda invitation: _(
        "The invitation was sent again to %(email)s, with a new link.") % {"email": invitation.email})


@login_required
@require_POST
def withdraw_invitation(request, slug, pk: int):
    return _invitation_action(request, slug, pk, service.withdraw_invitation, lambda invitation: _(
        "The invitation of %(company)s was withdrawn: its link no longer works.")
        % {"company": invitation.company_name})


def _invitation_action(request, slug, pk: int, action, success):
    """Run `action` on one of the event's invitations, then back to the list with `success(invitation)` or the
    reason it was refused."""
    event = managed_event_or_deny(request.user, slug)
    invitation = get_object_or_404(ParticipantInvitation, pk=pk, event=event)
    try:
        action(invitation=invitation)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(invitation))
    return redirect(f"{reverse('events:import_participants', args=[event.slug])}#invitations")


@login_required
@require_safe
def import_template(request, slug):
    """An empty list with the expected header, as CSV UTF-8 with a byte-order mark (so that Excel reads it as
    UTF-8 when it opens it)."""
    managed_event_or_deny(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="participants.csv"'
    response.write("\ufeff")
    csv.writer(response).writerow(TEMPLATE_HEADER)
    return response


# The invited company ---------------------------------------------------------------------------------------------


def _invitation_or_page(request, slug, token):
    """(event, invitation, None), or (None, None, the page that says the link does not work)."""
    event = get_object_or_404(Event, slug=slug)
    try:
        return event, service.invitation_from_token(event=event, token=token), None
    except service.InvitationLinkError as error:
        page = render(request, "events/invitations/invalid.html", {"event": event, "reason": str(error)},
                      status=410 if error.expired else 400)
        return None, None, page


@require_http_methods(["GET", "POST"])
def participant_invitation(request, slug, token):
    """The signed link of an invitation email. GET: what the invitation is and the way on: sign up (the address
    is taken as verified: the link was opened from its mailbox, allauth's invitation hook) or log in, then the
    pre-filled company form; a signed-in user with a company may take it up for that company. POST: that."""
    event, invitation, page = _invitation_or_page(request, slug, token)
    if page is not None:
        return page
    membership = request.membership if request.user.is_authenticated else None
    company = membership.company if membership else None
    if request.method == "POST":
        if company is None:
            return redirect(request.path)
        try:
            participation = service.accept_invitation(invitation=invitation, company=company)
        except EventError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        if participation is None:
            messages.success(request, _("Thank you. %(company)s will be registered for %(event)s once our team has "
                                        "approved its profile.") % {"company": company.name, "event": event.title})
        elif participation.status == participation.Status.WAITING:
            messages.success(request, _("%(company)s is on the waiting list of %(event)s: the event is full.")
                             % {"company": company.name, "event": event.title})
        else:
            messages.success(request, _("%(company)s is registered for %(event)s.")
                             % {"company": company.name, "event": event.title})
        return redirect(event)
    company_form = reverse("events:invitation_company", args=[event.slug, token])
    if not request.user.is_authenticated:
        get_adapter(request).stash_verified_email(request, invitation.email)
    return render(request, "events/invitations/landing.html", {
        "event": event, "invitation": invitation, "company": company,
        "taken": invitation.accepted_at is not None or service.taken_by_another(invitation, company),
        "signup_url": f"{reverse('account_signup')}?{urlencode({'next': company_form, 'email': invitation.email})}",
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        "company_form": company_form, "expires": service.expires_at(invitation),
    })


@login_required
@require_http_methods(["GET", "POST"])
def invitation_company(request, slug, token):
    """The company form, pre-filled from the invitation (name, country, website, contact); on submit the profile
    goes to review, tied to the invitation, and is registered for the event once approved."""
    event, invitation, page = _invitation_or_page(request, slug, token)
    if page is not None:
        return page
    if request.membership or invitation.company_id or invitation.accepted_at:
        return redirect("events:participant_invitation", event.slug, token)
    form = CompanyForm(request.POST or None, request.FILES or None,
                       initial=service.invitation_initial(invitation, user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            service.create_invited_company(invitation=invitation, owner=request.user, data=form.profile_data(),
                                           logo=form.processed_logo)
        except (EventError, CompanyError) as error:
            messages.error(request, str(error))
            return redirect("events:participant_invitation", event.slug, token)
        messages.success(request, _("Your company profile was submitted. Once our team has reviewed it, your "
                                    "company is registered for %(event)s.") % {"event": event.title})
        return redirect("companies:mine")
    return render(request, "events/invitations/company_form.html", {"event": event, "invitation": invitation,
                                                                    "form": form})
