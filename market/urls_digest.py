from django.urls import path

from market.views import digest

urlpatterns: list = [
    path("digest/", digest.digest_settings, name="digest_settings"),
    path("digest/unsubscribe/<str:token>/", digest.unsubscribe, name="digest_unsubscribe"),
]
