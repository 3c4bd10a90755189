"""The member's story form, under /members/stories/ (mounted by network_site.urls
in the members' namespace: links are {% url "members:story_new" %} and so on)."""

from django.urls import path

from . import member_views

urlpatterns = [
    path("new/", member_views.story_new, name="story_new"),
    path("<int:pk>/", member_views.story_check, name="story_check"),
    path("<int:pk>/<slug:step>/", member_views.story_step, name="story_step"),
    path(
        "follow-ups/stop/<str:token>/",
        member_views.follow_ups_stop,
        name="story_follow_ups_stop",
    ),
]
