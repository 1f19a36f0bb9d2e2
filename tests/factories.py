from datetime import time, timedelta

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


class OrganizerFactory(UserFactory):
    """An event organizer: a member of the Organizers group, which holds events.organize_events."""

    @factory.post_generation
    def organizer_role(user, create, extracted, **kwargs):
        if create:
            from events.permissions import make_organizer

            make_organizer(user)


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

    @factory.post_generation
    def roles(company, create, extracted, **kwargs):
        # Role slugs ("exporter"); none by default.
        if create and extracted:
            company.roles.set([RoleFactory(slug=slug) for slug in extracted])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = Membership.Role.OWNER


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation to join a company as a member (its link: companies.team.invitation_token)."""

    class Meta:
        model = "companies.Invitation"

    company = factory.SubFactory(CompanyFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.com")
    role = Membership.Role.MEMBER


# Events -------------------------------------------------------------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    """A published event next month in Baku, registration open now."""

    class Meta:
        model = "events.Event"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Vietnam–Azerbaijan B2B Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    city = "Bakı"
    venue = "Baku Expo Center"
    country = "AZ"
    time_zone = "Asia/Baku"
    start_date = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=30)).date())
    end_date = factory.LazyAttribute(lambda e: e.start_date)
    registration_opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    status = "published"
    meeting_minutes = 20
    max_meetings = 10

    @factory.post_generation
    def organizers(event, create, extracted, **kwargs):
        if create and extracted:
            event.organizers.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    """A session; its slots are cut by the service, as in the application."""

    class Meta:
        model = "events.Session"

    event = factory.SubFactory(EventFactory)
    date = factory.LazyAttribute(lambda s: s.event.start_date)
    start_time = time(9, 0)
    end_time = time(10, 0)
    pause_minutes = 0

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from events.services import add_session

        event = kwargs.pop("event")
        return add_session(event=event, data=kwargs)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Participation"

    event = factory.SubFactory(EventFactory)
    company = factory.SubFactory(CompanyFactory)
    status = "approved"
    delegates = 1


# Marketplace and matchmaking ---------------------------------------------------------------------------------


def _seeded_names(rows, code: int) -> dict:
    """The three names of `code` in seed data rows (code, English, Vietnamese, Azerbaijani, ...)."""
    row = next(r for r in rows if r[0] == code)
    return {"name_en": row[1], "name_vi": row[2], "name_az": row[3]}


def _hs_names(code: int) -> dict:
    from companies.hs_chapters import HS_CHAPTERS

    return _seeded_names(HS_CHAPTERS, code)


class HSChapterFactory(factory.django.DjangoModelFactory):
    """A chapter as seeded by the data migration (tests that flush the database lose the seeded rows)."""

    class Meta:
        model = "companies.HSChapter"
        django_get_or_create = ["code"]

    code = 9
    name_en = factory.LazyAttribute(lambda c: _hs_names(c.code)["name_en"])
    name_vi = factory.LazyAttribute(lambda c: _hs_names(c.code)["name_vi"])
    name_az = factory.LazyAttribute(lambda c: _hs_names(c.code)["name_az"])


def _heading_names(code: int) -> dict:
    from companies.hs_headings import HS_HEADINGS

    return _seeded_names(HS_HEADINGS, code)


class HSHeadingFactory(factory.django.DjangoModelFactory):
    """A heading as seeded by the data migration, under its chapter (904 → 09)."""

    class Meta:
        model = "companies.HSHeading"
        django_get_or_create = ["code"]

    code = 904
    chapter = factory.LazyAttribute(lambda h: HSChapterFactory(code=h.code // 100))
    name_en = factory.LazyAttribute(lambda h: _heading_names(h.code)["name_en"])
    name_vi = factory.LazyAttribute(lambda h: _heading_names(h.code)["name_vi"])
    name_az = factory.LazyAttribute(lambda h: _heading_names(h.code)["name_az"])


class RoleFactory(factory.django.DjangoModelFactory):
    """A business role as seeded by the data migration."""

    class Meta:
        model = "companies.Role"
        django_get_or_create = ["slug"]

    slug = "exporter"
    name_en = factory.LazyAttribute(lambda r: next(row[1] for row in _roles() if row[0] == r.slug))
    name_vi = factory.LazyAttribute(lambda r: next(row[2] for row in _roles() if row[0] == r.slug))
    name_az = factory.LazyAttribute(lambda r: next(row[3] for row in _roles() if row[0] == r.slug))


def _roles():
    from companies.roles import ROLES

    return ROLES


class ListingFactory(factory.django.DjangoModelFactory):
    """An approved offer of green coffee (HS 09) in agriculture, open to any country, for 90 days."""

    class Meta:
        model = "companies.Listing"

    company = factory.SubFactory(CompanyFactory)
    kind = "offer"
    title = factory.Sequence(lambda n: f"Robusta green coffee, lot {n}")
    description = "Grade 1 Robusta from Đắk Lắk, two containers a month."
    sector = factory.LazyFunction(lambda: SectorFactory(slug="agriculture-food"))
    hs_chapter = factory.LazyFunction(lambda: HSChapterFactory(code=9))
    target_countries = factory.LazyFunction(list)
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    status = "approved"
    moderated_at = factory.LazyFunction(timezone.now)


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "matchmaking.Preference"

    company = factory.SubFactory(CompanyFactory)
    other = factory.SubFactory(CompanyFactory)
    kind = "must_meet"


# Helpers for event tests -------------------------------------------------------------------------------------


def join(event, name: str, *, company=None, **kwargs):
    """A participation in `event` of company `name`, whose owner is user `name` (lower case, dots for spaces,
    e-mail <username>@example.com); or of an existing `company`."""
    from django.utils.text import slugify

    if company is None:
        username = slugify(name).replace("-", ".")
        company = CompanyFactory(name=name, slug=slugify(name))
        MembershipFactory(company=company, user=UserFactory(username=username, email=f"{username}@example.com"))
    return ParticipationFactory(event=event, company=company, **kwargs)


def meet(a, b):
    """`a` asks `b` for a meeting and `b` accepts (booked in the earliest free slot, if any); the meeting."""
    from events import services

    return services.accept_request(meeting_request=services.request_meeting(requester=a, recipient=b), by=b)


def local_start(meeting) -> str | None:
    """The meeting's start as HH:MM in the event's time zone (read again from the database), None unplaced."""
    meeting.refresh_from_db()
    if not meeting.slot_id:
        return None
    return timezone.localtime(meeting.slot.starts_at, meeting.event.tz).strftime("%H:%M")
