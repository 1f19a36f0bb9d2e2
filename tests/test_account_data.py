"""The data download (config/account_data.py, config/account_views.py; docs/accounts.md)."""

import json
from datetime import UTC, date, datetime

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Listing
from config.account_data import account_data
from events import services as event_services
from events.models import MeetingRequest, Notification
from market.models import (
    Answer,
    DigestSubscription,
    FairAttendance,
    Question,
    QuestionFollow,
    QuestionReport,
)
from tests.factories import (
    CompanyFactory,
    EventFactory,
    ListingFactory,
    MembershipFactory,
    OrganizerFactory,
    ParticipationFactory,
    SessionFactory,
    UserFactory,
    meet,
)
from tests.market.factories_fairs import FairAttendanceFactory, FairFactory, FairMeetingProposalFactory
from tests.market.factories_questions import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("account_data")
DOWNLOAD = reverse("account_data_download")
FORUM_DAY = date(2030, 5, 14)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def forum(title="Baku Forum", slug="baku-forum", **kwargs):
    event = EventFactory(title=title, slug=slug, start_date=FORUM_DAY, end_date=FORUM_DAY, **kwargs)
    SessionFactory(event=event)  # 9:00–10:00 in Baku: three slots
    event_services.set_table_count(event=event, count=2)
    return event


def participant(event, name, username, **company):
    company = CompanyFactory(name=name, slug=username, **company)
    MembershipFactory(company=company, user=UserFactory(username=username))
    return ParticipationFactory(event=event, company=company)


@pytest.fixture
def lan(db):
    """Lan, owner of Mekong Coffee: an entry on the marketplace, a meeting with Caspian Foods at the Baku Forum, a
    request from Baku Tea waiting for her answer, one notification; and the business of others beside hers."""
    user = UserFactory(username="lan", email="lan@mekong.example", first_name="Lan", last_name="Nguyễn",
                       date_joined=at(2026, 1, 5, 8, 30), last_login=at(2026, 2, 1, 10, 0))
    EmailAddress.objects.create(user=user, email="lan@old.example", verified=False, primary=False)
    company = CompanyFactory(name="Mekong Coffee", slug="mekong-coffee", city="Hà Nội", website="https://mekong.example",
                             founded=2012, contact_person="Nguyễn Thị Lan", contact_email="sales@mekong.example",
                             contact_phone="+84 24 3825 1234", email_language="vi", created_at=at(2026, 1, 6, 9, 0))
    MembershipFactory(company=company, user=user, created_at=at(2026, 1, 6, 9, 0))
    listing = ListingFactory(company=company, title="Robusta, lot 1", expires_on=date(2030, 1, 31),
                             target_countries=["AZ"], created_at=at(2026, 1, 7, 9, 0))
    event = forum()
    coffee = ParticipationFactory(event=event, company=company, delegates=2, time_zone="Asia/Ho_Chi_Minh",
                                  registered_at=at(2026, 1, 8, 9, 0))
    caspian = participant(event, "Caspian Foods", "caspian", country="AZ")
    tea = participant(event, "Baku Tea", "tea", country="AZ")
    meet(coffee, caspian)
    event_services.request_meeting(requester=tea, recipient=coffee, message="Tea for your cafés?")
    meet(caspian, tea)  # not Lan's business
    MeetingRequest.objects.update(created_at=at(2026, 1, 9, 9, 0), responded_at=None)
    Company.objects.filter(pk=company.pk).update(updated_at=at(2026, 1, 6, 10, 0))
    Listing.objects.filter(pk=listing.pk).update(updated_at=at(2026, 1, 7, 10, 0))
    Notification.objects.all().delete()
    Notification.objects.create(user=user, kind="participation_approved", params={"event": "Baku Forum"},
                                url="/en/events/baku-forum/", created_at=at(2026, 1, 8, 12, 0))
    Notification.objects.create(user=caspian.company.memberships.get().user, kind="participation_approved",
                                params={"event": "Baku Forum"})
    return user


