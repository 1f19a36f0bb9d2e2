"""Two-factor authentication (allauth.mfa) from the account pages, and the admin logging in through the site."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """Changing two-factor settings asks for the password again (allauth's reauthentication)."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_the_account_pages_lead_to_two_factor_authentication(client, owner):
    client.force_login(owner)

    page = client.get(reverse("mfa_index")).content.decode()

    assert f'<a href="{reverse("mfa_index")}" aria-current="page">Two-factor authentication</a>' in page
    assert f'<a class="button" href="{reverse("mfa_activate_totp")}">Set up an authenticator app</a>' in page


def test_staff_turns_on_an_authenticator_app_and_gets_recovery_codes(client, staff):
    client.force_login(staff)
    confirm_password(client)
    form = client.get(reverse("mfa_activate_totp")).context["form"]

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(form.secret)})

    assert response.status_code == 302
    assert sorted(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == [
        Authenticator.Type.RECOVERY_CODES, Authenticator.Type.TOTP]
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert len(re.findall(r"<li><code>\d{8}</code></li>", codes_page)) == 10


def test_a_wrong_code_does_not_turn_it_on(client, staff):
    client.force_login(staff)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert Authenticator.objects.filter(user=staff).count() == 0


def test_with_an_authenticator_app_the_password_alone_does_not_log_in(client, staff):
    TOTP.activate(staff, SECRET)

    response = log_in(client, staff)

    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(SECRET)})

    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_login_page_sends_visitors_to_the_sites_login(client, db):
    response = client.get(reverse("admin:login"), {"next": reverse("admin:index")})

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=%2Fen%2Fadmin%2F"


def test_the_admin_login_form_cannot_be_used_to_guess_passwords(client, staff):
    """Django's own admin login has no rate limit: posting to it must not check passwords at all."""
    response = client.post(reverse("admin:login"), {"username": "staff", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.parametrize("role", ["owner", "staff"])
def test_a_non_staff_user_is_refused_by_the_admin_login_and_staff_let_through(client, role, request):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("admin:login"))

    assert response.status_code == (403 if role == "owner" else 302)
