"""The pages of an event's hosts, under /members/hosting/ (in the "members" URL
namespace: the root URLconf puts them in the member area)."""

from django.urls import path

from . import hosting

urlpatterns = [
    path("", hosting.hosting, name="hosting"),
    path("<int:event_id>/", hosting.hosting_event, name="hosting_event"),
    path("<int:event_id>/attendees.csv", hosting.hosting_export, name="hosting_export"),
    path("<int:event_id>/numbers.json", hosting.hosting_numbers, name="hosting_numbers"),
    path("<int:event_id>/message/", hosting.hosting_message, name="hosting_message"),
]
