from django.urls import path

from market.views import fairs

urlpatterns: list = [
    path("fairs/", fairs.fair_list, name="fairs"),
    path("fairs/<slug:slug>/", fairs.fair_detail, name="fair"),
    path("fairs/<slug:slug>/attend/", fairs.attend, name="fair_attend"),
    path("fairs/<slug:slug>/leave/", fairs.leave, name="fair_leave"),
    path("fairs/<slug:slug>/propose/<slug:company>/", fairs.propose, name="fair_propose"),
    path("fairs/<slug:slug>/proposals/<int:pk>/withdraw/", fairs.withdraw, name="fair_withdraw"),
]
