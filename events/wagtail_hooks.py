from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from network_site.cache_targets import SHOWN_ON_HOOK
from network_site.member_data import ERASE_MEMBER_DATA, MEMBER_DASHBOARD_CONTEXT, PERSONAL_DATA
from network_site.models import HOME_PAGE_CONTEXT_HOOK
from network_site.places import LOCAL_AUTHORITY_ADMIN_PANELS, AuthorityPanel
from network_site.staff_dashboard import STAFF_DASHBOARD_FIGURES, register_report

from . import page_views, permissions, personal_data, reports, seo, staff_dashboard, views
from .checkin import check_in, check_in_count_json
from .dashboard import registrations_context
from .listing import upcoming_for_home
from .models import EventIndexPage, EventPage, Registration
from .viewsets import EventsViewSetGroup, registration_permission_policy

# What the event pages' routes and context do (network_site.page_routes): the
# page models declare them; the views here, above the models, do them.
EventIndexPage.handlers.provide(
    upcoming=page_views.upcoming_events,
    past=page_views.past_events,
    calendar=page_views.month_calendar,
    feed=page_views.feed_response,
)
EventPage.handlers.provide(
    context=page_views.event_page_context,
    structured_data=seo.event_schema,
    ical=page_views.event_calendar_response,
    register=views.register,
    registration_action=views.registration_action,
)

register_permission_policy(Registration, registration_permission_policy())

# The member's own pages (network_site.member_data): registrations on the
# dashboard, and what events hold about the member in their export and erasure.
hooks.register(MEMBER_DASHBOARD_CONTEXT, registrations_context)
hooks.register(PERSONAL_DATA, lambda: personal_data.REGISTRY)
hooks.register(ERASE_MEMBER_DATA, personal_data.erase)
hooks.register(STAFF_DASHBOARD_FIGURES, staff_dashboard.figures)


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


@hooks.register(SHOWN_ON_HOOK)
def events_showing(obj):
    """An event's page lists its related articles (a many-to-many, which Wagtail's
    reference index does not follow)."""
    if not isinstance(obj, Page):
        return []
    return list(EventPage.objects.live().filter(related_articles=obj.pk))


@hooks.register(HOME_PAGE_CONTEXT_HOOK)
def home_page_events(home, request):
    return {"upcoming_events": upcoming_for_home(home)}


register_report(reports.AttendanceReport, "event-attendance", order=810)


@hooks.register(LOCAL_AUTHORITY_ADMIN_PANELS)
def authority_events(authority):
    """The events an authority co-hosts, newest first, on its admin page."""
    events = EventPage.objects.filter(host_authority=authority).order_by("-start", "-pk")
    return AuthorityPanel(
        title="Events it co-hosts",
        rows=[
            (
                event.title,
                reverse("wagtailadmin_pages:edit", args=[event.pk]),
                f"{event.local_start:%-d %B %Y}"
                + ("" if event.live else ", not published")
                + (", cancelled" if event.cancelled_at else ""),
            )
            for event in events.only("title", "start", "live", "cancelled_at")
        ],
        empty="No network event has been held with this authority yet.",
        order=10,
    )
