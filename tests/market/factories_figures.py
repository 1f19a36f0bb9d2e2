from decimal import Decimal

import factory

from market.models import TradeFigure


class TradeFigureFactory(factory.django.DjangoModelFactory):
    """A reported figure for all goods; each new one is a year later, so several never clash."""

    class Meta:
        model = TradeFigure

    year = factory.Sequence(lambda n: 2000 + n % 25)
    direction = "total"
    hs_chapter = None
    value_usd = Decimal("10000000")
    change_pct = None
    kind = "reported"
    source_name = "General Department of Vietnam Customs"
    source_url = "https://www.customs.gov.vn/"
