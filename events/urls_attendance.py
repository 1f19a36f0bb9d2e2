"""URLs of attendance (issue 12), included by events.urls."""

from django.urls import path

from events.views import attendance

urlpatterns: list = [
    # The organizer's door
    path("<slug:slug>/manage/check-in/", attendance.check_in, name="check_in"),
    path("<slug:slug>/manage/check-in/participants/<int:pk>/", attendance.check_in_participant,
         name="check_in_participant"),
    path("<slug:slug>/manage/check-in/<str:token>/", attendance.check_in_scan, name="check_in_scan"),
    path("<slug:slug>/manage/meetings/<int:pk>/attendance/", attendance.mark_attendance, name="mark_attendance"),
    # The participant's badge and agenda
    path("<slug:slug>/badge/", attendance.badge, name="badge"),
    path("<slug:slug>/agenda/meetings/<int:pk>/attendance/", attendance.mark_my_attendance,
         name="mark_my_attendance"),
]
