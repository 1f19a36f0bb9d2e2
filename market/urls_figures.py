from django.urls import path

from market.views import figures

urlpatterns: list = [
    path("trade/", figures.trade, name="trade"),
]
