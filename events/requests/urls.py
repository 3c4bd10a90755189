"""The public pages of event requests, under /events/request/ (mounted by
network_site.urls before Wagtail's own routes, which serve the rest of /events/).

The namespace stays "events", as it was when these pages were part of the events
app: links such as {% url "events:request" %} keep working unchanged."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.request_event, name="request"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/answer/", views.request_answer, name="request_answer"),
    path("<int:pk>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("<int:pk>/outcome/", views.request_outcome, name="request_outcome"),
]
