import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from companies.models import Company, Language, Membership, ModerationStatus, Sector


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(user=user, email=user.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"sector-{n}")
    name_en = factory.LazyAttribute(lambda s: s.slug.replace("-", " ").capitalize())
    name_vi = factory.LazyAttribute(lambda s: f"{s.name_en} (vi)")
    name_az = factory.LazyAttribute(lambda s: f"{s.name_en} (az)")


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ["code"]

    code = "en"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Company {n:03d}")
    slug = factory.Sequence(lambda n: f"company-{n:03d}")
    country = "VN"
    city = "Hà Nội"
    description = "We export roasted Robusta coffee to the Caspian region."
    size = Company.Size.SMALL
    contact_person = "Nguyễn Thị Lan"
    contact_email = factory.Sequence(lambda n: f"contact{n}@company.example")
    contact_phone = "+84 24 3825 1234"
    status = ModerationStatus.APPROVED
    moderated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def sectors(company, create, extracted, **kwargs):
        if create:
            company.sectors.set(extracted if extracted is not None else [SectorFactory(slug="trade")])

    @factory.post_generation
    def languages(company, create, extracted, **kwargs):
        if create:
            company.languages.set(extracted if extracted is not None else [LanguageFactory(code="en")])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = Membership.Role.OWNER
