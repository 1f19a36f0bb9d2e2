"""A company's team (companies/team.py, companies/team_views.py, docs/teams.md): invitations by signed, expiring
links, roles, removal, leaving, and who may do what."""

import re
import time
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import formats, timezone

from companies import team
from companies.errors import CompanyError
from companies.models import Company, Invitation, Membership
from tests.factories import InvitationFactory, MembershipFactory, OrganizerFactory, UserFactory

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "organizer", "staff"]


@pytest.fixture
def organizer(db):
    return OrganizerFactory(username="organizer")


@pytest.fixture
def everyone(owner, member, other_owner, loner, organizer, staff):
    return None


@pytest.fixture
def invitee(db):
    """A new colleague: an account without a company, the address the invitations below are sent to."""
    return UserFactory(username="invitee", email="invitee@example.com")


@pytest.fixture
def invitation(company, owner):
    return InvitationFactory(company=company, invited_by=owner, email="invitee@example.com")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a call, then what waits for its commit (config.mail sends then)."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def signed_days_ago(monkeypatch):
    """Within the block, links are signed as if `days` ago (django.core.signing's timestamp)."""

    @contextmanager
    def at(days):
        past = int(time.time() - days * 24 * 3600)
        with monkeypatch.context() as patch:
            patch.setattr(signing.TimestampSigner, "timestamp", lambda signer: signing.b62_encode(past))
            yield

    return at


def membership(user) -> Membership:
    return Membership.objects.get(user=user)


def role_of(user) -> str | None:
    found = Membership.objects.filter(user=user).first()
    return found.role if found else None


def token_of(invitation) -> str:
    return team.invitation_token(invitation)


def link(invitation) -> str:
    return reverse("companies:invitation", args=[token_of(invitation)])


# Inviting ------------------------------------------------------------------------------------------------------


def test_invite_member_creates_an_open_invitation_and_emails_the_link(company, owner, settings, committed):
    settings.SITE_URL = "https://tradebridge.example"
    owner.first_name, owner.last_name = "Lan", "Nguyễn"
    owner.save()

    invitation = committed(team.invite_member, company=company, email=" Minh@Example.com ", role="member",
                           by=membership(owner), language="en")

    assert (invitation.email, invitation.role, invitation.invited_by, invitation.is_open) == (
        "Minh@example.com", "member", owner, True)
    [message] = mail.outbox
    assert message.to == ["Minh@example.com"]
    assert message.subject == "Lan Nguyễn invites you to join Mekong Coffee on TradeBridge"
    assert "Lan Nguyễn invites you to join the team of Mekong Coffee" in message.body
    assert "with the role “Member”" in message.body
    assert "The link works for 14 days." in message.body
    url = re.search(r"https://tradebridge\.example(/en/companies/invitations/\S+/)", message.body).group(1)
    assert team.invitation_from_token(url.split("/")[-2]) == invitation


def test_invite_email_is_in_the_inviters_language_and_links_to_that_language(company, owner, settings, committed):
    settings.SITE_URL = "https://tradebridge.example"

    committed(team.invite_member, company=company, email="minh@example.com", role="owner", by=membership(owner),
              language="vi")

    [path] = re.findall(r"https://tradebridge\.example(/\S+/)", mail.outbox[0].body)
    assert path.startswith("/vi/companies/invitations/")


def test_invite_sends_nothing_when_the_transaction_rolls_back(company, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        team.invite_member(company=company, email="minh@example.com", role="member", by=membership(owner),
                           language="en")

    assert (len(callbacks), mail.outbox) == (1, [])


def test_invite_refuses_an_address_already_in_the_team_whatever_its_case(company, owner, member):
    with pytest.raises(CompanyError, match="^MEMBER@example.com is already a member of your company.$"):
        team.invite_member(company=company, email="MEMBER@example.com", role="member", by=membership(owner),
                           language="en")

    assert Invitation.objects.count() == 0


def test_invite_refuses_an_address_with_an_open_invitation(company, owner, invitation):
    with pytest.raises(CompanyError, match="^INVITEE@example.com was already invited on"):
        team.invite_member(company=company, email="INVITEE@example.com", role="member", by=membership(owner),
                           language="en")

    assert Invitation.objects.count() == 1


def test_invite_replaces_an_expired_open_invitation(company, owner, invitation, committed):
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=15))

    new = committed(team.invite_member, company=company, email="invitee@example.com", role="owner",
                    by=membership(owner), language="en")

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert list(team.open_invitations(company)) == [new]
    assert len(mail.outbox) == 1


