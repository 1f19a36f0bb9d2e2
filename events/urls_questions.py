"""URLs of the registration questions (issue 17, item 4), included by events.urls: the organizer's Questions page
and a registered company's answers."""

from django.urls import path

from events.views import questions

urlpatterns: list = [
    path("<slug:slug>/manage/questions/", questions.questions, name="questions"),
    path("<slug:slug>/manage/questions/<int:pk>/", questions.edit_question, name="edit_question"),
    path("<slug:slug>/manage/questions/<int:pk>/delete/", questions.delete_question, name="delete_question"),
    path("<slug:slug>/manage/questions/<int:pk>/move/", questions.move_question, name="move_question"),
    path("<slug:slug>/participation/answers/", questions.answers, name="answers"),
]
