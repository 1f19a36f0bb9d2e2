"""The weekly market digest: what each section lists and when, sending (language, nothing new, idempotency, query
count), the settings page and the signed unsubscribe link."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, ModerationStatus
from events.models import Consent, SuccessStory, SuccessStoryText
from market import digest as selectors
from market import digest_services as services
from market.models import DigestSubscription, QuestionFollow
from tests.factories import (
    CompanyFactory,
    HSChapterFactory,
    ListingFactory,
    MembershipFactory,
    SectorFactory,
    UserFactory,
)
from tests.market.factories_fairs import FairFactory
from tests.market.factories_questions import AnswerFactory, QuestionFactory

ROLES = ["anonymous", "owner", "member", "other_owner", "loner", "staff"]
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@pytest.fixture
def agri(db):
    return SectorFactory(slug="agriculture-food", name_en="Agriculture and food processing",
                         name_vi="Nông nghiệp và chế biến thực phẩm", name_az="Kənd təsərrüfatı və qida emalı")


@pytest.fixture
def textiles(db):
    return SectorFactory(slug="textiles", name_en="Textiles")


@pytest.fixture
def subscriber(company, owner, agri):
    """The owner of Mekong Coffee (in agriculture), subscribed, never sent a digest."""
    company.sectors.set([agri])
    DigestSubscription.objects.create(user=owner, subscribed=True)
    return owner


@pytest.fixture
def caspian(other_owner) -> Company:
    return other_owner.membership.company


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the weekly send at `now` (default: now), delivering the mail at once; returns how many were sent."""

    def run(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_digests(now)

    return run


def body() -> str:
    assert len(mail.outbox) == 1
    return mail.outbox[0].body


def story(author, partner, sectors, *, published_at=None, consent=Consent.GIVEN, title="Robusta for Baku",
          language="en") -> SuccessStory:
    story = SuccessStory.objects.create(author=author, partner=partner, consent=consent,
                                        status=ModerationStatus.APPROVED, moderated_at=timezone.now(),
                                        published_at=published_at or timezone.now())
    story.sectors.set(sectors)
    SuccessStoryText.objects.create(story=story, language=language, title=title, body="Two containers a month.")
    return story


# The model and who is due ----------------------------------------------------------------------------------------


def test_subscription_is_off_by_default(owner):
    assert DigestSubscription.objects.create(user=owner).subscribed is False


def test_users_not_subscribed_get_nothing_even_with_news(company, owner, member, caspian, agri, send):
    company.sectors.set([agri])
    DigestSubscription.objects.create(user=member, subscribed=False)  # and the owner has no row at all
    ListingFactory(company=caspian, sector=agri)
    assert (send(), len(mail.outbox)) == (0, 0)


def test_due_subscriptions_skip_inactive_users_no_address_and_recent_digests(db):
    now = timezone.now()
    due = [DigestSubscription.objects.create(user=UserFactory(), subscribed=True),
           DigestSubscription.objects.create(user=UserFactory(), subscribed=True, last_sent_at=now - 6 * DAY)]
    DigestSubscription.objects.create(user=UserFactory(is_active=False), subscribed=True)
    DigestSubscription.objects.create(user=UserFactory(email=""), subscribed=True)
    DigestSubscription.objects.create(user=UserFactory(), subscribed=True, last_sent_at=now - 6 * DAY + HOUR)
    DigestSubscription.objects.create(user=UserFactory(), subscribed=False)
    assert list(selectors.due_subscriptions(now)) == due


def test_first_digest_covers_a_week_and_none_reaches_back_more_than_four_weeks(owner):
    now = timezone.now()
    subscription = DigestSubscription(user=owner, subscribed=True)
    assert selectors.digest_since(subscription, now) == now - 7 * DAY
    subscription.last_sent_at = now - 10 * DAY
    assert selectors.digest_since(subscription, now) == now - 10 * DAY
    subscription.last_sent_at = now - 60 * DAY
    assert selectors.digest_since(subscription, now) == now - 28 * DAY


# Nothing new -----------------------------------------------------------------------------------------------------


def test_nothing_new_sends_nothing_and_keeps_the_period(subscriber, caspian, agri, textiles, send):
    ListingFactory(company=caspian, sector=textiles)  # not in the company's sectors
    ListingFactory(company=caspian, sector=agri, moderated_at=timezone.now() - 8 * DAY)  # before the period
    ListingFactory(company=subscriber.membership.company, sector=agri)  # its own
    assert (send(), len(mail.outbox)) == (0, 0)
    assert DigestSubscription.objects.get(user=subscriber).last_sent_at is None


# Marketplace entries ---------------------------------------------------------------------------------------------


def test_listings_in_the_companys_sectors_made_public_since(subscriber, caspian, agri, textiles, send):
    now = timezone.now()
    shown = ListingFactory(company=caspian, sector=agri, title="Azerbaijani hazelnuts", moderated_at=now - DAY)
    ListingFactory(company=caspian, sector=agri, title="Pending", status=ModerationStatus.PENDING, moderated_at=None)
    ListingFactory(company=caspian, sector=agri, title="Rejected", status=ModerationStatus.REJECTED)
    ListingFactory(company=caspian, sector=agri, title="Expired", expires_on=timezone.localdate() - DAY)
    ListingFactory(company=caspian, sector=agri, title="Old", moderated_at=now - 8 * DAY)
    ListingFactory(company=CompanyFactory(status=ModerationStatus.SUSPENDED), sector=agri, title="Suspended co")
    ListingFactory(company=caspian, sector=textiles, title="Cotton yarn")
    assert send(now) == 1
    text = body()
    assert "Offer: Azerbaijani hazelnuts (Caspian Foods, Agriculture and food processing)\n" \
           f"  http://127.0.0.1:8000/en/companies/marketplace/{shown.pk}/\n" in text
    for title in ("Pending", "Rejected", "Expired", "Old", "Suspended co", "Cotton yarn"):
        assert title not in text


def test_listings_that_answer_the_companys_own_entries_by_hs_chapter(subscriber, caspian, textiles, send):
    company = subscriber.membership.company
    rice, coffee, tea = HSChapterFactory(code=10), HSChapterFactory(code=9), HSChapterFactory(code=11)
    ListingFactory(company=company, kind="request", hs_chapter=rice, sector=textiles)
    ListingFactory(company=company, kind="offer", hs_chapter=coffee, sector=textiles)
    # Other sectors than the company's (agriculture): they come in only by their chapter.
    ListingFactory(company=caspian, kind="offer", hs_chapter=rice, sector=textiles, title="Rice on offer")
    ListingFactory(company=caspian, kind="request", hs_chapter=coffee, sector=textiles, title="Coffee wanted")
    ListingFactory(company=caspian, kind="request", hs_chapter=rice, sector=textiles, title="Rice wanted too")
    ListingFactory(company=caspian, kind="offer", hs_chapter=tea, sector=textiles, title="Tea on offer")
    assert send() == 1
    text = body()
    assert "Offer: Rice on offer (Caspian Foods, Textiles) · answers one of your requests" in text
    assert "Request: Coffee wanted (Caspian Foods, Textiles) · answers one of your offers" in text
    assert "Rice wanted too" not in text and "Tea on offer" not in text


def test_a_section_is_capped_with_a_link_to_more(subscriber, caspian, agri, send):
    now = timezone.now()
    for n in range(selectors.ITEMS_PER_SECTION + 1):
        ListingFactory(company=caspian, sector=agri, title=f"Lot {n:02d}", moderated_at=now - HOUR * (n + 1))
    send(now)
    text = body()
    shown = re.findall(r"Offer: Lot (\d\d)", text)
    assert shown == [f"{n:02d}" for n in range(selectors.ITEMS_PER_SECTION)]  # the newest first
    assert "More on the marketplace: http://127.0.0.1:8000/en/companies/marketplace/\n" in text


# Answers to followed questions -----------------------------------------------------------------------------------


def test_answers_approved_since_to_followed_questions(subscriber, caspian, other_owner, send):
    now = timezone.now()
    followed = QuestionFactory(company=caspian, title="Which papers for rice?")
    QuestionFollow.objects.create(user=subscriber, question=followed)
    not_followed = QuestionFactory(company=caspian, title="Not followed")
    AnswerFactory(question=followed, company=caspian, author=other_owner, moderated_at=now - DAY)
    AnswerFactory(question=followed, company=None, by_staff=True, author=UserFactory(is_staff=True))
    AnswerFactory(question=not_followed, company=caspian)
    assert send(now) == 1
    text = body()
    url = f"http://127.0.0.1:8000/en/market/questions/{followed.pk}/"
    assert text.count("Which papers for rice?") == 2
    assert f"- Which papers for rice? (Caspian Foods)\n  {url}\n" in text
    assert f"- Which papers for rice? (TradeBridge staff)\n  {url}\n" in text
    assert "Not followed" not in text


def test_answers_pending_old_or_own_are_not_news(subscriber, caspian, send):
    now = timezone.now()
    question = QuestionFactory(company=caspian)
    QuestionFollow.objects.create(user=subscriber, question=question)
    AnswerFactory(question=question, status=ModerationStatus.PENDING, moderated_at=None)
    AnswerFactory(question=question, moderated_at=now - 8 * DAY)
    AnswerFactory(question=question, company=subscriber.membership.company, author=subscriber)
    assert (send(now), len(mail.outbox)) == (0, 0)


def test_user_without_company_hears_of_answers_only(loner, caspian, agri, send):
    DigestSubscription.objects.create(user=loner, subscribed=True)
    question = QuestionFactory(company=caspian, title="Halal rules for chicken?")
    QuestionFollow.objects.create(user=loner, question=question)
    AnswerFactory(question=question, company=caspian)
    ListingFactory(company=caspian, sector=agri)
    FairFactory(sectors=[agri])
    assert send() == 1
    text = body()
    assert "Halal rules for chicken?" in text
    assert "Offers and requests" not in text and "Trade fairs" not in text
    assert mail.outbox[0].to == [loner.email]


# Success stories -------------------------------------------------------------------------------------------------


def test_stories_published_since_in_the_companys_sectors(subscriber, caspian, agri, textiles, send):
    now = timezone.now()
    other = CompanyFactory(name="Baku Tea House", country="AZ")
    shown = story(caspian, other, [agri, textiles], title="Tea for Baku", published_at=now - DAY)
    story(caspian, other, [textiles], title="Yarn for Hanoi")
    story(caspian, other, [agri], title="Old news", published_at=now - 8 * DAY)
    story(caspian, other, [agri], title="Not agreed", consent=Consent.PENDING)
    story(subscriber.membership.company, caspian, [agri], title="Our own story")
    assert send(now) == 1
    text = body()
    assert f"- Tea for Baku (Caspian Foods × Baku Tea House)\n  http://127.0.0.1:8000/en/stories/{shown.pk}/\n" \
        in text
    assert text.count("Tea for Baku") == 1  # two matching sectors, listed once
    for title in ("Yarn for Hanoi", "Old news", "Not agreed", "Our own story"):
        assert title not in text


# Trade fairs -----------------------------------------------------------------------------------------------------


def test_fairs_newly_listed_in_the_companys_sectors(subscriber, agri, textiles, send):
    now = timezone.now()
    shown = FairFactory(name="Caspian Agro", slug="caspian-agro", sectors=[agri], created_at=now - DAY)
    FairFactory(name="Textile Week", sectors=[textiles])
    FairFactory(name="Listed long ago", sectors=[agri], created_at=now - 30 * DAY)
    FairFactory(name="Over", sectors=[agri], start_date=timezone.localdate() - 5 * DAY)
    assert send(now) == 1
    text = body()
    assert f"- Caspian Agro, Bakı, Azerbaijan: {_date(shown.start_date)} – {_date(shown.end_date)}\n" \
           "  http://127.0.0.1:8000/en/market/fairs/caspian-agro/\n" in text
    for name in ("Textile Week", "Listed long ago", "Over"):
        assert name not in text


def test_a_fair_listed_long_ago_is_announced_once_a_week_before_it_starts(subscriber, agri, send):
    now = timezone.now()
    today = timezone.localdate(now)
    FairFactory(name="WorldFood Baku", sectors=[agri], created_at=now - 60 * DAY, start_date=today + 10 * DAY)
    assert (send(now), len(mail.outbox)) == (0, 0)  # its week before starts in three days
    assert send(now + 4 * DAY) == 1
    assert "WorldFood Baku" in body()
    mail.outbox.clear()
    assert send(now + 11 * DAY) == 0  # the next week: already announced


def _date(value) -> str:
    from django.utils import formats

    return formats.date_format(value, "DATE_FORMAT")


# Language --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "hello", "sector"), [
    ("vi", "Xin chào,", "Nông nghiệp và chế biến thực phẩm"),
    ("az", "Hörmətli istifadəçi,", "Kənd təsərrüfatı və qida emalı"),
])
def test_digest_is_in_the_companys_email_language(subscriber, caspian, agri, send, language, hello, sector):
    Company.objects.filter(pk=subscriber.membership.company.pk).update(email_language=language)
    listing = ListingFactory(company=caspian, sector=agri, title="Hazelnuts")
    other = CompanyFactory(name="Baku Tea House", country="AZ")
    shown = story(caspian, other, [agri], title="Tea for Baku")
    SuccessStoryText.objects.create(story=shown, language=language, title=f"Tea ({language})", body="…")
    send()
    text = body()
    assert text.startswith(f"{hello}\n")
    assert f"Hazelnuts (Caspian Foods, {sector})" in text
    assert f"http://127.0.0.1:8000/{language}/companies/marketplace/{listing.pk}/" in text
    assert f"- Tea ({language}) (Caspian Foods × Baku Tea House)" in text  # the story's text in that language
    assert f"http://127.0.0.1:8000/{language}/market/digest/unsubscribe/" in text


