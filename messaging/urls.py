from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.threads, name="threads"),
    path("blocked/", views.blocked, name="blocked"),
    path("<int:pk>/", views.thread, name="thread"),
    path("<int:pk>/block/", views.block, name="block"),
    path("<int:pk>/unblock/", views.unblock, name="unblock"),
    path("<int:pk>/report/", views.report, name="report"),
    path("new/<slug:slug>/", views.start, name="start"),
]
