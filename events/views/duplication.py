"""An organizer makes a new edition of an event (events.services.duplication)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.errors import EventError
from events.forms_duplication import DuplicateEventForm
from events.permissions import managed_event_or_deny
from events.services.duplication import duplicate_event


@login_required
@require_http_methods(["GET", "POST"])
def duplicate(request, slug):
    source = managed_event_or_deny(request.user, slug)
    form = DuplicateEventForm(request.POST or None, event=source, initial={"title": source.title})
    if request.method == "POST" and form.is_valid():
        try:
            event = duplicate_event(source=source, **form.cleaned_data)
        except EventError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The new event was created as a draft. Check its settings, then publish it."))
            return redirect("events:edit", event.slug)
    return render(request, "events/organizer/duplicate.html", {"event": source, "form": form})
