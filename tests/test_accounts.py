"""Accounts (django-allauth as configured in config/settings.py): email log-in, mandatory verification,
password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a request and then what waits for the commit: account emails go out then (config.mail)."""

    def run(send, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(*args, **kwargs)

    return run


def test_sign_up_requires_email_verification_before_log_in(client, committed):
    response = committed(client.post, reverse("account_signup"), {"email": "lan@saigonsolar.example",
                                                       "password1": "a-long-Passphrase-2026",
                                                       "password2": "a-long-Passphrase-2026"})

    assert (response.status_code, response["Location"]) == (302, reverse("account_email_verification_sent"))
    assert mail.outbox[0].to == ["lan@saigonsolar.example"]
    login = client.post(reverse("account_login"), {"login": "lan@saigonsolar.example",
                                                   "password": "a-long-Passphrase-2026"})
    assert login["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verification_link_logs_in_and_leads_to_the_company_form(client, committed):
    committed(client.post, reverse("account_signup"), {"email": "lan@saigonsolar.example",
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


def test_password_reset_sends_a_link(client, committed):
    UserFactory(username="aysel", email="aysel@caspian.example")

    response = committed(client.post, reverse("account_reset_password"), {"email": "aysel@caspian.example"})

    assert response.status_code == 302
    assert mail.outbox[0].to == ["aysel@caspian.example"]
    assert mail.outbox[0].subject == "[TradeBridge] Password Reset Email"
    assert mail.outbox[0].body.startswith("Hello from TradeBridge!")  # not from the host the request came to
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize("lang", ["vi", "az"])
def test_account_pages_are_translated(client, lang):
    html = client.get(f"/{lang}/accounts/login/").content.decode()

    assert f'<html lang="{lang}"' in html
    assert ">Sign In<" not in html


def test_account_emails_take_the_sites_mail_path_after_commit(client, django_capture_on_commit_callbacks):
    UserFactory(username="aysel", email="aysel@caspian.example")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_reset_password"), {"email": "aysel@caspian.example"})

    assert (len(callbacks), mail.outbox) == (1, [])  # queued for config.mail's task, not sent in the request


def test_an_organizer_without_a_company_lands_on_its_events_and_can_create_one(client):
    from tests.factories import OrganizerFactory

    OrganizerFactory(username="nigar", email="nigar@chamber.example")

    response = client.post(reverse("account_login"), {"login": "nigar@chamber.example",
                                                      "password": "correct horse battery staple"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("events:mine")
    page = response.content.decode()
    assert f'<a href="{reverse("events:create")}">Create an event</a>' in page  # in the header
    assert f'<a class="button" href="{reverse("events:create")}">Create an event</a>' in page
    assert "Create your company profile" not in page
    assert "Your company has not registered" not in page


def test_staff_land_on_the_administration(client):
    from tests.factories import StaffFactory

    StaffFactory(username="moderator", email="moderator@tradebridge.example")

    response = client.post(reverse("account_login"), {"login": "moderator@tradebridge.example",
                                                      "password": "correct horse battery staple"})

    assert response["Location"] == reverse("admin:index")
