"""Market questions, in the "market" namespace (market.urls)."""

from django.urls import path

from market.views import questions

urlpatterns: list = [
    path("questions/", questions.question_list, name="questions"),
    path("questions/ask/", questions.ask, name="ask"),
    path("questions/<int:pk>/", questions.question_detail, name="question"),
    path("questions/<int:pk>/follow/", questions.follow, name="question_follow"),
    path("questions/<int:pk>/report/", questions.report_question, name="question_report"),
    path("answers/<int:pk>/helpful/", questions.mark_helpful, name="answer_helpful"),
    path("answers/<int:pk>/report/", questions.report_answer, name="answer_report"),
]
