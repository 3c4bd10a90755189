from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from network_site.models import HOME_PAGE_CONTEXT_HOOK

from . import permissions
from .checkin import check_in, check_in_count_json
from .listing import upcoming_for_home
from .models import EventPage, EventRequest, Registration
from .request_admin import may_view_requests
from .request_admin import permission_policy as event_request_permission_policy
from .viewsets import EventsViewSetGroup, registration_permission_policy

register_permission_policy(Registration, registration_permission_policy())
register_permission_policy(EventRequest, event_request_permission_policy)


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


@hooks.register("register_page_header_buttons")
def event_request_button(page, user, view_name=None, next_url=None):
    """From an event made from a request (in its editor and the explorer header) to
    that request's page. Only in the header: one page, so one query."""
    if page.specific_class is not EventPage or not may_view_requests(user):
        return
    request_id = EventRequest.objects.filter(event_id=page.pk).values_list("pk", flat=True).first()
    if request_id is not None:
        yield Button(
            "Event request",
            reverse("event_requests:inspect", args=[request_id]),
            icon_name="mail",
            priority=62,
        )


@hooks.register(HOME_PAGE_CONTEXT_HOOK)
def home_page_events(home, request):
    return {"upcoming_events": upcoming_for_home(home)}
