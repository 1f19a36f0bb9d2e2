"""Marks and introductions (matchmaking.services)."""

import pytest
from django.core import mail
from django.db import IntegrityError

from events.models import MeetingRequest
from matchmaking import services
from matchmaking.models import Introduction, Preference
from tests.factories import (
    CompanyFactory,
    EventFactory,
    HSChapterFactory,
    HSHeadingFactory,
    LanguageFactory,
    ListingFactory,
    MembershipFactory,
    ParticipationFactory,
    SectorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_set_preference_creates_then_replaces_the_mark():
    mine, other = CompanyFactory(), CompanyFactory()

    services.set_preference(company=mine, other=other, kind="must_meet")
    services.set_preference(company=mine, other=other, kind="not_interested")

    assert list(Preference.objects.values_list("company", "other", "kind")) == [
        (mine.pk, other.pk, "not_interested")]


def test_set_preference_refuses_own_company_and_unknown_marks():
    mine, other = CompanyFactory(), CompanyFactory()

    with pytest.raises(services.MatchmakingError, match="You cannot mark your own company."):
        services.set_preference(company=mine, other=mine, kind="must_meet")
    with pytest.raises(services.MatchmakingError, match="Unknown mark."):
        services.set_preference(company=mine, other=other, kind="love")
    assert Preference.objects.count() == 0


def test_preference_database_keeps_one_mark_per_pair_and_none_on_oneself():
    mine, other = CompanyFactory(), CompanyFactory()
    Preference.objects.create(company=mine, other=other, kind="must_meet")

    with pytest.raises(IntegrityError):
        Preference.objects.create(company=mine, other=other, kind="not_interested")


def test_preference_database_refuses_a_mark_on_oneself():
    mine = CompanyFactory()

    with pytest.raises(IntegrityError):
        Preference.objects.create(company=mine, other=mine, kind="must_meet")


def test_clear_preference_undoes_the_mark():
    mine, other = CompanyFactory(), CompanyFactory()
    services.set_preference(company=mine, other=other, kind="not_interested")

    assert services.clear_preference(company=mine, other=other) is True
    assert services.clear_preference(company=mine, other=other) is False
    assert Preference.objects.count() == 0


@pytest.fixture
def pair():
    solar = SectorFactory(slug="renewable-energy", name_en="Renewable energy")
    event = EventFactory(title="Baku Forum")
    vietnamese = CompanyFactory(name="Saigon Solar", country="VN", sectors=[solar], email_language="en",
                                languages=[LanguageFactory(code="en")])
    azerbaijani = CompanyFactory(name="Günəş Enerji", country="AZ", sectors=[solar], email_language="az",
                                 languages=[LanguageFactory(code="en")])
    MembershipFactory(company=vietnamese, user=UserFactory(username="lan", email="lan@saigonsolar.example"))
    MembershipFactory(company=vietnamese, user=UserFactory(username="minh", email="minh@saigonsolar.example"),
                      role="member")
    MembershipFactory(company=azerbaijani, user=UserFactory(username="aysel", email="aysel@gunes.example"))
    return event, ParticipationFactory(event=event, company=azerbaijani), ParticipationFactory(event=event,
                                                                                              company=vietnamese)


def test_introduce_emails_every_member_of_both_companies_after_commit(pair, django_capture_on_commit_callbacks):
    event, first, second = pair
    organizer = UserFactory(username="organizer")

    with django_capture_on_commit_callbacks(execute=True):
        introduction = services.introduce(event=event, first=first, second=second, by=organizer)

    assert (introduction.first, introduction.second) == tuple(sorted([first.company, second.company],
                                                                     key=lambda c: c.pk))
    assert introduction.sent_by == organizer
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["aysel@gunes.example", "lan@saigonsolar.example", "minh@saigonsolar.example"]
    english = next(m for m in mail.outbox if "lan@saigonsolar.example" in m.to)
    assert english.subject == "Baku Forum: meet Günəş Enerji"
    assert "- Both work in renewable energy" in english.body
    assert "- Cross-border: Vietnam ↔ Azerbaijan" in english.body
    assert "/en/events/" in english.body and "/suggestions/" in english.body
    azerbaijani = next(m for m in mail.outbox if m.to == ["aysel@gunes.example"])
    assert "/az/events/" in azerbaijani.body


def test_introduce_sends_nothing_when_the_transaction_rolls_back(pair, django_capture_on_commit_callbacks):
    event, first, second = pair

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.introduce(event=event, first=first, second=second, by=None)

    assert len(callbacks) == 2
    assert mail.outbox == []


def test_introduce_only_once_per_pair(pair):
    event, first, second = pair
    services.introduce(event=event, first=first, second=second, by=None)

    with pytest.raises(services.MatchmakingError, match="These companies have already been introduced."):
        services.introduce(event=event, first=second, second=first, by=None)
    assert Introduction.objects.count() == 1


def test_introduce_refuses_pairs_that_already_asked_each_other(pair):
    event, first, second = pair
    MeetingRequest.objects.create(event=event, requester=second, recipient=first, status="declined")

    with pytest.raises(services.MatchmakingError, match="These companies have already asked each other"):
        services.introduce(event=event, first=first, second=second, by=None)
    assert Introduction.objects.count() == 0


def test_introduce_refuses_unapproved_participants_and_other_events(pair):
    event, first, second = pair
    pending = ParticipationFactory(event=event, status="pending")
    elsewhere = ParticipationFactory()

    with pytest.raises(services.MatchmakingError, match="Both companies must be approved participants"):
        services.introduce(event=event, first=first, second=pending, by=None)
    with pytest.raises(services.MatchmakingError, match="Both companies must take part in this event."):
        services.introduce(event=event, first=first, second=elsewhere, by=None)
    assert Introduction.objects.count() == 0


def test_introduction_email_never_claims_a_pepper_offer_answers_a_coffee_request(django_capture_on_commit_callbacks):
    """Issue 11: a black-pepper offer (0904) and a "Robusta green coffee" request (0901), both in HS 09."""
    food = SectorFactory(slug="agriculture-food", name_en="Agriculture and food")
    event = EventFactory(title="Baku Food Forum")
    exporter = CompanyFactory(name="Pepper Exporter", country="VN", sectors=[food], email_language="en")
    roaster = CompanyFactory(name="Coffee Roaster", country="AZ", sectors=[food], email_language="en")
    MembershipFactory(company=exporter, user=UserFactory(username="lan", email="lan@pepper.example"))
    MembershipFactory(company=roaster, user=UserFactory(username="aysel", email="aysel@roaster.example"))
    ListingFactory(company=exporter, title="Black pepper 500 g/l", sector=food, hs_chapter=HSChapterFactory(code=9),
                   hs_heading=HSHeadingFactory(code=904))
    ListingFactory(company=roaster, kind="request", title="Robusta green coffee", sector=food,
                   hs_chapter=HSChapterFactory(code=9), hs_heading=HSHeadingFactory(code=901))

    with django_capture_on_commit_callbacks(execute=True):
        services.introduce(event=event, first=ParticipationFactory(event=event, company=exporter),
                           second=ParticipationFactory(event=event, company=roaster), by=UserFactory())

    bodies = {message.to[0]: message.body for message in mail.outbox}
    reasons = {address: [line for line in body.splitlines() if line.startswith("- ")]
               for address, body in bodies.items()}
    assert reasons == {
        "lan@pepper.example": ["- Both work in agriculture and food processing",
                               "- Cross-border: Vietnam ↔ Azerbaijan",
                               "- You share English"],
        "aysel@roaster.example": ["- Both work in agriculture and food processing",
                                  "- Cross-border: Azerbaijan ↔ Vietnam",
                                  "- You share English"],
    }
    assert all("which you offer" not in body and "which you are looking for" not in body
               for body in bodies.values())


def test_introduction_email_words_a_chapter_only_match_as_such(django_capture_on_commit_callbacks):
    food = SectorFactory(slug="agriculture-food", name_en="Agriculture and food")
    event = EventFactory(title="Baku Food Forum")
    exporter = CompanyFactory(name="Pepper Exporter", country="VN", sectors=[food], email_language="en")
    buyer = CompanyFactory(name="Spice Buyer", country="AZ", sectors=[food], email_language="en")
    MembershipFactory(company=exporter, user=UserFactory(username="lan", email="lan@pepper.example"))
    MembershipFactory(company=buyer, user=UserFactory(username="aysel", email="aysel@spice.example"))
    ListingFactory(company=exporter, title="Black pepper 500 g/l", sector=food, hs_chapter=HSChapterFactory(code=9),
                   hs_heading=HSHeadingFactory(code=904))
    ListingFactory(company=buyer, kind="request", title="Spices for our blends", sector=food,
                   hs_chapter=HSChapterFactory(code=9))

    with django_capture_on_commit_callbacks(execute=True):
        services.introduce(event=event, first=ParticipationFactory(event=event, company=exporter),
                           second=ParticipationFactory(event=event, company=buyer), by=UserFactory())

    body = next(m.body for m in mail.outbox if m.to == ["lan@pepper.example"])
    assert ("- Both trade in HS 09 (coffee, tea, maté and spices): they are looking for “Spices for our blends”, "
            "you offer “Black pepper 500 g/l”") in body
