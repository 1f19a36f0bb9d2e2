import pytest
from django.utils import translation

from tests.factories import CompanyFactory, MembershipFactory, StaffFactory, UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder, so tests can count the files they leave."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


# Fixed roles for view tests: the owner of a company, a member of it, a member of another company,
# a signed-in user without a company, and staff.
@pytest.fixture
def company(db):
    return CompanyFactory(name="Mekong Coffee", slug="mekong-coffee")


@pytest.fixture
def owner(company):
    return MembershipFactory(company=company, user=UserFactory(username="owner")).user


@pytest.fixture
def member(company):
    return MembershipFactory(company=company, user=UserFactory(username="member"), role="member").user


@pytest.fixture
def other_owner(db):
    other = CompanyFactory(name="Caspian Foods", slug="caspian-foods", country="AZ", city="Bakı")
    return MembershipFactory(company=other, user=UserFactory(username="other")).user


@pytest.fixture
def loner(db):
    return UserFactory(username="loner")


@pytest.fixture
def staff(db):
    return StaffFactory(username="staff")


@pytest.fixture
def as_role(client, request):
    """`as_role("owner")` returns the test client logged in as that role (a fixture name), or not at all for
    "anonymous": the permission matrices of every app use it."""

    def login(role):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return login


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """allauth's rate limits live in the cache: a test must not inherit another test's counters."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