def test_export_of_a_known_account(lan):
    data = account_data(lan)

    assert data.pop("exported_at")[-6:] == "+00:00"
    assert data == {
        "format": "tradebridge-account-data",
        "version": 1,
        "account": {"username": "lan", "email": "lan@mekong.example", "first_name": "Lan", "last_name": "Nguyễn",
                    "date_joined": "2026-01-05T08:30:00+00:00", "last_login": "2026-02-01T10:00:00+00:00"},
        "email_addresses": [{"email": "lan@mekong.example", "verified": True, "primary": True},
                            {"email": "lan@old.example", "verified": False, "primary": False}],
        "membership": {"role": "owner", "joined_at": "2026-01-06T09:00:00+00:00"},
        "company": {
            "name": "Mekong Coffee", "slug": "mekong-coffee", "status": "approved", "status_reason": "",
            "country": "VN", "city": "Hà Nội",
            "description": "We export roasted Robusta coffee to the Caspian region.",
            "website": "https://mekong.example", "founded": 2012, "size": "small", "sectors": ["trade"],
            "languages": ["en"], "women_led": False, "contact_person": "Nguyễn Thị Lan",
            "contact_email": "sales@mekong.example", "contact_phone": "+84 24 3825 1234", "email_language": "vi",
            "logo_url": None, "created_at": "2026-01-06T09:00:00+00:00", "updated_at": "2026-01-06T10:00:00+00:00",
        },
        "marketplace_entries": [{
            "kind": "offer", "title": "Robusta, lot 1",
            "description": "Grade 1 Robusta from Đắk Lắk, two containers a month.", "sector": "agriculture-food",
            "hs_chapter": 9, "target_countries": ["AZ"], "expires_on": "2030-01-31", "status": "approved",
            "status_reason": "", "created_at": "2026-01-07T09:00:00+00:00", "updated_at": "2026-01-07T10:00:00+00:00",
        }],
        "event_participations": [{
            "event": "Baku Forum", "event_start_date": "2030-05-14", "event_end_date": "2030-05-14",
            "status": "approved", "delegates": 2, "time_zone": "Asia/Ho_Chi_Minh", "attendance_mode": "on_site",
            "registered_at": "2026-01-08T09:00:00+00:00", "decided_at": None,
        }],
        "meeting_requests_sent": [{
            "event": "Baku Forum", "to": "Caspian Foods", "message": "", "status": "accepted", "decline_reason": "",
            "sent_at": "2026-01-09T09:00:00+00:00", "answered_at": None,
        }],
        "meeting_requests_received": [{
            "event": "Baku Forum", "from": "Baku Tea", "message": "Tea for your cafés?", "status": "pending",
            "decline_reason": "", "sent_at": "2026-01-09T09:00:00+00:00", "answered_at": None,
        }],
        "meetings": [{
            "event": "Baku Forum", "partner": "Caspian Foods", "status": "scheduled",
            "starts_at": "2030-05-14T09:00:00+04:00", "ends_at": "2030-05-14T09:20:00+04:00", "table": "Table 1",
            "online_room": None,
            "time_zone": "Asia/Baku",
        }],
        "notifications": [{
            "kind": "participation_approved",
            "text": "Your registration for Baku Forum was approved. You can now request meetings.",
            "link": "/en/events/baku-forum/", "created_at": "2026-01-08T12:00:00+00:00", "read_at": None,
        }],
        "organized_events": [],
        "viewed_events": [],
        **NO_MARKET_DATA,
        **NO_CONVERSATIONS,
    }


# Their content is tested with messaging (tests/messaging/test_demo_and_data.py).
NO_CONVERSATIONS = {"messages_written": [], "companies_blocked": [], "conversations_reported": []}

NO_MARKET_DATA = {
    "market_questions": [], "market_answers": [], "followed_questions": [], "market_reports": [], "market_digest": None,
    "fair_attendances": [], "fair_proposals_sent": [], "fair_proposals_received": [],
}


