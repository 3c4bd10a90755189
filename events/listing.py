"""The public face of events: the upcoming and past lists with their filters, the
month calendar, the home page's next events and the context of an event page.

Every list is fetched in a fixed number of queries however many events or
registrations there are: places taken are counted in the same query as the events.
"""

import calendar
import datetime
import re
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag

from network_site.pagination import paginate

from . import rules
from .models import LONDON, EventPage, Registration

PER_PAGE = 12
MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
EN_DASH = "\u2013"
SLUG_RE = re.compile(r"[-\w]{1,255}")
# Years the calendar and the month filter accept: anything else is a 404, not a 500.
FIRST_YEAR, LAST_YEAR = 2000, 2100


# Formatting ----------------------------------------------------------------------


def _time(value):
    return value.strftime("%H:%M")


def _day(value):
    return f"{value:%A} {value.day} {value:%B %Y}"


def format_when(start, end):
    """e.g. "Tuesday 12 May 2026, 10:00-13:00 BST" (with an en dash); both in London time."""
    starts = f"{_day(start)}, {_time(start)}"
    if start.date() == end.date() and start.tzname() == end.tzname():
        return f"{starts}{EN_DASH}{_time(end)} {end.tzname()}"
    ends = _time(end) if start.date() == end.date() else f"{_day(end)}, {_time(end)}"
    return f"{starts} {start.tzname()} {EN_DASH} {ends} {end.tzname()}"


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


def upcoming_for_home(home, limit=3):
    """The next events under the home page, for its "Upcoming events" section."""
    events = published_events().descendant_of(home).upcoming().filter(cancelled_at__isnull=True)
    return with_availability(for_listing(events)[:limit])


# Filters -------------------------------------------------------------------------


def _month_bounds(year, month):
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
    _month_bounds(year, month)
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
        first, following = _month_bounds(year, number)
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


# Views (routes of EventIndexPage) ------------------------------------------------


def _render_list(request, index, events, *, past):
    options = filter_options(index)
    events, filters = apply_filters(request, events, options)
    page_of_events = paginate(request, for_listing(events), PER_PAGE)
    page_of_events.object_list = with_availability(page_of_events.object_list)
    months = month_choices()
    if filters.get("month") and filters["month"] not in dict(months):
        months.insert(0, (filters["month"], filters["month_label"]))
    return index.render(
        request,
        template="events/past.html" if past else "events/event_index_page.html",
        context_overrides={
            "events": page_of_events,
            "filters": filters,
            "options": options,
            "months": months,
            "past": past,
            "upcoming_url": index.url,
            "past_url": index.url + index.reverse_subpage("past"),
            "calendar_url": index.url + index.reverse_subpage("calendar"),
            "feed_url": index.url + index.reverse_subpage("feed"),
        },
    )


def upcoming_events(request, index):
    return _render_list(request, index, published_events(index).upcoming(), past=False)


def past_events(request, index):
    return _render_list(request, index, published_events(index).past(), past=True)


def month_calendar(request, index, year=None, month=None):
    """A month grid (weeks from Monday) with each day's events, and links to the
    months before and after."""
    today = timezone.localtime(timezone.now(), LONDON).date()
    if year is None:
        year, month = today.year, today.month
    first, following = _month_bounds(year, month)
    events = with_availability(
        for_listing(
            published_events(index).filter(start__lt=following, end__gte=first).order_by("start")
        )
    )
    by_day = {}
    for event in events:
        day = event.local_start.date()
        last = max(day, (event.local_end - datetime.timedelta(microseconds=1)).date())
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += datetime.timedelta(days=1)
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "is_today": day == today,
                "events": by_day.get(day, []),
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following_month = (year + 1, 1) if month == 12 else (year, month + 1)

    def month_url(y, m):
        if not FIRST_YEAR <= y <= LAST_YEAR:
            return None
        return index.url + index.reverse_subpage("calendar_month", args=[y, m])

    return index.render(
        request,
        template="events/calendar.html",
        context_overrides={
            "month_start": first.date(),
            "weeks": weeks,
            "weekdays": [calendar.day_name[i] for i in range(7)],
            "month_events": events,
            "previous_url": month_url(*previous),
            "previous_label": datetime.date(*previous, 1).strftime("%B %Y"),
            "next_url": month_url(*following_month),
            "next_label": datetime.date(*following_month, 1).strftime("%B %Y"),
            "upcoming_url": index.url,
            "past_url": index.url + index.reverse_subpage("past"),
            "calendar_url": index.url + index.reverse_subpage("calendar"),
            "feed_url": index.url + index.reverse_subpage("feed"),
        },
    )


# The event page ------------------------------------------------------------------


def _utc_stamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


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


def calendar_links(request, event):
    """ "Add to Google / Outlook calendar" links: plain links, nothing is fetched."""
    url = event.get_full_url(request)
    details = f"{event.summary}\n\n{url}"
    location = location_text(event)
    google = "https://calendar.google.com/calendar/render?" + urlencode(
        {
            "action": "TEMPLATE",
            "text": event.title,
            "dates": f"{_utc_stamp(event.start)}/{_utc_stamp(event.end)}",
            "details": details,
            "location": location,
        }
    )
    outlook = "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(
        {
            "path": "/calendar/action/compose",
            "rru": "addevent",
            "subject": event.title,
            "startdt": event.start.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
            "enddt": event.end.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
            "body": details,
            "location": location,
        }
    )
    return {
        "google": google,
        "outlook": outlook,
        "ics": event.url + event.reverse_subpage("ical"),
    }


def event_page_context(request, event):
    from blog.models import BlogPage

    taken = rules.places_taken(event)
    state = rules.availability(event, taken=taken)
    user = getattr(request, "user", None)
    registration = None
    if user is not None and user.is_authenticated:
        registration = (
            Registration.objects.filter(event=event, user=user).active().order_by("-pk").first()
        )
    index = event.get_parent().specific_deferred if event.depth > 1 else None
    related = list(
        BlogPage.objects.published()
        .filter(pk__in=event.related_articles.values("pk"))
        .for_listing()[:3]
    )
    return {
        "availability": state,
        "places_taken": taken,
        "places_left": rules.places_left(event, taken=taken),
        "accepts_registrations": rules.accepts_registrations(state),
        "user_registration": registration,
        # Joining details: only for a signed-in person whose place is confirmed
        # (not one offered, nor one held while its payment is pending).
        "show_joining_details": bool(
            event.meets_online
            and event.online_joining_details
            and registration is not None
            and registration.status in (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)
        ),
        "calendar_links": calendar_links(request, event),
        "index": index,
        "topics": list(event.topics.all()),
        "host_organisations": list(event.host_organisations.all()),
        "related_articles": related,
    }
