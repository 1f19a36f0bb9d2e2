"""A company's team pages (docs/teams.md): every member sees the team and may leave; owners invite, change roles,
remove. The rules live in companies.team; a view checks who asks, validates a form, calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from companies import team
from companies.errors import CompanyError
from companies.models import Invitation, Membership
from companies.team_forms import InviteForm, RoleForm


def _membership(request) -> Membership:
    membership = request.membership
    if not membership:
        raise PermissionDenied
    return membership


def _owner(request) -> Membership:
    membership = _membership(request)
    if not membership.is_owner:
        raise PermissionDenied
    return membership


def _teammate(request, pk) -> Membership:
    """A membership of the owner's own company; anyone else's is a 403 whether or not it exists."""
    owner = _owner(request)
    membership = team.team_members(owner.company).filter(pk=pk).first()
    if membership is None:
        raise PermissionDenied
    return membership


@login_required
@require_http_methods(["GET", "POST"])
def team_page(request):
    membership = request.membership
    if not membership and request.method == "GET":
        return redirect("companies:create")
    if request.method == "POST":
        membership = _owner(request)
    form = InviteForm(request.POST if request.method == "POST" else None) if membership.is_owner else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            invitation = team.invite_member(company=membership.company, email=form.cleaned_data["email"],
                                            role=form.cleaned_data["role"], by=membership, language=get_language())
        except CompanyError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("companies:team")
    invitations = list(team.open_invitations(membership.company)) if membership.is_owner else []
    for invitation in invitations:
        invitation.expires_at, invitation.is_expired = team.expires_at(invitation), team.is_expired(invitation)
    return render(request, "companies/team/team.html", {
        "company": membership.company,
        "membership": membership,
        "members": team.team_members(membership.company),
        "invitations": invitations,
        "form": form,
    })


@login_required
@require_POST
def invitation_revoke(request, pk):
    owner = _owner(request)
    invitation = Invitation.objects.filter(company=owner.company_id, pk=pk).select_related("company").first()
    if invitation is None:
        raise PermissionDenied
    try:
        team.revoke_invitation(invitation=invitation, by=owner)
    except CompanyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation of %(email)s was revoked.") % {"email": invitation.email})
    return redirect("companies:team")


@login_required
@require_http_methods(["GET", "POST"])
def member_role(request, pk):
    teammate = _teammate(request, pk)
    form = RoleForm(request.POST if request.method == "POST" else None, initial={"role": teammate.role})
    if form.is_bound and form.is_valid():
        try:
            team.change_role(membership=teammate, role=form.cleaned_data["role"], by=request.membership)
        except CompanyError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, _("The role of %(email)s was changed.") % {"email": teammate.user.email})
            return redirect("companies:team")
    return render(request, "companies/team/member_role.html", {"teammate": teammate, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk):
    teammate = _teammate(request, pk)
    if teammate.pk == request.membership.pk:
        return redirect("companies:leave")
    error = None
    if request.method == "POST":
        try:
            team.remove_member(membership=teammate, by=request.membership)
        except CompanyError as refused:
            error = str(refused)
        else:
            messages.success(request, _("%(email)s was removed from the team.") % {"email": teammate.user.email})
            return redirect("companies:team")
    return render(request, "companies/team/member_remove.html", {
        "teammate": teammate,
        "error": error or (team.LAST_OWNER if team.is_last_owner(teammate) else None),
    })


@login_required
@require_http_methods(["GET", "POST"])
def leave(request):
    membership = request.membership
    if not membership and request.method == "GET":
        return redirect("companies:create")
    membership = _membership(request)
    error = None
    if request.method == "POST":
        try:
            team.leave_company(membership=membership)
        except CompanyError as refused:
            error = str(refused)
        else:
            messages.success(request, _("You left %(company)s.") % {"company": membership.company.name})
            return redirect("companies:create")
    return render(request, "companies/team/leave.html", {
        "membership": membership,
        "company": membership.company,
        "error": error or (team.LAST_OWNER if team.is_last_owner(membership) else None),
    })


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The page an invitation email links to: anyone holding the link sees the company and the role; a logged-in
    user with the invited address and no company yet may accept."""
    try:
        invitation = team.invitation_from_token(token)
    except team.InvitationError as error:
        return render(request, "companies/team/invitation_invalid.html", {
            "message": str(error), "invitation": error.invitation}, status=error.status)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            membership = team.accept_invitation(token=token, user=request.user)
        except CompanyError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        messages.success(request, _("Welcome to %(company)s.") % {"company": membership.company.name})
        return redirect("companies:team")
    return render(request, "companies/team/invitation.html", {
        "invitation": invitation,
        "company": invitation.company,
        "expires_at": team.expires_at(invitation),
        "problem": team.acceptance_problem(invitation, request.user) if request.user.is_authenticated else None,
    })