@pytest.fixture
def lan_market(lan):
    """Lan's market information: a question she asked, her answer to Caspian Foods' question (which she follows
    and reported), her digest subscription, Mekong Coffee going to a fair, a proposal to meet there sent and one
    received; and the market business of others beside hers."""
    coffee, caspian, tea = (Company.objects.get(name=name) for name in ("Mekong Coffee", "Caspian Foods", "Baku Tea"))
    caspian_user = caspian.memberships.get().user
    asked = QuestionFactory(company=coffee, author=lan, title="Which papers does coffee need in Baku?",
                            body="Roasted beans, 20 kg bags.", language="vi", status="pending",
                            created_at=at(2026, 2, 2, 9, 0))
    theirs = QuestionFactory(company=caspian, author=caspian_user, title="Who ships tea to Baku?",
                             created_at=at(2026, 2, 3, 9, 0))
    answer = AnswerFactory(question=theirs, company=coffee, author=lan, body="We do, by rail through Kazakhstan.",
                           created_at=at(2026, 2, 4, 9, 0))
    AnswerFactory(question=asked, company=caspian, author=caspian_user)  # an answer to Lan, not hers
    QuestionFollow.objects.create(user=lan, question=theirs, created_at=at(2026, 2, 3, 10, 0))
    QuestionFollow.objects.create(user=caspian_user, question=theirs)
    QuestionReport.objects.create(reporter=lan, question=theirs, reason="off_topic", note="About tea, not coffee.",
                                  created_at=at(2026, 2, 5, 9, 0))
    QuestionReport.objects.create(reporter=lan, answer=answer, reason="other", created_at=at(2026, 2, 6, 9, 0),
                                  resolved_at=at(2026, 2, 7, 9, 0))
    DigestSubscription.objects.create(user=lan, subscribed=True, last_sent_at=at(2026, 2, 9, 6, 0),
                                      created_at=at(2026, 2, 1, 9, 0))
    fair = FairFactory(name="Caspian Agro", slug="caspian-agro", city="Bakı", start_date=date(2030, 6, 1),
                       end_date=date(2030, 6, 3))
    FairAttendanceFactory(fair=fair, company=coffee, seeks="Cafés and roasters", created_at=at(2026, 2, 8, 9, 0))
    FairAttendanceFactory(fair=fair, company=caspian)
    FairMeetingProposalFactory(fair=fair, sender=coffee, recipient=caspian, message="Coffee at our stand?",
                               created_at=at(2026, 2, 8, 10, 0))
    FairMeetingProposalFactory(fair=fair, sender=tea, recipient=coffee, message="Tea with us?", status="withdrawn",
                               created_at=at(2026, 2, 8, 11, 0))
    FairMeetingProposalFactory(fair=fair, sender=tea, recipient=caspian)
    Question.objects.filter(pk=asked.pk).update(updated_at=at(2026, 2, 2, 10, 0))
    Answer.objects.filter(pk=answer.pk).update(updated_at=at(2026, 2, 4, 10, 0))
    FairAttendance.objects.filter(company=coffee).update(updated_at=at(2026, 2, 8, 9, 30))
    return lan


def test_export_holds_the_users_market_information(lan_market):
    data = account_data(lan_market)

    assert {key: data[key] for key in NO_MARKET_DATA} == {
        "market_questions": [{
            "title": "Which papers does coffee need in Baku?", "details": "Roasted beans, 20 kg bags.",
            "language": "vi", "sector": "agriculture-food", "hs_chapter": 10, "status": "pending",
            "status_reason": "", "created_at": "2026-02-02T09:00:00+00:00", "updated_at": "2026-02-02T10:00:00+00:00",
        }],
        "market_answers": [{
            "question": "Who ships tea to Baku?", "answer": "We do, by rail through Kazakhstan.", "language": "en",
            "by_staff": False, "helpful": False, "status": "approved", "status_reason": "",
            "created_at": "2026-02-04T09:00:00+00:00", "updated_at": "2026-02-04T10:00:00+00:00",
        }],
        "followed_questions": [{"question": "Who ships tea to Baku?", "followed_at": "2026-02-03T10:00:00+00:00"}],
        "market_reports": [
            {"question": "Who ships tea to Baku?", "item": "question", "reason": "off_topic",
             "note": "About tea, not coffee.", "reported_at": "2026-02-05T09:00:00+00:00", "resolved_at": None},
            {"question": "Who ships tea to Baku?", "item": "answer", "reason": "other", "note": "",
             "reported_at": "2026-02-06T09:00:00+00:00", "resolved_at": "2026-02-07T09:00:00+00:00"},
        ],
        "market_digest": {"subscribed": True, "last_sent_at": "2026-02-09T06:00:00+00:00",
                          "created_at": "2026-02-01T09:00:00+00:00"},
        "fair_attendances": [{
            "fair": "Caspian Agro", "fair_start_date": "2030-06-01", "fair_end_date": "2030-06-03", "city": "Bakı",
            "country": "AZ", "seeks": "Cafés and roasters", "created_at": "2026-02-08T09:00:00+00:00",
            "updated_at": "2026-02-08T09:30:00+00:00",
        }],
        "fair_proposals_sent": [{"fair": "Caspian Agro", "to": "Caspian Foods", "message": "Coffee at our stand?",
                                 "status": "open", "sent_at": "2026-02-08T10:00:00+00:00"}],
        "fair_proposals_received": [{"fair": "Caspian Agro", "from": "Baku Tea", "message": "Tea with us?",
                                     "status": "withdrawn", "sent_at": "2026-02-08T11:00:00+00:00"}],
    }


