import pytest
from django.core import mail
from django.db import IntegrityError

from companies import services
from companies.logos import process_logo
from companies.models import Company, Membership
from companies.moderation import moderate
from companies.signals import company_withdrawn
from tests import images
from tests.conftest import stored_files
from tests.factories import CompanyFactory, LanguageFactory, MembershipFactory, SectorFactory, UserFactory


def profile_data(**overrides):
    return {
        "name": "Saigon Solar Works",
        "country": "VN",
        "city": "Thành phố Hồ Chí Minh",
        "description": "We install rooftop solar for factories.",
        "website": "https://saigonsolar.example",
        "founded": 2015,
        "size": "small",
        "women_led": True,
        "contact_person": "Trần Thị Mai",
        "contact_email": "mai@saigonsolar.example",
        "contact_phone": "+84 28 3823 4567",
        "email_language": "vi",
        "sectors": [SectorFactory(slug="renewable-energy")],
        "languages": [LanguageFactory(code="vi"), LanguageFactory(code="en")],
        **overrides,
    }


@pytest.mark.django_db
def test_create_company_makes_pending_profile_owned_by_user(media_root):
    user = UserFactory()

    company = services.create_company(owner=user, data=profile_data(), logo=process_logo(images.png_upload()))

    company.refresh_from_db()
    assert company.status == Company.Status.PENDING
    assert company.slug == "saigon-solar-works"
    assert sorted(s.slug for s in company.sectors.all()) == ["renewable-energy"]
    assert sorted(lang.code for lang in company.languages.all()) == ["en", "vi"]
    assert Membership.objects.get(user=user).role == Membership.Role.OWNER
    assert stored_files(media_root) == sorted([company.logo.name, company.logo_thumbnail.name])


@pytest.mark.django_db
def test_create_company_gives_a_unique_slug_to_a_repeated_name():
    CompanyFactory(name="Saigon Solar Works", slug="saigon-solar-works")

    company = services.create_company(owner=UserFactory(), data=profile_data())

    assert company.slug == "saigon-solar-works-2"


@pytest.mark.django_db
def test_create_company_refuses_a_user_who_already_has_one():
    membership = MembershipFactory()

    with pytest.raises(services.CompanyError):
        services.create_company(owner=membership.user, data=profile_data())

    assert Company.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_create_company_leaves_no_file_and_no_row_when_the_database_refuses(media_root):
    # A founding year before 1800 passes no form, but the database's check constraint still refuses it.
    with pytest.raises(IntegrityError):
        services.create_company(owner=UserFactory(), data=profile_data(founded=1200),
                                logo=process_logo(images.png_upload()))

    assert Company.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_update_company_replaces_logo_and_deletes_old_files(media_root, django_capture_on_commit_callbacks):
    company = services.create_company(owner=UserFactory(), data=profile_data(),
                                      logo=process_logo(images.png_upload()))
    old = sorted([company.logo.name, company.logo_thumbnail.name])

    with django_capture_on_commit_callbacks(execute=True):
        services.update_company(company=company, data=profile_data(city="Đà Nẵng"),
                                logo=process_logo(images.png_upload(size=(50, 50))))

    company.refresh_from_db()
    assert company.city == "Đà Nẵng"
    assert stored_files(media_root) == sorted([company.logo.name, company.logo_thumbnail.name])
    assert not set(old) & set(stored_files(media_root))


@pytest.mark.django_db
def test_update_company_can_remove_the_logo(media_root, django_capture_on_commit_callbacks):
    company = services.create_company(owner=UserFactory(), data=profile_data(),
                                      logo=process_logo(images.png_upload()))

    with django_capture_on_commit_callbacks(execute=True):
        services.update_company(company=company, data=profile_data(), remove_logo=True)

    company.refresh_from_db()
    assert (company.logo.name, company.logo_thumbnail.name) == ("", "")
    assert stored_files(media_root) == []


@pytest.mark.django_db
def test_approve_companies_emails_the_owners_in_their_language(django_capture_on_commit_callbacks):
    company = CompanyFactory(name="Mekong Rice", status=Company.Status.PENDING, email_language="en")
    MembershipFactory(company=company, user=UserFactory(email="boss@mekong.example"))
    MembershipFactory(company=company, user=UserFactory(email="staff@mekong.example"), role="member")

    with django_capture_on_commit_callbacks(execute=True):
        changed = moderate(status="approved", items=Company.objects.filter(pk=company.pk))

    company.refresh_from_db()
    assert changed == 1
    assert company.status == Company.Status.APPROVED
    assert company.moderated_at is not None
    assert [m.to for m in mail.outbox] == [["boss@mekong.example"]]
    assert mail.outbox[0].subject == "Mekong Rice is now listed on TradeBridge"


@pytest.mark.django_db
def test_reject_companies_sends_the_reason(django_capture_on_commit_callbacks):
    company = CompanyFactory(name="Mekong Rice", status=Company.Status.PENDING, email_language="vi")
    MembershipFactory(company=company, user=UserFactory(email="boss@mekong.example"))

    with django_capture_on_commit_callbacks(execute=True):
        moderate(status="rejected", items=[company], reason="Website does not work.")

    company.refresh_from_db()
    assert (company.status, company.status_reason) == (Company.Status.REJECTED, "Website does not work.")
    assert len(mail.outbox) == 1
    assert "Website does not work." in mail.outbox[0].body


@pytest.mark.django_db
def test_reject_companies_requires_a_reason():
    company = CompanyFactory(status=Company.Status.PENDING)

    with pytest.raises(services.CompanyError):
        moderate(status="rejected", items=[company], reason="   ")

    company.refresh_from_db()
    assert company.status == Company.Status.PENDING