def test_invite_again_after_revocation_is_allowed(company, owner, invitation):
    team.revoke_invitation(invitation=invitation, by=membership(owner))

    team.invite_member(company=company, email="invitee@example.com", role="member", by=membership(owner),
                       language="en")

    assert Invitation.objects.filter(email="invitee@example.com", revoked_at__isnull=True).count() == 1


def test_invite_by_a_member_is_refused_by_the_service(company, member):
    with pytest.raises(CompanyError, match="^Only an owner of the company can do this.$"):
        team.invite_member(company=company, email="minh@example.com", role="member", by=membership(member),
                           language="en")


def test_an_owner_demoted_since_the_request_began_cannot_invite(company, owner, member):
    stale = membership(owner)
    Membership.objects.filter(pk=member.membership.pk).update(role="owner")
    Membership.objects.filter(pk=stale.pk).update(role="member")

    with pytest.raises(CompanyError, match="^Only an owner of the company can do this.$"):
        team.invite_member(company=company, email="minh@example.com", role="member", by=stale, language="en")


def test_the_database_allows_one_open_invitation_per_address_whatever_its_case(company, invitation):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(company=company, email="INVITEE@EXAMPLE.COM")


def test_revoke_invitation_closes_the_link(company, owner, invitation):
    team.revoke_invitation(invitation=invitation, by=membership(owner))

    with pytest.raises(team.InvitationError, match="^This invitation was withdrawn by the company."):
        team.invitation_from_token(token_of(invitation))


def test_revoke_invitation_twice_is_refused(company, owner, invitation):
    team.revoke_invitation(invitation=invitation, by=membership(owner))

    with pytest.raises(CompanyError, match="^This invitation was already accepted or revoked.$"):
        team.revoke_invitation(invitation=invitation, by=membership(owner))


# Accepting -----------------------------------------------------------------------------------------------------


def test_accept_invitation_makes_the_user_a_member_with_the_invited_role(company, invitation, invitee):
    Invitation.objects.filter(pk=invitation.pk).update(role="owner")

    joined = team.accept_invitation(token=token_of(invitation), user=invitee)

    invitation.refresh_from_db()
    assert (joined.company, joined.user, joined.role) == (company, invitee, "owner")
    assert (invitation.accepted_by, invitation.is_open) == (invitee, False)


def test_accept_invitation_matches_the_address_whatever_its_case(company, owner, invitee):
    invitation = InvitationFactory(company=company, email="InVitee@Example.COM")

    assert team.accept_invitation(token=token_of(invitation), user=invitee).company == company


def test_accept_invitation_matches_another_verified_address_of_the_account(company, invitee):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=invitee, email="minh@work.example", verified=True)
    invitation = InvitationFactory(company=company, email="minh@work.example")

    assert team.accept_invitation(token=token_of(invitation), user=invitee).company == company


def test_accept_invitation_twice_is_refused_as_used(company, invitation, invitee):
    token = token_of(invitation)
    team.accept_invitation(token=token, user=invitee)

    with pytest.raises(team.InvitationError, match="^This invitation has already been used.$"):
        team.accept_invitation(token=token, user=invitee)
    assert Membership.objects.filter(user=invitee).count() == 1


def test_accept_expired_invitation_is_refused(company, owner, invitee, signed_days_ago):
    invitation = InvitationFactory(company=company, email="invitee@example.com")
    with signed_days_ago(15):
        token = token_of(invitation)

    with pytest.raises(team.InvitationError, match="^This invitation has expired.") as refused:
        team.accept_invitation(token=token, user=invitee)
    assert refused.value.status == 410
    assert role_of(invitee) is None


def test_accept_invitation_signed_13_days_ago_still_works(company, invitee, signed_days_ago):
    invitation = InvitationFactory(company=company, email="invitee@example.com")
    with signed_days_ago(13):
        token = token_of(invitation)

    assert team.accept_invitation(token=token, user=invitee).company == company


