"""Fixed roles for conversation tests (tests/conftest.py has owner, member, other_owner, loner, staff):

- owner, member: people of Mekong Coffee (VN), one side of `thread`
- other_owner: owner of Caspian Foods (AZ), the other side
- outsider: owner of a third company, not in the thread
- organizer: an event organizer without a company
"""

import pytest

from tests.factories import CompanyFactory, MembershipFactory, OrganizerFactory, UserFactory
from tests.messaging.factories import ThreadFactory

ROLES = ["anonymous", "owner", "member", "other_owner", "outsider", "organizer", "staff", "loner"]


@pytest.fixture
def caspian(other_owner):
    return other_owner.membership.company


@pytest.fixture
def outsider(db):
    third = CompanyFactory(name="Ganja Textiles", slug="ganja-textiles", country="AZ", city="Gəncə")
    return MembershipFactory(company=third, user=UserFactory(username="outsider")).user


@pytest.fixture
def organizer(db):
    return OrganizerFactory(username="organizer")


@pytest.fixture
def thread(company, caspian, owner, member):
    return ThreadFactory(a=company, b=caspian)
