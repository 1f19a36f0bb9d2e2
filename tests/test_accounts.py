"""Accounts (django-allauth as configured in config/settings.py): email log-in, mandatory verification,
password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_requires_email_verification_before_log_in(client):
    response = client.post(reverse("account_signup"), {"email": "lan@saigonsolar.example",
                                                       "password1": "a-long-Passphrase-2026",
                                                       "password2": "a-long-Passphrase-2026"})

    assert (response.status_code, response["Location"]) == (302, reverse("account_email_verification_sent"))
    assert mail.outbox[0].to == ["lan@saigonsolar.example"]
    login = client.post(reverse("account_login"), {"login": "lan@saigonsolar.example",
                                                   "password": "a-long-Passphrase-2026"})
    assert login["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verification_link_logs_in_and_leads_to_the_company_form(client):
    client.post(reverse("account_signup"), {"email": "lan@saigonsolar.example",
                                            "password1": "a-long-Passphrase-2026",
                                            "password2": "a-long-Passphrase-2026"})
    link = re.search(r"http://testserver(/\S+/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)

    response = client.post(link, follow=True)

    assert response.redirect_chain[-1][0] == reverse("companies:create")


def test_log_in_by_email(client):
    UserFactory(username="aysel", email="aysel@caspian.example")

    response = client.post(reverse("account_login"), {"login": "aysel@caspian.example",
                                                      "password": "correct horse battery staple"})

    assert (response.status_code, response["Location"]) == (302, reverse("companies:mine"))


def test_password_reset_sends_a_link(client):
    UserFactory(username="aysel", email="aysel@caspian.example")

    response = client.post(reverse("account_reset_password"), {"email": "aysel@caspian.example"})

    assert response.status_code == 302
    assert mail.outbox[0].to == ["aysel@caspian.example"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize("lang", ["vi", "az"])
def test_account_pages_are_translated(client, lang):
    html = client.get(f"/{lang}/accounts/login/").content.decode()

    assert f'<html lang="{lang}"' in html
    assert ">Sign In<" not in html
