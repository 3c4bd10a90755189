"""iCalendar for events: the VEVENT of an event, the calendar of one event or of
the feed, and the .ics text attached to emails. The views serving them are in
events.page_views.

UIDs are stable (`event-<page id>@<site host>`), so a calendar that subscribed
updates the event in place; SEQUENCE is the event's `ical_sequence`, bumped by
every change attendees must pick up, cancellation included (STATUS:CANCELLED).
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from icalendar import Calendar, Event
from wagtail.models import Site

from .listing import location_text, published_events

PRODID = "-//Keep it Local Network//Events//EN"
# The feed carries upcoming events and those that ended in this recent period.
FEED_PAST_DAYS = 90
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_host(request):
    site = Site.find_for_request(request)
    return site.hostname if site else request.get_host().split(":")[0]


def event_uid(event, host):
    return f"event-{event.pk}@{host}"


def _utc(value):
    return value.astimezone(datetime.UTC)


def build_event(request, event, host, now):
    url = event.get_full_url(request)
    vevent = Event()
    vevent.add("uid", event_uid(event, host))
    vevent.add("dtstamp", _utc(now))
    vevent.add("dtstart", _utc(event.start))
    vevent.add("dtend", _utc(event.end))
    modified = max(
        value for value in (event.last_published_at, event.cancelled_at, event.start) if value
    )
    vevent.add("last-modified", _utc(min(modified, now)))
    vevent.add("sequence", event.ical_sequence)
    vevent.add("url", url)
    description = [event.summary.strip()]
    if event.is_cancelled:
        vevent.add("summary", f"Cancelled: {event.title}")
        vevent.add("status", "CANCELLED")
        reason = strip_tags(event.cancellation_reason).strip()
        description.insert(0, f"This event has been cancelled. {reason}".strip())
    else:
        vevent.add("summary", event.title)
        vevent.add("status", "CONFIRMED")
    if event.meets_online:
        description.append("Joining details are sent to confirmed attendees by email.")
    description.append(url)
    vevent.add("description", "\n\n".join(part for part in description if part))
    if location := location_text(event):
        vevent.add("location", location)
    return vevent


def new_calendar(name):
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    return cal


def calendar_response(cal, filename, attachment):
    response = HttpResponse(cal.to_ical(), content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_ics(event, now=None):
    """The event as an .ics file's text, for an email attachment (no request at hand)."""
    site = event.get_site()
    host = site.hostname if site else "localhost"
    cal = new_calendar(event.title)
    cal.add_component(build_event(None, event, host, now or timezone.now()))
    return cal.to_ical().decode()


def feed_events(index, now):
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    return (
        published_events(index)
        .filter(end__gte=since)
        .select_related("venue")
        .defer_streamfields()
        .order_by("start", "pk")
    )
