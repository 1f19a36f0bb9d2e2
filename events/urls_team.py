"""URLs of an event's team (issue 17), included by events.urls. The page an invitation links to sits outside
/manage/: its visitor is not on the team yet."""

from django.urls import path

from events.views import team

urlpatterns: list = [
    path("<slug:slug>/manage/team/", team.team, name="team"),
    path("<slug:slug>/manage/team/members/<int:pk>/role/", team.member_role, name="team_member_role"),
    path("<slug:slug>/manage/team/members/<int:pk>/remove/", team.member_remove, name="team_member_remove"),
    path("<slug:slug>/manage/team/invitations/<int:pk>/revoke/", team.invitation_revoke, name="team_revoke"),
    path("<slug:slug>/team/join/<str:token>/", team.join, name="team_join"),
]