# Sending: idempotency, the period, races, query count ------------------------------------------------------------


def test_sending_is_idempotent_per_week_and_the_next_digest_starts_at_the_last(subscriber, caspian, agri, send):
    now = timezone.now()
    ListingFactory(company=caspian, sector=agri, title="First week", moderated_at=now - DAY)
    assert send(now) == 1
    assert DigestSubscription.objects.get(user=subscriber).last_sent_at == now
    ListingFactory(company=caspian, sector=agri, title="Second week", moderated_at=now + DAY)
    assert send(now + 2 * HOUR) == 0  # a second run the same week
    assert send(now + 6 * DAY - HOUR) == 0
    assert len(mail.outbox) == 1
    assert send(now + 6 * DAY) == 1
    text = mail.outbox[1].body
    assert "Second week" in text and "First week" not in text


def test_a_digest_sent_meanwhile_by_another_run_is_not_sent_again(subscriber, caspian, agri,
                                                                  django_capture_on_commit_callbacks):
    now = timezone.now()
    ListingFactory(company=caspian, sector=agri)
    stale = selectors.due_subscriptions(now).get()
    DigestSubscription.objects.filter(pk=stale.pk).update(last_sent_at=now)  # the other run
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digest(stale, now=now + HOUR) is False
    assert len(mail.outbox) == 0