@pytest.mark.parametrize("tamper", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
    lambda token: ":".join([signing.dumps(999, salt="x").split(":")[0], *token.split(":")[1:]]),  # another id
    lambda token: signing.dumps(1),  # signed for something else
    lambda token: "not-a-token",
])
def test_accept_tampered_token_is_refused(company, invitation, invitee, tamper):
    with pytest.raises(team.InvitationError, match="^This invitation link is not valid.") as refused:
        team.accept_invitation(token=tamper(token_of(invitation)), user=invitee)
    assert refused.value.status == 404
    assert role_of(invitee) is None


def test_accept_revoked_invitation_is_refused(company, owner, invitation, invitee):
    token = token_of(invitation)
    team.revoke_invitation(invitation=invitation, by=membership(owner))

    with pytest.raises(team.InvitationError, match="^This invitation was withdrawn by the company."):
        team.accept_invitation(token=token, user=invitee)
    assert role_of(invitee) is None


def test_accept_with_another_address_is_refused(company, invitation, loner):
    with pytest.raises(CompanyError, match="^This invitation was sent to invitee@example.com, but you are logged "
                                           "in as loner@example.com."):
        team.accept_invitation(token=token_of(invitation), user=loner)
    assert role_of(loner) is None


def test_accept_by_a_user_of_another_company_is_refused(company, other_owner):
    invitation = InvitationFactory(company=company, email=other_owner.email)

    with pytest.raises(CompanyError, match="^You already belong to Caspian Foods, and an account belongs to one "
                                           "company only."):
        team.accept_invitation(token=token_of(invitation), user=other_owner)
    assert membership(other_owner).company.name == "Caspian Foods"
    assert Invitation.objects.get().is_open


def test_accept_by_a_member_of_the_same_company_is_refused(company, member):
    invitation = InvitationFactory(company=company, email=member.email, role="owner")

    with pytest.raises(CompanyError, match="^You are already a member of Mekong Coffee.$"):
        team.accept_invitation(token=token_of(invitation), user=member)
    assert role_of(member) == "member"


def test_accept_invitation_of_a_deactivated_company_is_refused(company, invitation, invitee):
    Company.objects.filter(pk=company.pk).update(status=Company.Status.DEACTIVATED)

    with pytest.raises(team.InvitationError, match="^This company is no longer active on TradeBridge"):
        team.accept_invitation(token=token_of(invitation), user=invitee)


# Roles, removal, leaving ---------------------------------------------------------------------------------------


def test_change_role_promotes_a_member(company, owner, member):
    team.change_role(membership=membership(member), role="owner", by=membership(owner))

    assert role_of(member) == "owner"


def test_the_last_owner_cannot_be_demoted(company, owner, member):
    with pytest.raises(CompanyError, match="^A company needs at least one owner."):
        team.change_role(membership=membership(owner), role="member", by=membership(owner))

    assert role_of(owner) == "owner"


def test_an_owner_can_be_demoted_while_another_owner_remains(company, owner, member):
    team.change_role(membership=membership(member), role="owner", by=membership(owner))

    team.change_role(membership=membership(owner), role="member", by=membership(member))

    assert (role_of(owner), role_of(member)) == ("member", "owner")


def test_change_role_refuses_an_unknown_role(company, owner, member):
    with pytest.raises(CompanyError, match="^Choose a valid role.$"):
        team.change_role(membership=membership(member), role="boss", by=membership(owner))


def test_change_role_of_another_companys_member_is_refused(company, owner, other_owner):
    with pytest.raises(CompanyError, match="^Only an owner of the company can do this.$"):
        team.change_role(membership=membership(other_owner), role="member", by=membership(owner))

    assert role_of(other_owner) == "owner"


def test_remove_member_takes_them_out_and_keeps_the_account(company, owner, member):
    team.remove_member(membership=membership(member), by=membership(owner))

    member.refresh_from_db()
    assert role_of(member) is None


def test_the_last_owner_cannot_be_removed(company, owner):
    second = MembershipFactory(company=company, role="owner")
    team.change_role(membership=second, role="member", by=membership(owner))

    with pytest.raises(CompanyError, match="^A company needs at least one owner."):
        team.remove_member(membership=membership(owner), by=membership(owner))
    assert role_of(owner) == "owner"


