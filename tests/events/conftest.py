"""Fixed roles for event view tests.

- anonymous
- participant: owner of an approved participating company (Vietnamese coffee exporter)
- other_participant: owner of another approved participating company (Azerbaijani food distributor)
- non_participant: owner of an approved company that is not registered for the event
- organizer: organizer of this event
- other_organizer: organizer of another event
- co_organizer: a colleague the organizer invited with the same rights (no organizer role of their own)
- viewer: a colleague invited read-only: sees the organizer's pages, changes nothing
- staff
"""

import pytest

from tests.factories import (
    CompanyFactory,
    EventFactory,
    LanguageFactory,
    MembershipFactory,
    OrganizerFactory,
    ParticipationFactory,
    SessionFactory,
    UserFactory,
    join,
    local_start,
    meet,
)

EVENT_ROLES = ["anonymous", "participant", "other_participant", "non_participant", "organizer",
               "other_organizer", "co_organizer", "viewer", "staff"]


def make_organizer(username):
    return OrganizerFactory(username=username)


@pytest.fixture
def organizer(db):
    return make_organizer("organizer")


@pytest.fixture
def other_organizer(db):
    user = make_organizer("other_organizer")
    EventFactory(title="Another forum", slug="another-forum", organizers=[user])
    return user


@pytest.fixture
def co_organizer(event):
    user = UserFactory(username="co_organizer")
    event.organizers.add(user)
    return user


@pytest.fixture
def viewer(event):
    user = UserFactory(username="viewer")
    event.viewers.add(user)
    return user


@pytest.fixture
def event(organizer):
    """A published event in Baku with one session of three 20-minute slots (9:00–10:00) and two tables."""
    from events.services import set_table_count

    event = EventFactory(title="Vietnam–Azerbaijan B2B Forum, Baku", slug="baku-forum", organizers=[organizer])
    SessionFactory(event=event)
    set_table_count(event=event, count=2)
    return event


@pytest.fixture
def coffee(event):
    company = CompanyFactory(name="Highland Coffee", slug="highland-coffee", country="VN",
                             languages=[LanguageFactory(code="vi"), LanguageFactory(code="en")])
    return ParticipationFactory(event=event, company=company)


@pytest.fixture
def distributor(event):
    company = CompanyFactory(name="Caspian Foods", slug="caspian-foods", country="AZ", city="Bakı",
                             languages=[LanguageFactory(code="az"), LanguageFactory(code="en")])
    return ParticipationFactory(event=event, company=company)


@pytest.fixture
def participant(coffee):
    return MembershipFactory(company=coffee.company, user=UserFactory(username="participant")).user


@pytest.fixture
def other_participant(distributor):
    return MembershipFactory(company=distributor.company, user=UserFactory(username="other_participant")).user


@pytest.fixture
def non_participant(db):
    company = CompanyFactory(name="Mekong Rice", slug="mekong-rice")
    return MembershipFactory(company=company, user=UserFactory(username="non_participant")).user


@pytest.fixture
def all_roles(participant, other_participant, non_participant, organizer, other_organizer, co_organizer, viewer,
              staff):
    """Create every role up front, so the query counts of a page do not depend on which one is tested."""
    return None


@pytest.fixture
def crowded(event):
    """First-come-first-served strands a meeting here; a better plan places it.

    Three slots (9:00, 9:20, 9:40). Ana is only free at 9:00. Bao–Cem is accepted first and takes 9:00,
    so Ana–Bao, accepted next, finds Bao busy in Ana's only slot and stays unscheduled.
    """
    ana, bao, cem = join(event, "Ana"), join(event, "Bao"), join(event, "Cem")
    ana.unavailable_slots.set(event.slots.all()[1:])
    first = meet(bao, cem)
    stranded = meet(ana, bao)
    assert (local_start(first), local_start(stranded)) == ("09:00", None)
    return first, stranded