@pytest.mark.django_db
def test_moderation_of_unchanged_company_sends_nothing(django_capture_on_commit_callbacks):
    company = CompanyFactory(status=Company.Status.APPROVED)
    MembershipFactory(company=company)

    with django_capture_on_commit_callbacks(execute=True):
        changed = moderate(status="approved", items=[company])

    assert (changed, len(mail.outbox)) == (0, 0)


@pytest.mark.django_db
def test_suspend_companies_hides_company_from_public_queryset():
    company = CompanyFactory(status=Company.Status.APPROVED)

    moderate(status="suspended", items=[company], reason="Complaints from partners.")

    assert list(Company.objects.approved()) == []


@pytest.fixture
def withdrawn():
    """The companies `company_withdrawn` is sent for, in order, as another app's receiver would see them."""
    received = []

    def receiver(sender, company, **kwargs):
        received.append(company.name)

    company_withdrawn.connect(receiver, dispatch_uid="test-withdrawn")
    yield received
    company_withdrawn.disconnect(dispatch_uid="test-withdrawn")


@pytest.mark.django_db
def test_deactivate_companies_requires_a_reason(withdrawn, django_capture_on_commit_callbacks):
    company = CompanyFactory(status=Company.Status.APPROVED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.CompanyError):
        moderate(status="deactivated", items=[company], reason="  ")

    company.refresh_from_db()
    assert (company.status, len(mail.outbox), withdrawn) == (Company.Status.APPROVED, 0, [])


@pytest.mark.django_db
def test_deactivate_companies_emails_owners_and_withdraws_the_approved_ones(withdrawn,
                                                                          django_capture_on_commit_callbacks):
    approved = [CompanyFactory(name=f"Approved {i}", status=Company.Status.APPROVED) for i in range(2)]
    pending = CompanyFactory(name="Pending", status=Company.Status.PENDING)
    for i, company in enumerate([*approved, pending]):
        MembershipFactory(company=company, user=UserFactory(email=f"owner{i}@example.com"))

    with django_capture_on_commit_callbacks(execute=True):
        changed = moderate(status="deactivated", items=Company.objects.order_by("name"),
                                                reason=" Closed the business. ")

    assert changed == 3
    assert list(Company.objects.order_by("name").values_list("name", "status", "status_reason")) == [
        ("Approved 0", "deactivated", "Closed the business."),
        ("Approved 1", "deactivated", "Closed the business."),
        ("Pending", "deactivated", "Closed the business."),
    ]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("owner0@example.com", "Approved 0: your profile was deactivated"),
        ("owner1@example.com", "Approved 1: your profile was deactivated"),
        ("owner2@example.com", "Pending: your profile was deactivated"),
    ]
    assert "Reason: Closed the business." in mail.outbox[0].body
    assert withdrawn == ["Approved 0", "Approved 1"]


@pytest.mark.django_db
def test_company_withdrawn_is_sent_only_after_commit(withdrawn, django_capture_on_commit_callbacks):
    company = CompanyFactory(name="Mekong Rice", status=Company.Status.APPROVED)

    with django_capture_on_commit_callbacks() as callbacks:
        moderate(status="suspended", items=[company], reason="Fraud report.")
        assert withdrawn == []

    for callback in callbacks:
        callback()
    assert withdrawn == ["Mekong Rice"]


@pytest.mark.parametrize(("before", "moderate", "sent"), [
    ("approved", lambda c: moderate(status="rejected", items=c, reason="Fake."), ["Mekong Rice"]),
    ("approved", lambda c: moderate(status="suspended", items=c, reason="Fraud."), ["Mekong Rice"]),
    ("approved", lambda c: moderate(status="approved", items=c), []),
    ("suspended", lambda c: moderate(status="deactivated", items=c, reason="Closed."), []),
    ("suspended", lambda c: moderate(status="suspended", items=c, reason="Another reason."), []),
    ("pending", lambda c: moderate(status="rejected", items=c, reason="Fake."), []),
])
def test_company_withdrawn_only_when_an_approved_company_stops_being_approved(
        db, withdrawn, django_capture_on_commit_callbacks, before, moderate, sent):
    company = CompanyFactory(name="Mekong Rice", status=before)

    with django_capture_on_commit_callbacks(execute=True):
        moderate([company])

    assert withdrawn == sent


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Đà Nẵng Coastal JSC", "da-nang-coastal-jsc"), ("Abşeron Qəhvə Evi MMC", "abseron-qehve-evi-mmc"),
     ("Vietnam–Azerbaijan B2B Forum", "vietnam-azerbaijan-b2b-forum"), ("Bakı İnşaat", "baki-insaat"),
     ("!!!", "company")],
)
def test_slug_base_keeps_vietnamese_and_azerbaijani_names_readable(name, slug):
    assert services.slug_base(name) == slug


@pytest.mark.parametrize("name", ["Mine", "New", "Marketplace"])
def test_company_slug_never_takes_a_fixed_path(db, name):
    assert services.unique_slug(name) == f"{name.lower()}-2"


@pytest.mark.parametrize(("code", "language", "name"), [("en", "az", "İngilis"), ("en", "en", "English"),
                                                        ("ru", "vi", "Tiếng Nga"), ("vi", "az", "Vyetnam")])
def test_language_names_are_capitalized_for_each_language(code, language, name):
    from companies.i18n_names import language_name

    assert language_name(code, language) == name


@pytest.mark.parametrize(("text", "language", "lowered"), [("Renewable energy", "en", "renewable energy"),
                                                           ("İnşaat", "az", "inşaat"), ("Içki", "az", "ıçki")])
def test_lower_first_follows_the_languages_alphabet(text, language, lowered):
    from companies.i18n_names import lower_first

    assert lower_first(text, language) == lowered