def test_a_member_can_leave(company, owner, member):
    team.leave_company(membership=membership(member))

    assert role_of(member) is None
    assert list(Membership.objects.filter(company=company).values_list("user__username", flat=True)) == ["owner"]


def test_the_last_owner_cannot_leave(company, owner, member):
    with pytest.raises(CompanyError, match="^A company needs at least one owner."):
        team.leave_company(membership=membership(owner))

    assert role_of(owner) == "owner"


def test_an_owner_can_leave_while_another_owner_remains(company, owner, member):
    team.change_role(membership=membership(member), role="owner", by=membership(owner))

    team.leave_company(membership=membership(owner))

    assert (role_of(owner), role_of(member)) == (None, "owner")


def test_team_members_lists_owners_first_then_by_joining(company, owner, member):
    MembershipFactory(company=company, role="owner", user=UserFactory(username="late"),
                                   created_at=timezone.now() + timedelta(minutes=1))

    assert [m.user.username for m in team.team_members(company)] == ["owner", "late", "member"]


# Permission matrix ---------------------------------------------------------------------------------------------


def login_url(path: str) -> str:
    return f"{reverse('account_login')}?next={quote(path)}"


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 200), ("member", 200), ("other_owner", 200), ("loner", 302), ("organizer", 302),
    ("staff", 302),
])
def test_team_page_permission_matrix(company, everyone, as_role, role, status):
    # Everyone with a company sees their own team; without one, they are sent to create one.
    response = as_role(role).get(reverse("companies:team"))

    assert response.status_code == status
    if status == 200:
        expected = "Caspian Foods" if role == "other_owner" else "Mekong Coffee"
        assert response.context["company"].name == expected


def test_team_page_shows_the_members_to_a_member_without_owner_controls(company, owner, member, invitation, client):
    client.force_login(member)

    response = client.get(reverse("companies:team"))

    html = response.content.decode()
    assert [m.user.username for m in response.context["members"]] == ["owner", "member"]
    assert "owner@example.com" in html and "member@example.com" in html
    assert (response.context["form"], response.context["invitations"]) == (None, [])
    assert "invitee@example.com" not in html
    assert reverse("companies:member_remove", args=[membership(owner).pk]) not in html
    assert reverse("companies:member_role", args=[membership(owner).pk]) not in html


def test_team_page_shows_owners_the_invitations_and_the_controls(company, owner, member, invitation, client):
    client.force_login(owner)

    response = client.get(reverse("companies:team"))

    html = response.content.decode()
    assert response.context["invitations"] == [invitation]
    assert "invitee@example.com" in html
    assert reverse("companies:invitation_revoke", args=[invitation.pk]) in html
    assert reverse("companies:member_remove", args=[membership(member).pk]) in html
    assert reverse("companies:member_remove", args=[membership(owner).pk]) not in html  # they leave instead
    assert 'class="table-scroll"' in html


def test_team_page_marks_expired_invitations(company, owner, invitation, client):
    Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - timedelta(days=15))
    client.force_login(owner)

    response = client.get(reverse("companies:team"))

    assert [i.is_expired for i in response.context["invitations"]] == [True]


@pytest.mark.parametrize(("role", "status", "invited_by"), [
    ("anonymous", 302, None), ("owner", 302, "Mekong Coffee"), ("member", 403, None),
    ("other_owner", 302, "Caspian Foods"), ("loner", 403, None), ("organizer", 403, None), ("staff", 403, None),
])
def test_invite_permission_matrix(company, everyone, as_role, role, status, invited_by):
    response = as_role(role).post(reverse("companies:team"), {"email": "minh@example.com", "role": "member"})

    assert response.status_code == status
    assert list(Invitation.objects.values_list("company__name", flat=True)) == ([invited_by] if invited_by else [])


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 302), ("member", 403), ("other_owner", 403), ("loner", 403), ("organizer", 403),
    ("staff", 403),
])
def test_revoke_permission_matrix(company, everyone, invitation, as_role, role, status):
    response = as_role(role).post(reverse("companies:invitation_revoke", args=[invitation.pk]))

    invitation.refresh_from_db()
    assert response.status_code == status
    assert invitation.is_open is (role != "owner")


