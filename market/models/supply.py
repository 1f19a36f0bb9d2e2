"""Live supply and demand kept as counts (market.supply_counts; docs/market.md, "Live supply and demand").

Database triggers on the marketplace and company tables keep the sums of these tables equal to a recount of the
corridor's counted entries (market.supply_selectors) in the same transaction as every write, whichever way it is
made (a model save, a bulk update by moderation, a deletion cascading from a company). A product is keyed by the
company's country, the kind, the chapter and heading (0 for none: a service has neither) and the sector.

The triggers only insert rows (+n or −n): writers never wait for each other on a hot counter row, nor deadlock
when two transactions change entries of the same products in a different order. Reading sums the rows of a
product; `manage.py supply_counts` compacts them daily to one row per product (and date).

* SupplyExpiry: the number of counted entries per product and expiry date, every date;
* SupplyCount: the number of counted entries per product that expire on or after the watermark's day (the sum of
  its rows);
* SupplyWatermark: that day, one row. Counting today's open entries reads SupplyCount and corrects it with the
  SupplyExpiry rows between the watermark and today, so that an entry drops out the day after it expires without
  any write; `manage.py supply_counts` moves the watermark to today (daily) so that the correction stays small.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["SupplyCount", "SupplyExpiry", "SupplyWatermark"]

PRODUCT = ["country", "kind", "chapter", "heading", "sector"]


class SupplyProduct(models.Model):
    country = models.CharField(_("company's country"), max_length=2)
    kind = models.CharField(_("kind"), max_length=10)
    # 0 rather than NULL: a product compares equal to itself in GROUP BY and joins alike.
    chapter = models.PositiveSmallIntegerField(_("HS chapter (0: a service)"))
    heading = models.PositiveIntegerField(_("HS heading (0: none)"))
    sector = models.BigIntegerField(_("sector id"))
    entries = models.IntegerField(_("entries"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.country} {self.kind} {self.chapter:02d}/{self.heading:04d}/{self.sector}: {self.entries}"


class SupplyCount(SupplyProduct):
    class Meta:
        verbose_name = _("supply and demand count")
        verbose_name_plural = _("supply and demand counts")


class SupplyExpiry(SupplyProduct):
    expires_on = models.DateField(_("expires on"))

    class Meta:
        verbose_name = _("supply and demand count by expiry date")
        verbose_name_plural = _("supply and demand counts by expiry date")
        # The reading of supply and demand scans the dates between the watermark and today.
        indexes = [models.Index(fields=["expires_on"], name="supply_expiry_day_idx")]


class SupplyWatermark(models.Model):
    """The one row: SupplyCount counts the entries that expire on or after `day`."""

    day = models.DateField(_("counted from"))

    class Meta:
        verbose_name = _("supply and demand watermark")
        verbose_name_plural = _("supply and demand watermark")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="supply_watermark_one_row")]

    def __str__(self) -> str:
        return self.day.isoformat()
