"""config.accounts.AccountAdapter: failed log-ins lock out one account from one client, not the account everywhere."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's
LOCKED = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def log_in(client, user, *, client_ip, password=PASSWORD):
    client.logout()
    return client.post(reverse("account_login"), {"login": user.email, "password": password},
                       headers={"X-Forwarded-For": client_ip})


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


def fail_five_times(client, user, client_ip):
    for _ in range(5):
        response = log_in(client, user, client_ip=client_ip, password="wrong")
        assert (response.status_code, LOCKED in response.content.decode()) == (200, False)


def test_five_failures_lock_the_account_out_from_that_client(client, alice):
    fail_five_times(client, alice, "203.0.113.1")

    response = log_in(client, alice, client_ip="203.0.113.1")

    assert response.status_code == 200
    assert LOCKED in response.content.decode()


def test_the_same_account_still_logs_in_from_another_client(client, alice):
    fail_five_times(client, alice, "203.0.113.1")

    assert log_in(client, alice, client_ip="198.51.100.7").status_code == 302


def test_another_account_still_logs_in_from_the_same_client(client, alice, bob):
    fail_five_times(client, alice, "203.0.113.1")

    assert log_in(client, bob, client_ip="203.0.113.1").status_code == 302


def test_one_client_trying_many_accounts_is_stopped_by_its_address(client, db):
    users = [UserFactory(username=f"target{n}") for n in range(11)]
    for user in users[:10]:
        log_in(client, user, client_ip="203.0.113.1", password="wrong")

    response = log_in(client, users[10], client_ip="203.0.113.1")

    assert LOCKED in response.content.decode()
    assert log_in(client, users[10], client_ip="198.51.100.7").status_code == 302


def test_without_a_trusted_proxy_the_forwarded_address_is_ignored(client, settings, alice):
    """A client cannot dodge the lockout by sending X-Forwarded-For itself when no proxy is trusted."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    fail_five_times(client, alice, "203.0.113.1")

    response = log_in(client, alice, client_ip="198.51.100.7")

    assert LOCKED in response.content.decode()