def test_revoke_needs_a_post(company, owner, invitation, client):
    client.force_login(owner)

    assert client.get(reverse("companies:invitation_revoke", args=[invitation.pk])).status_code == 405


def test_revoke_an_already_revoked_invitation_says_so(company, owner, invitation, client):
    client.force_login(owner)
    client.post(reverse("companies:invitation_revoke", args=[invitation.pk]), follow=True)

    response = client.post(reverse("companies:invitation_revoke", args=[invitation.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["This invitation was already accepted or revoked."]


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 200), ("member", 403), ("other_owner", 403), ("loner", 403), ("organizer", 403),
    ("staff", 403),
])
def test_member_role_page_permission_matrix(company, everyone, member, as_role, role, status):
    assert as_role(role).get(reverse("companies:member_role", args=[membership(member).pk])).status_code == status


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 302), ("member", 403), ("other_owner", 403), ("loner", 403), ("organizer", 403),
    ("staff", 403),
])
def test_member_role_post_permission_matrix(company, everyone, member, as_role, role, status):
    response = as_role(role).post(reverse("companies:member_role", args=[membership(member).pk]), {"role": "owner"})

    assert response.status_code == status
    assert role_of(member) == ("owner" if role == "owner" else "member")


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 200), ("member", 403), ("other_owner", 403), ("loner", 403), ("organizer", 403),
    ("staff", 403),
])
def test_member_remove_page_permission_matrix(company, everyone, member, as_role, role, status):
    response = as_role(role).get(reverse("companies:member_remove", args=[membership(member).pk]))

    assert response.status_code == status
    assert role_of(member) == "member"  # a GET only asks


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 302), ("member", 403), ("other_owner", 403), ("loner", 403), ("organizer", 403),
    ("staff", 403),
])
def test_member_remove_post_permission_matrix(company, everyone, member, as_role, role, status):
    response = as_role(role).post(reverse("companies:member_remove", args=[membership(member).pk]))

    assert response.status_code == status
    assert role_of(member) == (None if role == "owner" else "member")


def test_a_member_cannot_remove_the_owner(company, owner, member, client):
    client.force_login(member)

    response = client.post(reverse("companies:member_remove", args=[membership(owner).pk]))

    assert response.status_code == 403
    assert role_of(owner) == "owner"


def test_an_owner_removing_themselves_is_sent_to_leave(company, owner, client):
    client.force_login(owner)

    response = client.get(reverse("companies:member_remove", args=[membership(owner).pk]))

    assert (response.status_code, response["Location"]) == (302, reverse("companies:leave"))


@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 200), ("member", 200), ("other_owner", 200), ("loner", 302), ("organizer", 302),
    ("staff", 302),
])
def test_leave_page_permission_matrix(company, everyone, as_role, role, status):
    assert as_role(role).get(reverse("companies:leave")).status_code == status


@pytest.mark.parametrize(("role", "status", "left"), [
    ("anonymous", 302, False), ("owner", 200, False), ("member", 302, True), ("other_owner", 200, False),
    ("loner", 403, False), ("organizer", 403, False), ("staff", 403, False),
])
def test_leave_post_permission_matrix(company, everyone, as_role, request, role, status, left):
    # The owners are their company's only owner: they are told so, and stay.
    response = as_role(role).post(reverse("companies:leave"))

    assert response.status_code == status
    if role != "anonymous":
        assert (role_of(request.getfixturevalue(role)) is None) is (left or role in ("loner", "organizer", "staff"))


def test_leave_page_tells_the_last_owner_why_they_cannot(company, owner, member, client):
    client.force_login(owner)

    response = client.get(reverse("companies:leave"))

    assert response.context["error"] == team.LAST_OWNER
    assert 'type="submit" class="button button-danger"' not in response.content.decode()


