from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from events.models import EventPage
from network_site.member_data import ERASE_MEMBER_DATA, MEMBER_DASHBOARD_CONTEXT, PERSONAL_DATA
from network_site.places import LOCAL_AUTHORITY_ADMIN_PANELS, AuthorityPanel
from network_site.staff_dashboard import STAFF_DASHBOARD_COUNTS, ListingCount

from . import personal_data
from .dashboard import event_requests_context
from .models import EventRequest
from .viewsets import event_request_viewset, may_view_requests, permission_policy

register_permission_policy(EventRequest, permission_policy)

# The member's own pages (network_site.member_data): the requests they follow on
# the dashboard, and what the requests hold about them in their export and erasure.
hooks.register(MEMBER_DASHBOARD_CONTEXT, event_requests_context)
hooks.register(PERSONAL_DATA, lambda: personal_data.REGISTRY)
hooks.register(ERASE_MEMBER_DATA, personal_data.erase)


@hooks.register("register_admin_viewset")
def register_event_requests_viewset():
    return event_request_viewset


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


@hooks.register(STAFF_DASHBOARD_COUNTS)
def event_requests_waiting(user):
    """Requests waiting for a first look, and those in review waiting for our answer."""
    if permission_policy.user_has_permission(user, "change"):
        for label, status in (
            ("Event requests waiting for review", EventRequest.Status.SUBMITTED),
            ("Event requests in review, waiting for an answer", EventRequest.Status.IN_REVIEW),
        ):
            yield ListingCount(
                label, EventRequest.objects.all(), "event_requests:index", {"status": status}, 30
            )


@hooks.register(LOCAL_AUTHORITY_ADMIN_PANELS)
def authority_requests(authority):
    """The authority's event requests, newest first, on its admin page."""
    requests = EventRequest.objects.filter(local_authority=authority).order_by("-created_at", "-pk")
    return AuthorityPanel(
        title="Event requests",
        rows=[
            (
                str(request),
                reverse("event_requests:inspect", args=[request.pk]),
                request.get_status_display().lower(),
            )
            for request in requests.select_related("local_authority")
        ],
        empty="This authority has not asked for an event yet.",
        order=20,
    )
