from django.urls import path

from companies import views

app_name = "companies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