def test_leave_sends_a_member_to_create_a_company(company, owner, member, client):
    client.force_login(member)

    response = client.post(reverse("companies:leave"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("companies:create")
    assert [str(m) for m in response.context["messages"]] == ["You left Mekong Coffee."]


@pytest.mark.parametrize("role", ROLES)
def test_invitation_page_shows_the_company_and_role_to_anyone_with_the_link(company, everyone, invitation,
                                                                           as_role, role):
    response = as_role(role).get(link(invitation))

    assert response.status_code == 200
    assert response.context["company"] == company
    html = response.content.decode()
    assert "Mekong Coffee" in html and "Member" in html
    # None of these accounts has the invited address.
    assert (response.context["problem"] is None) is (role == "anonymous")


def test_invitation_page_offers_anonymous_log_in_and_sign_up_back_to_the_link(company, invitation, client):
    invited = link(invitation)

    response = client.get(invited)

    html = response.content.decode()
    assert f'href="{login_url(invited)}"' in html
    assert f'href="{reverse("account_signup")}?next={quote(invited)}"' in html
    assert "Accept the invitation" not in html


def test_invitation_page_offers_the_invitee_to_accept(company, invitation, invitee, client):
    client.force_login(invitee)

    response = client.get(link(invitation))

    assert response.context["problem"] is None
    assert "Accept the invitation" in response.content.decode()


@pytest.mark.parametrize(("role", "joined"), [
    ("anonymous", False), ("owner", False), ("member", False), ("other_owner", False), ("loner", False),
    ("organizer", False), ("staff", False), ("invitee", True),
])
def test_accept_post_permission_matrix(company, everyone, invitee, invitation, as_role, role, joined):
    invited = link(invitation)

    response = as_role(role).post(invited)

    assert response.status_code == 302
    if role == "anonymous":
        assert response["Location"] == login_url(invited)
    elif joined:
        assert response["Location"] == reverse("companies:team")
    else:
        assert response["Location"] == invited
    assert (role_of(invitee) == "member") is joined
    assert Membership.objects.filter(company=company).count() == 2 + joined


def test_accepting_welcomes_the_new_member_on_the_team_page(company, invitation, invitee, client):
    client.force_login(invitee)

    response = client.post(link(invitation), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Welcome to Mekong Coffee."]
    assert [m.user.username for m in response.context["members"]] == ["owner", "invitee"]


def test_refused_accept_says_why_on_the_invitation_page(company, invitation, loner, client):
    client.force_login(loner)

    response = client.post(link(invitation), follow=True)

    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("This invitation was sent to invitee@example.com, but you are logged in as "
                              "loner@example.com.")


@pytest.mark.parametrize(("state", "status", "message"), [
    ("tampered", 404, "This invitation link is not valid."),
    ("expired", 410, "This invitation has expired."),
    ("revoked", 410, "This invitation was withdrawn by the company."),
    ("used", 410, "This invitation has already been used."),
    ("deleted", 404, "This invitation link is not valid."),
])
@pytest.mark.parametrize("method", ["get", "post"])
def test_unusable_links_get_a_page_that_says_why(company, owner, invitation, invitee, client, signed_days_ago,
                                                 state, status, message, method):
    token = token_of(invitation)
    if state == "tampered":
        token = token[:-2] + "xx"
    elif state == "expired":
        with signed_days_ago(15):
            token = token_of(invitation)
    elif state == "revoked":
        team.revoke_invitation(invitation=invitation, by=membership(owner))
    elif state == "used":
        team.accept_invitation(token=token, user=invitee)
    elif state == "deleted":
        invitation.delete()
    client.force_login(invitee)

    response = getattr(client, method)(reverse("companies:invitation", args=[token]))

    assert response.status_code == status
    assert response.context["message"].startswith(message)
    assert message in response.content.decode()
    assert role_of(invitee) == ("member" if state == "used" else None)


def test_a_new_colleague_signs_up_from_the_link_and_comes_back_to_accept(company, invitation, client, committed):
    invited = link(invitation)
    committed(client.post, f"{reverse('account_signup')}?next={quote(invited)}", {
        "email": "invitee@example.com", "password1": "a-long-Passphrase-2026", "password2": "a-long-Passphrase-2026"})
    confirm = re.search(r"http://testserver(/\S+/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)

    response = client.post(confirm, follow=True)

    assert response.redirect_chain[-1][0] == invited
    client.post(invited)
    assert Membership.objects.get(user__email="invitee@example.com").company == company


# Bad input -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "errors"), [
    ({"email": "", "role": "member"}, {"email": ["This field is required."]}),
    ({"email": "not an address", "role": "member"}, {"email": ["Enter a valid email address."]}),
    ({"email": "minh@example.com", "role": "boss"},
     {"role": ["Select a valid choice. boss is not one of the available choices."]}),
    ({"email": "minh@example.com"}, {"role": ["This field is required."]}),
    ({"email": "Member@Example.com", "role": "member"},
     {"email": ["Member@example.com is already a member of your company."]}),
    ({"email": "invitee@example.com", "role": "owner"},
     {"email": ["invitee@example.com was already invited on {today}. Revoke that invitation to send a new one."]}),
])
def test_invite_form_shows_errors_and_sends_nothing(company, owner, member, invitation, client, committed,
                                                    data, errors):
    client.force_login(owner)

    response = committed(client.post, reverse("companies:team"), data)

    today = formats.date_format(timezone.localdate())
    assert response.status_code == 200
    assert response.context["form"].errors == {
        field: [message.replace("{today}", today) for message in messages] for field, messages in errors.items()}
    html = response.content.decode()
    assert [field for field in ("email", "role") if f'id="id_{field}_error"' in html] == list(errors)
    assert Invitation.objects.count() == 1
    assert mail.outbox == []


def test_invite_form_success_redirects_with_a_message(company, owner, client, committed):
    client.force_login(owner)

    response = committed(client.post, reverse("companies:team"), {"email": "minh@example.com", "role": "owner"},
                         follow=True)

    assert [str(m) for m in response.context["messages"]] == ["An invitation was sent to minh@example.com."]
    assert [(i.email, i.role) for i in response.context["invitations"]] == [("minh@example.com", "owner")]
    assert [m.to for m in mail.outbox] == [["minh@example.com"]]


@pytest.mark.parametrize(("data", "error"), [
    ({"role": "boss"}, "Select a valid choice. boss is not one of the available choices."),
    ({}, "This field is required."),
])
def test_role_form_shows_errors(company, owner, member, client, data, error):
    client.force_login(owner)

    response = client.post(reverse("companies:member_role", args=[membership(member).pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {"role": [error]}
    assert role_of(member) == "member"


def test_role_form_refuses_to_demote_the_last_owner(company, owner, member, client):
    client.force_login(owner)

    response = client.post(reverse("companies:member_role", args=[membership(owner).pk]), {"role": "member"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"role": [str(team.LAST_OWNER)]}
    assert role_of(owner) == "owner"


def test_an_owner_demoting_themselves_goes_back_to_the_team_as_a_member(company, owner, member, client):
    team.change_role(membership=membership(member), role="owner", by=membership(owner))
    client.force_login(owner)

    response = client.post(reverse("companies:member_role", args=[membership(owner).pk]), {"role": "member"},
                           follow=True)

    assert response.redirect_chain[-1][0] == reverse("companies:team")
    assert response.context["form"] is None


# Queries -------------------------------------------------------------------------------------------------------


# session, user, membership with its company, pending invitations, unread notifications (header), members.
TEAM_PAGE_QUERIES = 7


@pytest.mark.parametrize("count", [1, 12])
def test_team_page_query_count_is_constant(company, owner, client, django_assert_num_queries, count):
    for n in range(count):
        MembershipFactory(company=company, role="member")
        InvitationFactory(company=company, invited_by=owner, email=f"colleague{n}@example.com")
    client.force_login(owner)

    with django_assert_num_queries(TEAM_PAGE_QUERIES):
        response = client.get(reverse("companies:team"))

    assert (len(response.context["members"]), len(response.context["invitations"])) == (count + 1, count)


# The company's own page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "member"])
def test_the_company_page_links_to_the_team(company, owner, member, as_role, role):
    response = as_role(role).get(reverse("companies:mine"))

    assert f'href="{reverse("companies:team")}"' in response.content.decode()


def test_invitations_are_read_only_in_the_admin(company, owner, invitation, client, staff):
    client.force_login(staff)

    changelist = client.get(reverse("admin:companies_invitation_changelist"))
    add = client.get(reverse("admin:companies_invitation_add"))

    assert (changelist.status_code, add.status_code) == (200, 403)
    assert "invitee@example.com" in changelist.content.decode()