def _subscriber_with_news(agri, caspian):
    company = CompanyFactory(sectors=[agri])
    user = MembershipFactory(company=company).user
    DigestSubscription.objects.create(user=user, subscribed=True)
    question = QuestionFactory(company=caspian)
    QuestionFollow.objects.create(user=user, question=question)
    AnswerFactory(question=question, company=caspian)
    story(caspian, CompanyFactory(), [agri])
    FairFactory(sectors=[agri])
    ListingFactory(company=caspian, sector=agri, kind="request")
    ListingFactory(company=company, sector=agri, kind="offer")  # its own: makes the other one answer it


def test_query_count_is_five_per_subscriber_whatever_the_number_of_rows(agri, caspian,
                                                                        django_capture_on_commit_callbacks):
    """1 query for the due subscribers (with users, memberships, companies), then per subscriber 4 to read the
    sections and 1 to record the digest; rendering and the mail add none."""
    now = timezone.now()

    def queries_to_send(subscribers: int) -> int:
        DigestSubscription.objects.all().delete()
        for _n in range(subscribers):
            _subscriber_with_news(agri, caspian)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
            assert services.send_digests(now) == subscribers
        assert len(mail.outbox) == subscribers
        return len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]])

    one, three = queries_to_send(1), queries_to_send(3)
    assert three - one == 2 * 5
    assert one == 1 + 5


