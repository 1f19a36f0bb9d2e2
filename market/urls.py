from django.urls import include, path

from market import views

app_name = "market"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("market.urls_figures")),
    path("", include("market.urls_briefs")),
    path("", include("market.urls_supply")),
    path("", include("market.urls_questions")),
    path("", include("market.urls_fairs")),
    path("", include("market.urls_digest")),
]
