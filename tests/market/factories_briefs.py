import factory

from market.models import BriefText, SectorBrief
from tests.factories import SectorFactory


class SectorBriefFactory(factory.django.DjangoModelFactory):
    """A published brief on a whole sector; `texts` adds BriefTexts: {"en": "Title", "vi": "Tiêu đề"}."""

    class Meta:
        model = SectorBrief
        skip_postgeneration_save = True

    sector = factory.SubFactory(SectorFactory)
    slug = factory.Sequence(lambda n: f"brief-{n}")
    published = True

    @factory.post_generation
    def texts(brief, create, extracted, **kwargs):
        if create:
            for language, title in (extracted if extracted is not None else {"en": "A brief"}).items():
                BriefTextFactory(brief=brief, language=language, title=title)


class BriefTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefText

    brief = factory.SubFactory(SectorBriefFactory, texts={})
    language = "en"
    title = "A brief"
    summary = factory.LazyAttribute(lambda text: f"Summary of {text.title}.")
    trade = "Vietnam sells rice and coffee; Azerbaijan sells hazelnuts."
    standards = "HACCP, ISO 22000, halal certification."
    logistics = "Sea freight, then the Middle Corridor."
    contacts = "VIETRADE, AZPROMO: https://azpromo.az"
