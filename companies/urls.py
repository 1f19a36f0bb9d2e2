from django.urls import path

from companies import views

app_name = "companies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("marketplace/", views.marketplace, name="marketplace"),
    path("marketplace/mine/", views.my_listings, name="my_listings"),
    path("marketplace/new/", views.listing_create, name="listing_create"),
    path("marketplace/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("marketplace/<int:pk>/delete/", views.listing_delete, name="listing_delete"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
