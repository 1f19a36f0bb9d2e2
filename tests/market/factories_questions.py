"""Factories of market questions: approved by default (a moderator's decision), as the public pages show them."""

import factory
from django.utils import timezone

from companies.models import ModerationStatus
from tests.factories import CompanyFactory, HSChapterFactory, SectorFactory, UserFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """An approved question about rice in agriculture (HS 10), asked by a Vietnamese company."""

    class Meta:
        model = "market.Question"

    company = factory.SubFactory(CompanyFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"What certificate does rice need to enter Azerbaijan? ({n})")
    body = "We ship jasmine rice in 25 kg bags and want to know the phytosanitary papers."
    sector = factory.LazyFunction(lambda: SectorFactory(slug="agriculture-food"))
    hs_chapter = factory.LazyFunction(lambda: HSChapterFactory(code=10))
    status = ModerationStatus.APPROVED
    moderated_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    """An approved answer by an Azerbaijani company."""

    class Meta:
        model = "market.Answer"

    question = factory.SubFactory(QuestionFactory)
    company = factory.SubFactory(CompanyFactory, country="AZ", city="Bakı")
    author = factory.SubFactory(UserFactory)
    body = "A phytosanitary certificate from the exporting country and a certificate of origin."
    status = ModerationStatus.APPROVED
    moderated_at = factory.LazyFunction(timezone.now)
