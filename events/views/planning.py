"""The organizer's "Schedule all": preview the optimized plan, then apply it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events import planning
from events.errors import EventError
from events.permissions import managed_event_or_deny


@login_required
@require_http_methods(["GET", "POST"])
def schedule_all(request, slug):
    event = managed_event_or_deny(request.user, slug)
    try:
        if request.method == "POST":
            plan = planning.apply_plan(event=event, token=request.POST.get("plan", ""))
            if plan.changes:
                messages.success(request, _("The new plan is applied: %(placed)s of %(total)s meetings placed, "
                                            "%(moved)s moved.") % {"placed": plan.placed, "total": plan.total,
                                                                   "moved": len(plan.moved)})
            else:
                messages.info(request, _("The current plan is already the best one found; nothing changed."))
            return redirect("events:plan", slug=slug)
        plan = planning.propose_plan(event)
    except planning.PlanChanged:
        messages.warning(request, _("The event changed since the preview, so nothing was applied. Here is the "
                                    "plan for its current state."))
        return redirect("events:schedule_all", slug=slug)
    except planning.PlanningError as error:
        messages.error(request, _("The event cannot be planned as it is: %(reason)s") % {"reason": error})
        return redirect("events:plan", slug=slug)
    except EventError as error:  # busy: the apply kept losing races with other changes
        messages.error(request, str(error))
        return redirect("events:schedule_all", slug=slug)
    return render(request, "events/organizer/schedule_all.html", {
        "event": event, "plan": plan, "changes": planning.plan_changes(event, plan)})
