from django.urls import path

from matchmaking import views

app_name = "matchmaking"

urlpatterns = [
    path("partners/", views.partners, name="partners"),
    path("partners/<slug:slug>/mark/", views.mark, name="mark"),
    path("events/<slug:slug>/suggestions/", views.event_suggestions, name="event_suggestions"),
    path("events/<slug:slug>/manage/introductions/", views.introductions, name="introductions"),
]
