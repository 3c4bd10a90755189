"""What the staff dashboard (network_site.staff_dashboard) shows of events: this
week's events and recent ones, with places taken against capacity. Registered in
events.wagtail_hooks."""

import datetime

from django.urls import reverse
from django.utils import timezone

from network_site.charts import Chart, Row, chart, counted
from network_site.staff_dashboard import Figure

from .models import EventPage
from .permissions import VIEW_REGISTRATIONS

RECENT = 8


def with_places():
    """Live events that are not cancelled, each with its places taken and attendees."""
    return EventPage.objects.live().filter(cancelled_at__isnull=True).with_places()


def week_bounds(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Monday 00:00 of ``now``'s week, in London, and the Monday after."""
    today = timezone.localtime(now).date()
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    return start, timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time())
    )


def _row(event, *values) -> Row:
    return Row(
        f"{event.title} ({timezone.localtime(event.start):%a %-d %b})",
        values,
        reverse("registrations:index") + f"?event={event.pk}",
    )


def this_week(now: datetime.datetime | None = None) -> Chart:
    start, end = week_bounds(now or timezone.now())
    events = list(with_places().filter(start__gte=start, start__lt=end).order_by("start", "pk"))
    taken = sum(event.taken for event in events)
    capacity = sum(event.capacity for event in events)
    return chart(
        "this-week",
        "This week's events: places taken",
        f"{counted(len(events), 'event')} this week (from Monday {start:%-d %B}), with "
        f"{taken} of {counted(capacity, 'place')} taken.",
        ("Places taken", "Capacity"),
        [_row(event, event.taken, event.capacity) for event in events],
        row_heading="Event",
        empty="No events this week.",
    )


def recent(now: datetime.datetime | None = None) -> Chart:
    events = list(
        with_places().filter(end__lt=now or timezone.now()).order_by("-start", "-pk")[:RECENT]
    )
    return chart(
        "recent-events",
        "Recent events: registrations against capacity",
        f"The last {counted(len(events), 'event')} held: the places taken, the people who came "
        "(checked in) and the places there were.",
        ("Places taken", "Attended", "Capacity"),
        [_row(event, event.taken, event.attended, event.capacity) for event in events],
        row_heading="Event",
        empty="No events have been held yet.",
    )


def figures():
    yield Figure("events", VIEW_REGISTRATIONS, lambda: [this_week(), recent()], order=20)
