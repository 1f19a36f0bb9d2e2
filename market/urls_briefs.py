from django.urls import path

from market.views import briefs

urlpatterns: list = [
    path("briefs/", briefs.brief_list, name="briefs"),
    path("briefs/<slug:slug>/", briefs.brief_detail, name="brief"),
]
