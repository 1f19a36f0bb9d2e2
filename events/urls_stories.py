"""Success stories (issue 12): the public list and pages, and the companies' own stories. Mounted at /stories/
under the "stories" namespace by config.urls."""

from django.urls import path

from events.views import stories

app_name = "stories"

urlpatterns = [
    path("", stories.story_list, name="list"),
    path("mine/", stories.my_stories, name="mine"),
    path("new/", stories.create_story, name="create"),
    path("<int:pk>/", stories.story_detail, name="detail"),
    path("<int:pk>/edit/", stories.edit_story, name="edit"),
    path("<int:pk>/consent/", stories.story_consent, name="consent"),
]
