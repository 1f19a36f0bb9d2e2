"""Reads for the trade page."""

from market.models import TradeFigure


def trade_figures() -> list[TradeFigure]:
    """Every trade figure with its HS chapter, oldest year first: one query, whatever their number."""
    return list(TradeFigure.objects.select_related("hs_chapter").order_by("year", "direction", "hs_chapter_id"))
