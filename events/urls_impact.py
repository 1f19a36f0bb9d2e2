"""URLs of impact (issue 12), included by events.urls before the event pages ("impact" is a reserved event slug;
"impact.csv" cannot be one)."""

from django.urls import path

from events.views import impact

urlpatterns: list = [
    path("impact/", impact.impact_all, name="impact_all"),
    path("impact.csv", impact.impact_all_csv, name="impact_all_csv"),
    path("<slug:slug>/manage/impact/", impact.impact, name="impact"),
    path("<slug:slug>/manage/impact.csv", impact.impact_csv, name="impact_csv"),
]
