"""An event's team (issue 17): the Team page (who helps run the event, the open invitations, the invitation form),
a member's role, removing a member or leaving, withdrawing an invitation, and the page an invitation links to.

Everyone on the team sees the Team page (viewed_event_or_deny); only those who manage the event invite, change
roles, remove others or withdraw invitations (managed_event_or_deny, the GET of their forms too), and anyone on
the team may leave. The rules live in events.services.team.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.errors import EventError
from events.forms_team import TeamInviteForm, TeamRoleForm
from events.models import OrganizerRole
from events.permissions import managed_event_or_deny, viewed_event_or_deny
from events.services import team as service
from events.views.organizer import _confirm


@login_required
@require_http_methods(["GET", "POST"])
def team(request, slug):
    """GET: the team and the open invitations (with the invitation form for those who manage). POST: invite."""
    event = (managed_event_or_deny if request.method == "POST" else viewed_event_or_deny)(request.user, slug)
    form = TeamInviteForm(request.POST or None) if event.can_manage else None
    if request.method == "POST" and form.is_valid():
        try:
            invitation = service.invite_colleague(event=event, email=form.cleaned_data["email"],
                                                  role=form.cleaned_data["role"], by=request.user,
                                                  language=get_language())
        except EventError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("events:team", event.slug)
    members = service.team_members(event)
    invitations = list(service.open_invitations(event)) if event.can_manage else []
    for invitation in invitations:
        invitation.expires_at, invitation.is_expired = service.expires_at(invitation), service.is_expired(invitation)
    return render(request, "events/team/team.html", {
        "event": event, "can_manage": event.can_manage, "form": form, "members": members,
        "invitations": invitations,
        "organizer_count": sum(member.is_organizer for member in members),
    })


@login_required
@require_http_methods(["GET", "POST"])
def member_role(request, slug, pk):
    event = managed_event_or_deny(request.user, slug)
    member, role = _member_or_404(event, pk)
    form = TeamRoleForm(request.POST or None, initial={"role": role})
    if request.method == "POST" and form.is_valid():
        try:
            service.change_role(event=event, member=member, role=form.cleaned_data["role"], by=request.user)
        except EventError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, _("%(person)s is now: %(role)s.") % {
                "person": _name(member), "role": OrganizerRole(form.cleaned_data["role"]).label})
            return redirect("events:team", event.slug)
    return render(request, "events/team/member_role.html", {
        "event": event, "member": member, "role_label": OrganizerRole(role).label, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, slug, pk):
    """Asks first (GET), then takes the member off the team (POST). Removing oneself is leaving, which anyone on
    the team may do; removing someone else is for those who manage the event."""
    event = viewed_event_or_deny(request.user, slug)
    leaving = pk == request.user.pk
    if not leaving and not event.can_manage:
        raise PermissionDenied
    member, _role = _member_or_404(event, pk)
    if request.method == "GET":
        if leaving:
            return _confirm(request, event, title=_("Leave the team of this event?"), subject=event.title,
                            consequence=_("You no longer see the event's organizer pages. Only its organizers "
                                          "can invite you back."),
                            action=_("Leave the team"), back=("events:team", _("Back to the team")))
        return _confirm(request, event, title=_("Remove from the team?"), subject=_name(member),
                        consequence=_("They keep their account but no longer see or change this event's organizer "
                                      "pages. You can invite them again later."),
                        action=_("Remove from the team"), back=("events:team", _("Back to the team")))
    try:
        service.remove_member(event=event, member=member, by=request.user)
    except EventError as error:
        messages.error(request, str(error))
        return redirect("events:team", event.slug)
    if leaving:
        messages.success(request, _("You left the team of %(event)s.") % {"event": event.title})
        return redirect("events:mine")
    messages.success(request, _("%(person)s was removed from the team.") % {"person": _name(member)})
    return redirect("events:team", event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_revoke(request, slug, pk):
    """Asks first (GET), then withdraws the invitation (POST)."""
    event = managed_event_or_deny(request.user, slug)
    invitation = get_object_or_404(event.organizer_invitations.filter(accepted_at__isnull=True), pk=pk)
    if request.method == "GET":
        return _confirm(request, event, title=_("Withdraw this invitation?"), subject=invitation.email,
                        consequence=_("The link in the email stops working at once. You can invite the address "
                                      "again later."),
                        action=_("Withdraw the invitation"), back=("events:team", _("Back to the team")))
    try:
        service.revoke_invitation(invitation=invitation, by=request.user)
    except EventError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation of %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("events:team", event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def join(request, slug, token):
    """The page an invitation email links to: the event, the role and who invited; a signed-in user whose
    confirmed address is the invited one accepts it (POST). A visitor logs in first and comes back here."""
    try:
        invitation = service.invitation_from_token(token, slug=slug)
    except service.InvitationLinkError as error:
        return _link_error(request, error)
    if request.method == "POST":
        try:
            invitation = service.accept_invitation(token=token, user=request.user, slug=slug)
        except service.InvitationLinkError as error:
            return _link_error(request, error)
        except EventError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("Welcome to the team of %(event)s.") % {"event": invitation.event.title})
        return redirect("events:dashboard", invitation.event.slug)
    return render(request, "events/team/join.html", {
        "invitation": invitation, "event": invitation.event, "expires_at": service.expires_at(invitation),
        "problem": service.acceptance_problem(invitation, request.user),
    })


def _member_or_404(event, pk):
    found = service.member_of(event, pk)
    if found is None:
        raise Http404
    return found


def _name(user) -> str:
    return user.get_full_name() or user.email


def _link_error(request, error: service.InvitationLinkError):
    return render(request, "link_invalid.html", {
        "message": str(error), "destination_url": reverse("events:mine"), "destination_label": _("Go to my events"),
    }, status=error.status)
