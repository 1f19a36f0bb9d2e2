from django.urls import path

from companies import team_views, views

app_name = "companies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("marketplace/", views.marketplace, name="marketplace"),
    path("marketplace/mine/", views.my_listings, name="my_listings"),
    path("marketplace/new/", views.listing_create, name="listing_create"),
    path("marketplace/<int:pk>/", views.listing_detail, name="listing_detail"),
    path("marketplace/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("marketplace/<int:pk>/delete/", views.listing_delete, name="listing_delete"),
    path("mine/team/", team_views.team_page, name="team"),
    path("mine/team/leave/", team_views.leave, name="leave"),
    path("mine/team/invitations/<int:pk>/revoke/", team_views.invitation_revoke, name="invitation_revoke"),
    path("mine/team/members/<int:pk>/role/", team_views.member_role, name="member_role"),
    path("mine/team/members/<int:pk>/remove/", team_views.member_remove, name="member_remove"),
    path("invitations/<str:token>/", team_views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
]
