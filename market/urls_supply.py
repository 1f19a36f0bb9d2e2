from django.urls import path

from market.views import supply

urlpatterns: list = [
    path("supply-and-demand/", supply.supply_demand, name="supply_demand"),
]
