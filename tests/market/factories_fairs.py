from datetime import timedelta

import factory
from django.utils import timezone

from market.models import Fair, FairAttendance, FairMeetingProposal
from tests.factories import CompanyFactory, SectorFactory


class FairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fair
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Caspian food fair {n}")
    slug = factory.Sequence(lambda n: f"caspian-food-fair-{n}")
    city = "Bakı"
    country = "AZ"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    end_date = factory.LazyAttribute(lambda f: f.start_date + timedelta(days=2))
    website = "https://fair.example/"
    description = "Food producers and importers of the Caspian region."

    @factory.post_generation
    def sectors(fair, create, extracted, **kwargs):
        if create:
            fair.sectors.set(extracted if extracted is not None else [SectorFactory(slug="agriculture-food")])


class PastFairFactory(FairFactory):
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))


class FairAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FairAttendance

    fair = factory.SubFactory(FairFactory)
    company = factory.SubFactory(CompanyFactory)
    seeks = "Importers of roasted coffee"


class FairMeetingProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FairMeetingProposal

    fair = factory.SubFactory(FairFactory)
    sender = factory.SubFactory(CompanyFactory)
    recipient = factory.SubFactory(CompanyFactory)
    message = "Shall we meet at our stand on the first day?"
