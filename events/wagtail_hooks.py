from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from . import permissions
from .checkin import check_in, check_in_count_json
from .models import EventPage, Registration
from .viewsets import EventsViewSetGroup, RegistrationPermissionPolicy

register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))


@hooks.register("register_admin_viewset")
def register_events_viewsets():
    return EventsViewSetGroup()


@hooks.register("register_admin_urls")
def register_check_in_url():
    return [
        path("events/check-in/<int:event_id>/", check_in, name="events_check_in"),
        path(
            "events/check-in/<int:event_id>/count/",
            check_in_count_json,
            name="events_check_in_count",
        ),
    ]


@hooks.register("register_page_listing_more_buttons")
def registrations_button(page, user, next_url=None, view_name=None):
    """From an event in the page explorer to its registrations and its check-in."""
    if page.specific_class is EventPage and permissions.may_view_registrations(user):
        yield Button(
            "Registrations",
            reverse("registrations:index") + f"?event={page.pk}",
            icon_name="list-ul",
            priority=60,
        )