def test_the_command_sends_and_reports(subscriber, caspian, agri, capsys, django_capture_on_commit_callbacks):
    ListingFactory(company=caspian, sector=agri)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_market_digest")
    assert capsys.readouterr().out == "1 market digest(s) sent.\n"
    assert mail.outbox[0].subject == "Your weekly TradeBridge market digest"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_market_digest")
    assert capsys.readouterr().out == "0 market digest(s) sent.\n"


# The settings page -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 200), ("member", 200),
                                              ("other_owner", 200), ("loner", 200), ("staff", 200)])
def test_settings_page_permission_matrix(owner, member, other_owner, loner, staff, as_role, role, status):
    response = as_role(role).get(reverse("market:digest_settings"))
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"] == f"/en/accounts/login/?next={reverse('market:digest_settings')}"


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("owner", 302), ("member", 302),
                                              ("other_owner", 302), ("loner", 302), ("staff", 302)])
def test_settings_post_permission_matrix(owner, member, other_owner, loner, staff, as_role, role, status):
    response = as_role(role).post(reverse("market:digest_settings"), {"subscribed": "yes"})
    assert response.status_code == status
    subscribed = list(DigestSubscription.objects.filter(subscribed=True).values_list("user__username", flat=True))
    assert subscribed == ([] if role == "anonymous" else [role if role != "other_owner" else "other"])


