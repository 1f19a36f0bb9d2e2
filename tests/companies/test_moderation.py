"""companies.moderation: one concept for everything users publish."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.errors import CompanyError
from companies.models import Company, Listing
from companies.moderation import moderate, notify_moderators, pending_counts
from tests.factories import CompanyFactory, ListingFactory, MembershipFactory, StaffFactory, UserFactory


def test_a_decision_records_who_took_it_and_when(staff, django_capture_on_commit_callbacks):
    company, listing = CompanyFactory(status="pending"), ListingFactory(status="pending")

    with django_capture_on_commit_callbacks(execute=True):
        moderate([company], status="approved", by=staff)
        moderate([listing], status="rejected", reason=" No prices. ", by=staff)

    company.refresh_from_db()
    listing.refresh_from_db()
    assert (company.status, company.moderated_by, company.status_reason) == ("approved", staff, "")
    assert (listing.status, listing.moderated_by, listing.status_reason) == ("rejected", staff, "No prices.")
    assert company.moderated_at is not None and listing.moderated_at is not None


@pytest.mark.parametrize(("status", "message"), [
    ("rejected", "Give the company a reason for the rejection."),
    ("suspended", "Give the company a reason for the suspension."),
    ("deactivated", "Give the company a reason for the deactivation."),
])
def test_every_decision_but_approval_needs_a_reason(db, status, message):
    company = CompanyFactory(status="pending")

    with pytest.raises(CompanyError) as refused:
        moderate([company], status=status, reason="  ")

    assert str(refused.value) == message
    assert Company.objects.get(pk=company.pk).status == "pending"


def test_owners_hear_of_their_entries_in_one_email_per_company(db, django_capture_on_commit_callbacks):
    first, second = CompanyFactory(name="First"), CompanyFactory(name="Second")
    for company, email in ((first, "boss@first.example"), (second, "boss@second.example")):
        MembershipFactory(company=company, user=UserFactory(email=email))
        MembershipFactory(company=company, user=UserFactory(email=f"staff@{company.slug}.example"), role="member")
    entries = [ListingFactory(company=first, status="pending") for _ in range(3)] + [
        ListingFactory(company=second, status="pending")]

    with django_capture_on_commit_callbacks(execute=True):
        changed = moderate(Listing.objects.filter(pk__in=[e.pk for e in entries]), status="approved")

    assert changed == 4
    assert sorted(m.to[0] for m in mail.outbox) == ["boss@first.example", "boss@second.example"]  # owners only


def test_pending_counts_for_the_admin_home(db):
    CompanyFactory(status="pending")
    ListingFactory(status="pending")
    ListingFactory(status="pending")
    ListingFactory(status="approved")

    assert [(model, count) for model, count in pending_counts()][:2] == [(Company, 1), (Listing, 2)]


def test_other_apps_moderated_models_are_counted_and_in_the_digest(db, django_capture_on_commit_callbacks):
    """Success stories (events) register themselves: companies imports no other app."""
    from events.models import SuccessStory
    from events.services.stories import draft_story

    moderator = StaffFactory(email="mod@tradebridge.example", is_superuser=True)
    story = draft_story(author=CompanyFactory(), partner=CompanyFactory(), sectors=[],
                        texts={"en": ("Robusta for Baku", "A one-year supply contract.")}, by=moderator)
    mail.outbox.clear()

    assert (SuccessStory, 1) in pending_counts()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_moderators(since=story.created_at - timedelta(minutes=1)) == 1
    assert "- Success stories: 1" in mail.outbox[-1].body


def test_the_admin_home_shows_what_waits_for_review(client, db):
    CompanyFactory(status="pending")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    content = client.get(reverse("admin:index")).content.decode()

    assert "Waiting for review" in content
    assert '<a href="/en/admin/companies/company/?review=waiting">Companies</a></th>\n      <td>1</td>' in content


def test_the_admin_lists_items_waiting_for_review_first(client, db):
    old = CompanyFactory(name="Old and waiting", status="pending", created_at=timezone.now() - timedelta(days=30))
    CompanyFactory(name="New and approved", status="approved")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:companies_company_changelist"))

    assert list(response.context["cl"].result_list)[0] == old


def test_moderators_get_one_digest_only_when_something_new_waits(db, django_capture_on_commit_callbacks):
    StaffFactory(email="moderator@tradebridge.example", is_superuser=True)
    UserFactory(email="helpdesk@tradebridge.example", is_staff=True)  # staff without the right to moderate
    old = CompanyFactory(status="pending")
    Company.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3),
                                             updated_at=timezone.now() - timedelta(days=3))
    an_hour_ago = timezone.now() - timedelta(hours=1)

    assert notify_moderators(since=an_hour_ago) == 0  # only old items wait: nothing new to tell
    ListingFactory(status="pending")
    ListingFactory(status="pending")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_moderators(since=an_hour_ago) == 1

    [digest] = mail.outbox
    assert digest.to == ["moderator@tradebridge.example"]
    assert digest.subject == "TradeBridge: new profiles and entries wait for review"
    assert "- Companies: 1\n- Marketplace entries: 2" in digest.body


# Post-moderation of edits (docs/moderation.md) ---------------------------------------------------------------


def edit_profile(company, **changes):
    from companies import services

    data = {field: getattr(company, field) for field in services.PROFILE_FIELDS}
    data |= {"sectors": list(company.sectors.all()), "languages": list(company.languages.all())} | changes
    services.update_company(company=Company.objects.get(pk=company.pk), data=data)
    return Company.objects.get(pk=company.pk)


@pytest.mark.parametrize("changes", [{"name": "Mekong Coffee Export"}, {"description": "Now we sell tea."},
                                     {"website": "https://elsewhere.example"}, {"sectors": []}])
def test_a_material_edit_of_an_approved_profile_keeps_it_listed_and_asks_for_a_second_look(db, changes):
    company = CompanyFactory(name="Mekong Coffee", status="approved")

    edited = edit_profile(company, **changes)

    assert (edited.status, edited.is_public, edited.edited_at is not None) == ("approved", True, True)


def test_a_minor_edit_or_an_edit_of_a_pending_profile_asks_for_nothing(db):
    approved, pending = CompanyFactory(status="approved"), CompanyFactory(status="pending")

    assert edit_profile(approved, contact_phone="+994 12 555 0000").edited_at is None
    assert edit_profile(pending, name="Renamed while pending").edited_at is None


def test_the_second_look_clears_the_mark_without_emailing_the_owners(db, staff, django_capture_on_commit_callbacks):
    company = CompanyFactory(status="approved")
    MembershipFactory(company=company, user=UserFactory(email="boss@example.com"))
    edited = edit_profile(company, name="A new name")

    with django_capture_on_commit_callbacks(execute=True):
        assert moderate([edited], status="approved", by=staff) == 1

    edited.refresh_from_db()
    assert (edited.edited_at, edited.moderated_by, mail.outbox) == (None, staff, [])


def test_edited_profiles_wait_for_review_with_the_new_ones(db, client):
    edited = edit_profile(CompanyFactory(name="Edited Co", status="approved"), name="Edited Co Ltd")
    CompanyFactory(name="Untouched Co", status="approved")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:companies_company_changelist"), {"review": "waiting"})

    assert [c.pk for c in response.context["cl"].result_list] == [edited.pk]
    assert pending_counts()[0] == (Company, 1)
