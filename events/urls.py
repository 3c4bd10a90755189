"""The public pages of event requests, under /events/request/ (before Wagtail's
own routes, which serve the rest of /events/)."""

from django.urls import path

from . import request_views

app_name = "events"

urlpatterns = [
    path("", request_views.request_event, name="request"),
    path("<int:pk>/", request_views.request_detail, name="request_detail"),
    path("<int:pk>/answer/", request_views.request_answer, name="request_answer"),
    path("<int:pk>/withdraw/", request_views.request_withdraw, name="request_withdraw"),
    path("<int:pk>/outcome/", request_views.request_outcome, name="request_outcome"),
]
