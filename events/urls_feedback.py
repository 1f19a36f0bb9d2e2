"""URLs of feedback and follow-up outcomes (issue 12), included by events.urls before the event pages.

The signed links live under fixed prefixes ("feedback", "outcome"), which setup.RESERVED_SLUGS keeps events off.
"""

from django.urls import path

from events.views import feedback

urlpatterns: list = [
    # From an email: the signed link is the permission, no login needed.
    path("feedback/<str:token>/", feedback.feedback_signed, name="feedback_signed"),
    path("outcome/<str:token>/", feedback.outcome_signed, name="outcome_signed"),
    # From the agenda, logged in as a member of either side.
    path("<slug:slug>/agenda/meetings/<int:pk>/feedback/", feedback.feedback, name="feedback"),
    path("<slug:slug>/agenda/meetings/<int:pk>/outcome/", feedback.outcome, name="outcome"),
    # The organizer's read-only view of both sides' answers on one meeting.
    path("<slug:slug>/manage/meetings/<int:pk>/answers/", feedback.meeting_answers, name="meeting_answers"),
]
