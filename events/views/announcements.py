"""Organizer announcements: the organizer's page (sent announcements, the form, a confirmation step before the
send) and the participants' page where a company reads the announcements it received.

The organizer's page follows events.views.organizer: an anonymous visitor is sent to log in, a signed-in user
who may not manage the event gets 403. The participants' page is only for members of a company that received
an announcement of the event; to everyone else signed in it does not exist (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from events.errors import EventError
from events.forms_announcements import AnnouncementForm
from events.models import AnnouncementAudience, Event
from events.permissions import viewed_event_or_deny
from events.services import announcements as service
from events.services import bulk

# The confirmation page posts the form again with one of these: CONFIRM sends, EDIT shows the form again filled
# in; without either a valid form is only previewed.
CONFIRM = "confirm"
EDIT = "edit"
# The dashboard's selection of participants (a signed token), in the query string and then in the form.
SELECTION = "selection"


@login_required
@require_http_methods(["GET", "POST"])
def announcements(request, slug):
    """GET: the sent announcements and an empty form. POST: the preview ("Send to 23 companies?"); POST with
    CONFIRM from the preview: the send; with EDIT: the form again, filled in.

    With SELECTION (GET from the dashboard's bulk form, then in the form's hidden field): the announcement goes
    to the registrations chosen on the dashboard (a signed token, events.services.bulk.selection_token), the
    only audience offered; a forged or expired token, or one of another event, leads back to the dashboard.

    The event's viewers see the sent announcements (GET, without the form); the form and every POST are for
    those who manage the event (403).
    """
    event = viewed_event_or_deny(request.user, slug)
    token = request.POST.get(SELECTION) or request.GET.get(SELECTION) or ""
    if not event.can_manage and (request.method == "POST" or token):
        raise PermissionDenied
    selected = []
    if token:
        ids = bulk.selection_ids(event=event, token=token)
        if ids is None:
            messages.error(request, _("That selection is no longer valid. Please choose the participants again."))
            return redirect("events:dashboard", event.slug)
        selected = list(service.selected_participations(event, ids).select_related("company")
                        .order_by("company__name"))
        counts = {AnnouncementAudience.SELECTED: len(selected)}
    else:
        counts = service.audience_counts(event)
    form = AnnouncementForm(request.POST or None, counts=counts, online=event.has_online, selection=token)
    if request.method == "POST" and EDIT not in request.POST and form.is_valid():
        if service.sent_today(event) >= service.DAILY_LIMIT:
            form.add_error(None, service.limit_reached_message())  # before the preview; the service holds it
        elif CONFIRM not in request.POST:
            return render(request, "events/announcements/confirm.html", {
                "event": event, "form": form, "count": counts[form.cleaned_data["audience"]],
                "audience_label": service.AnnouncementAudience(form.cleaned_data["audience"]).label,
                "preview": form.preview(event), "confirm": CONFIRM, "edit": EDIT, "selected": selected,
            })
        else:
            try:
                announcement = service.send_announcement(
                    event=event, author=request.user, audience=form.cleaned_data["audience"], texts=form.texts(),
                    companies=[participation.company_id for participation in selected])
            except EventError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, ngettext(
                    "The announcement is on its way to %(count)d company.",
                    "The announcement is on its way to %(count)d companies.", announcement.recipient_count,
                ) % {"count": announcement.recipient_count})
                return redirect("events:announcements", event.slug)
    sent = list(service.sent_announcements(event))
    for announcement in sent:
        announcement.languages = [service.LANGUAGE_NAMES[code] for code in service.written_languages(announcement)]
        announcement.sender = service.sender_name(announcement)
    return render(request, "events/announcements/organizer.html", {
        "event": event, "form": form, "can_manage": event.can_manage, "sent": sent, "selected": selected,
        "daily_limit": service.DAILY_LIMIT, "left_today": max(service.DAILY_LIMIT - service.sent_today(event), 0),
    })


@login_required
@require_safe
def received(request, slug):
    """The event's announcements to the user's company, newest first, each in the reader's language if written
    (else the first written), with the other languages it was written in below."""
    event = get_object_or_404(Event, slug=slug)
    membership = request.membership
    if not membership:  # a lazy object: None inside is falsy, `is None` is not
        raise Http404
    items = list(service.received_announcements(membership.company, event))
    if not items:
        raise Http404
    language = get_language()
    for announcement in items:
        shown = service.language_for(announcement, language)
        announcement.subject, announcement.body = announcement.text_in(shown)
        announcement.sender = service.sender_name(announcement)
        announcement.others = [(service.LANGUAGE_NAMES[code], *announcement.text_in(code))
                               for code in service.written_languages(announcement) if code != shown]
    return render(request, "events/announcements/received.html", {"event": event, "announcements": items})
