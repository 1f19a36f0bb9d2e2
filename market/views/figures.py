"""The public "Vietnam–Azerbaijan trade" page."""

from django.shortcuts import render

from market.figures_page import build_trade_page
from market.figures_selectors import trade_figures


def trade(request):
    """The corridor's trade figures as charts, tables and sentences, with their sources. Open to everyone."""
    return render(request, "market/figures/trade.html", {"page": build_trade_page(trade_figures())})