def test_export_of_a_user_without_company_lists_their_organized_events(db):
    organizer = OrganizerFactory(username="aysel", email="aysel@forum.example")
    forum(organizers=[organizer], status="draft")
    EventFactory(title="Someone else's forum")
    EventFactory(title="A forum she follows", slug="followed-forum", start_date=date(2030, 6, 2),
                 end_date=date(2030, 6, 2)).viewers.add(organizer)

    data = account_data(organizer)

    assert (data["membership"], data["company"], data["meetings"], data["meeting_requests_sent"]) == (
        None, None, [], [])
    assert {key: data[key] for key in NO_MARKET_DATA} == NO_MARKET_DATA
    assert data["organized_events"] == [
        {"title": "Baku Forum", "slug": "baku-forum", "status": "draft", "start_date": "2030-05-14",
         "end_date": "2030-05-14"}]
    assert [(e["slug"], e["start_date"]) for e in data["viewed_events"]] == [("followed-forum", "2030-06-02")]


def test_export_gives_the_logo_as_an_absolute_address(lan, settings):
    Company.objects.filter(name="Mekong Coffee").update(logo="logos/abc.png")
    settings.SITE_URL = "https://tradebridge.example"

    assert account_data(lan)["company"]["logo_url"] == "https://tradebridge.example/media/logos/abc.png"


def test_export_holds_only_the_users_own_data(lan):
    caspian = Company.objects.get(name="Caspian Foods").memberships.get().user

    data = account_data(caspian)

    assert (data["account"]["username"], data["company"]["name"]) == ("caspian", "Caspian Foods")
    assert [m["partner"] for m in data["meetings"]] == ["Mekong Coffee", "Baku Tea"]
    assert [n["kind"] for n in data["notifications"]] == ["participation_approved"]
    assert data["marketplace_entries"] == []


def make_business(size: int):
    """A company with `size` of everything: entries, events with a meeting and a request each, notifications,
    questions, answers, follows, reports, fairs with proposals sent and received."""
    user = UserFactory(username="lan")
    company = CompanyFactory(name="Mekong Coffee", slug="mekong-coffee")
    MembershipFactory(company=company, user=user)
    DigestSubscription.objects.create(user=user, subscribed=True)
    for i in range(size):
        ListingFactory(company=company)
        QuestionFactory(company=company, author=user)
        answer = AnswerFactory(author=user)
        QuestionFollow.objects.create(user=user, question=answer.question)
        QuestionReport.objects.create(reporter=user, answer=answer, reason="spam")
        attendance = FairAttendanceFactory(company=company)
        FairMeetingProposalFactory(fair=attendance.fair, sender=company)
        FairMeetingProposalFactory(fair=attendance.fair, recipient=company, sender=answer.company)
        event = forum(title=f"Forum {i}", slug=f"forum-{i}", organizers=[user])
        coffee = ParticipationFactory(event=event, company=company)
        meet(coffee, participant(event, f"Partner {i}", f"partner-{i}"))
        event_services.request_meeting(requester=participant(event, f"Asker {i}", f"asker-{i}"), recipient=coffee)
    Notification.objects.all().delete()
    for i in range(size):
        Notification.objects.create(user=user, kind="participation_approved", params={"event": f"Forum {i}"})
    return user


@pytest.mark.parametrize("size", [1, 4])
def test_export_takes_a_fixed_number_of_queries(django_assert_num_queries, size):
    user = make_business(size)

    # membership, email addresses, sectors, languages, entries, participations, requests, meetings,
    # notifications, organized events, viewed events; digest subscription, fair proposals, questions, answers,
    # follows, reports, fair attendances
    with django_assert_num_queries(21):
        data = account_data(user)

    assert (len(data["meetings"]), len(data["meeting_requests_received"]), len(data["notifications"])) == (
        size, size, size)
    assert [len(data[key]) for key in NO_MARKET_DATA if key != "market_digest"] == [size] * 7


# The pages ------------------------------------------------------------------------------------------------------


def test_download_is_a_json_attachment_named_after_the_user_and_the_day(client, lan):
    client.force_login(lan)

    response = client.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="tradebridge-data-lan-{timezone.localdate().isoformat()}.json"')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert (data["account"]["username"], data["company"]["name"]) == ("lan", "Mekong Coffee")


def test_page_links_the_download(client, lan):
    client.force_login(lan)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert f'href="{DOWNLOAD}"' in response.content.decode()


@pytest.fixture
def organizer(db):
    return OrganizerFactory(username="organizer")


@pytest.mark.parametrize("url", [PAGE, DOWNLOAD])
@pytest.mark.parametrize(("role", "status"), [
    ("anonymous", 302), ("owner", 200), ("member", 200), ("other_owner", 200), ("organizer", 200), ("staff", 200),
])
def test_data_permissions(as_role, request, url, role, status, owner, member):
    response = as_role(role).get(url)

    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    elif url == DOWNLOAD:
        assert json.loads(response.content)["account"]["username"] == request.getfixturevalue(role).username
