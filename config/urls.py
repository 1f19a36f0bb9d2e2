from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from config import account_views, health, views

# The admin logs in through the site's log-in page: allauth's rate limits, login lockout and two-factor step apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # For the load balancer: no language prefix, no login (config/health.py).
    path("health/", health.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.ico", permanent=True)),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # Before allauth's URLs, which own the rest of accounts/.
    path("accounts/delete/", account_views.delete, name="account_delete"),
    path("accounts/data/", account_views.data, name="account_data"),
    path("accounts/data/download/", account_views.data_download, name="account_data_download"),
    path("accounts/", include("allauth.urls")),
    path("companies/", include("companies.urls")),
    path("events/", include("events.urls")),
    path("stories/", include("events.urls_stories")),
    path("market/", include("market.urls")),
    path("messages/", include("messaging.urls")),
    path("", include("matchmaking.urls")),
    path("admin/", admin.site.urls),
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
