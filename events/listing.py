"""Which events the site lists and how: the published events of an index, the
home page's next events, the filters of the lists (region, format, topic, month)
and what an event card shows. The views that render them are in
events.page_views.

Every list is fetched in a fixed number of queries however many events or
registrations there are: places taken are counted in the same query as the events.
"""

import datetime
import re

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag

from . import rules
from .models import LONDON, EventPage, Registration

PER_PAGE = 12
MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
SLUG_RE = re.compile(r"[-\w]{1,255}")
# Years the calendar and the month filter accept: anything else is a 404, not a 500.
FIRST_YEAR, LAST_YEAR = 2000, 2100


# Querysets -----------------------------------------------------------------------


def for_listing(events):
    """Everything an event card shows, with places taken counted alongside."""
    return (
        events.select_related("venue", "host_authority")
        .annotate(
            places_taken=Count(
                "registrations",
                filter=Q(registrations__status__in=Registration.PLACE_HOLDING),
                distinct=True,
            )
        )
        .defer_streamfields()
    )


def with_availability(events, now=None):
    """The events (a list) each with its `availability` state set from the annotation."""
    now = now or timezone.now()
    events = list(events)
    for event in events:
        event.availability = rules.availability(event, now=now, taken=event.places_taken)
        event.places_left = rules.places_left(event, taken=event.places_taken)
    return events


def published_events(index=None):
    events = EventPage.objects.published()
    if index is not None:
        events = events.child_of(index)
    return events


def upcoming_for_home(home, limit=EventPage.HOME_COUNT):
    """The next events under the home page, for its "Upcoming events" section."""
    return with_availability(for_listing(EventPage.objects.for_home(home))[:limit])


# Filters -------------------------------------------------------------------------


def month_bounds(year, month):
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404("No such month.")
    first = datetime.datetime(year, month, 1, tzinfo=LONDON)
    following = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=LONDON)
    return first, following


def parse_month(value):
    """(year, month) from "2026-12", or 404 for anything else."""
    match = MONTH_RE.fullmatch(value)
    if not match:
        raise Http404("No such month.")
    year, month = int(match[1]), int(match[2])
    month_bounds(year, month)
    return year, month


def filter_options(index):
    """The regions and topics that published events in this index have."""
    events = published_events(index)
    regions = (
        events.exclude(host_authority__isnull=True)
        .exclude(host_authority__region="")
        .values_list("host_authority__region", flat=True)
        .distinct()
        .order_by("host_authority__region")
    )
    topics = (
        Tag.objects.filter(events_eventpagetag_items__content_object__in=events)
        .distinct()
        .order_by("name")
    )
    return {"regions": list(regions), "topics": list(topics), "formats": EventPage.Format.choices}


def apply_filters(request, events, options):
    """The events narrowed by ?region= ?format= ?topic= ?month=, and the filters used.
    An unknown value is a 404 (never a 500)."""
    filters = {}
    if region := request.GET.get("region"):
        if region not in options["regions"]:
            raise Http404("No such region.")
        filters["region"] = region
        events = events.filter(host_authority__region=region)
    if format_ := request.GET.get("format"):
        labels = dict(EventPage.Format.choices)
        if format_ not in labels:
            raise Http404("No such format.")
        filters["format"] = format_
        filters["format_label"] = labels[format_]
        events = events.filter(format=format_)
    if slug := request.GET.get("topic"):
        topic = next((tag for tag in options["topics"] if tag.slug == slug), None)
        if topic is None or not SLUG_RE.fullmatch(slug):
            raise Http404("No such topic.")
        filters["topic"] = topic
        events = events.filter(topics=topic)
    if month := request.GET.get("month"):
        year, number = parse_month(month)
        first, following = month_bounds(year, number)
        filters["month"] = month
        filters["month_label"] = first.strftime("%B %Y")
        events = events.filter(start__gte=first, start__lt=following)
    return events, filters


def month_choices(now=None, count=12):
    """The next `count` months as ("2026-12", "December 2026"), for the month filter."""
    today = timezone.localtime(now or timezone.now(), LONDON).date()
    year, month = today.year, today.month
    choices = []
    for _ in range(count):
        choices.append((f"{year:04d}-{month:02d}", datetime.date(year, month, 1).strftime("%B %Y")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return choices


def location_text(event):
    parts = []
    if event.meets_in_person and event.venue:
        address = ", ".join(
            line.strip() for line in event.venue.address.splitlines() if line.strip()
        )
        parts.append(", ".join(p for p in (event.venue.name, address, event.venue.postcode) if p))
    if event.meets_online:
        parts.append("Online")
    return " and ".join(parts)