def test_settings_subscribe_then_unsubscribe(owner, client):
    client.force_login(owner)
    url = reverse("market:digest_settings")
    assert 'value="no" required id="id_subscribed_1" checked>' in client.get(url).content.decode()
    response = client.post(url, {"subscribed": "yes"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "You will receive the weekly market digest." in response.content.decode()
    assert DigestSubscription.objects.get(user=owner).subscribed is True
    assert 'value="yes" required id="id_subscribed_0" checked>' in client.get(url).content.decode()
    client.post(url, {"subscribed": "no"})
    assert DigestSubscription.objects.get(user=owner).subscribed is False
    assert DigestSubscription.objects.count() == 1


@pytest.mark.parametrize(("data", "error"), [({}, "Choose whether you want the digest."),
                                             ({"subscribed": "daily"}, "Select a valid choice.")])
def test_settings_bad_input_is_a_form_error(owner, client, data, error):
    client.force_login(owner)
    response = client.post(reverse("market:digest_settings"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not DigestSubscription.objects.exists()


def test_account_navigation_links_to_the_digest_settings(owner, client):
    client.force_login(owner)
    page = client.get(reverse("market:digest_settings")).content.decode()
    assert f'<a href="{reverse("market:digest_settings")}" aria-current="page">Market digest</a>' in page
    assert f'href="{reverse("market:digest_settings")}"' in client.get(reverse("account_data")).content.decode()


# The unsubscribe link --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_unsubscribe_link_works_for_anyone_who_has_it(subscriber, member, other_owner, loner, staff, as_role, role):
    """The signed link is the proof, whoever opens it (the digest may be read on a phone not logged in)."""
    url = services.unsubscribe_path(subscriber)
    client = as_role(role)
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop the weekly market digest sent to owner@example.com?" in page.content.decode()
    assert DigestSubscription.objects.get(user=subscriber).subscribed is True  # a GET changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert "The weekly market digest will no longer be sent to owner@example.com." in done.content.decode()
    assert DigestSubscription.objects.get(user=subscriber).subscribed is False


def test_unsubscribe_one_click_post_needs_no_csrf_token(subscriber, client):
    client.handler.enforce_csrf_checks = True
    response = client.post(services.unsubscribe_path(subscriber), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert DigestSubscription.objects.get(user=subscriber).subscribed is False


def test_unsubscribe_link_of_the_email_works(subscriber, caspian, agri, send, client):
    ListingFactory(company=caspian, sector=agri)
    send()
    url = re.search(r"Unsubscribe: http://127\.0\.0\.1:8000(\S+)", body()).group(1)
    # A mail client's own one-click button (RFC 8058) posts to the same link.
    assert mail.outbox[0].extra_headers == {"List-Unsubscribe": f"<http://127.0.0.1:8000{url}>",
                                            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    assert client.post(url).status_code == 200
    assert DigestSubscription.objects.get(user=subscriber).subscribed is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_unsubscribe_link_is_404(subscriber, owner, client, method):
    token = services.unsubscribe_token(subscriber)
    user_part, rest = token.split(":", 1)
    for bad in [token[:-1] + ("A" if token[-1] != "A" else "B"), f"{user_part}x:{rest}", "nonsense"]:
        response = getattr(client, method)(reverse("market:digest_unsubscribe", args=[bad]))
        assert response.status_code == 404
        assert "This unsubscribe link is not valid." in response.content.decode()
    assert DigestSubscription.objects.get(user=subscriber).subscribed is True


def test_link_signed_with_another_salt_is_404(subscriber, client):
    from django.core import signing

    token = signing.dumps(subscriber.pk, salt="events.feedback.link")
    assert client.get(reverse("market:digest_unsubscribe", args=[token])).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_unsubscribe_link_is_410(subscriber, client, monkeypatch, method):
    signed_at = time.time() - services.UNSUBSCRIBE_MAX_AGE.total_seconds() - 60
    with monkeypatch.context() as patch:
        patch.setattr(time, "time", lambda: signed_at)
        url = services.unsubscribe_path(subscriber)
    response = getattr(client, method)(url)
    assert response.status_code == 410
    assert "This unsubscribe link has expired." in response.content.decode()
    assert DigestSubscription.objects.get(user=subscriber).subscribed is True


def test_link_of_a_deleted_account_is_404(subscriber, client):
    url = services.unsubscribe_path(subscriber)
    subscriber.delete()
    assert client.get(url).status_code == 404


def test_unsubscribe_page_of_an_unsubscribed_user_says_so(subscriber, client):
    DigestSubscription.objects.filter(user=subscriber).update(subscribed=False)
    page = client.get(services.unsubscribe_path(subscriber)).content.decode()
    assert "The weekly market digest is not sent to owner@example.com." in page
    assert "<button" not in page.split("<main", 1)[1]


def test_list_unsubscribe_headers():
    assert services.list_unsubscribe_headers("https://tradebridge.example/en/market/digest/unsubscribe/t/") == {
        "List-Unsubscribe": "<https://tradebridge.example/en/market/digest/unsubscribe/t/>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
