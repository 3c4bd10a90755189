"""The views behind the routes of the event pages (RoutablePageMixin): the upcoming
and past lists with their filters, the month calendar, the iCal files, and the
context and structured data of an event page. The page models only declare the
routes; events/wagtail_hooks.py provides these functions as their handlers
(network_site.page_routes), so that imports go one way, from here down to the
models.
"""

import calendar
import datetime
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.utils import timezone
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from blog.models import BlogPage
from network_site.models import OrganisationSettings
from network_site.pagination import paginate

from . import ical, listing, rules
from .models import LONDON, EventPage, Registration

# The index: upcoming, past, calendar (routes of EventIndexPage) ----------------


def _render_list(request, index, events, *, past):
    options = listing.filter_options(index)
    events, filters = listing.apply_filters(request, events, options)
    page_of_events = paginate(request, listing.for_listing(events), listing.PER_PAGE)
    page_of_events.object_list = listing.with_availability(page_of_events.object_list)
    months = listing.month_choices()
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
    return _render_list(request, index, listing.published_events(index).upcoming(), past=False)


def past_events(request, index):
    return _render_list(request, index, listing.published_events(index).past(), past=True)


def month_calendar(request, index, year=None, month=None):
    """A month grid (weeks from Monday) with each day's events, and links to the
    months before and after."""
    today = timezone.localtime(timezone.now(), LONDON).date()
    if year is None:
        year, month = today.year, today.month
    first, following = listing.month_bounds(year, month)
    events = listing.with_availability(
        listing.for_listing(
            listing.published_events(index)
            .filter(start__lt=following, end__gte=first)
            .order_by("start")
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
        if not listing.FIRST_YEAR <= y <= listing.LAST_YEAR:
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


# The event page (its context) ---------------------------------------------------


def _utc_stamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_links(request, event):
    """ "Add to Google / Outlook calendar" links: plain links, nothing is fetched."""
    url = event.get_full_url(request)
    details = f"{event.summary}\n\n{url}"
    location = listing.location_text(event)
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
    user = getattr(request, "user", None)
    registration = None
    if user is not None and user.is_authenticated:
        # The places taken and which registration is the reader's, in one query.
        taken, mine = rules.places_taken_and_latest(event, user)
        registration = Registration.objects.get(pk=mine) if mine else None
    else:
        taken = rules.places_taken(event)
    state = rules.availability(event, taken=taken)
    event.availability = state  # for its structured data (events.seo), as in the lists
    index = event.get_parent().specific_deferred if event.depth > 1 else None
    # A preview's page is not saved as it is shown: read its related articles from
    # the page itself; a saved page's in the same query as the articles.
    if "related_articles" in getattr(event, "_cluster_related_objects", {}) or not event.pk:
        chosen = [article.pk for article in event.related_articles.all()]
    else:
        chosen = EventPage.related_articles.through.objects.filter(eventpage=event.pk).values(
            "blogpage"
        )
    related = list(BlogPage.objects.published().filter(pk__in=chosen).with_card_content()[:3])
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


# iCalendar ---------------------------------------------------------------------


def event_calendar_response(request, event):
    """/events/<slug>/event.ics: the one event, for "add to my calendar"."""
    cal = ical.new_calendar(event.title)
    cal.add_component(ical.build_event(request, event, ical.uid_host(request), timezone.now()))
    return ical.calendar_response(cal, f"{event.slug}.ics", attachment=True)


def feed_response(request, index):
    """/events/feed.ics: every upcoming event and those of the last 90 days."""
    now = timezone.now()
    host = ical.uid_host(request)
    cal = ical.new_calendar(f"{OrganisationSettings.for_request(request).name}: events")
    for event in ical.feed_events(index, now):
        cal.add_component(ical.build_event(request, event, host, now))
    return ical.calendar_response(cal, "events.ics", attachment=False)


def serve_ics(request, page_path, filename):
    """Give the .ics routes of pages addresses without a trailing slash
    (`/events/feed.ics`, `/events/<slug>/event.ics`): Wagtail serves only addresses
    that end in one. The page is found and served as Wagtail's own `serve` view
    does, so privacy, drafts and the serve hooks apply unchanged."""
    route_result = Page.route_for_request(request, page_path)
    if route_result is None:
        raise Http404
    page = route_result[0]
    if not isinstance(page, RoutablePageMixin):
        raise Http404
    view, view_args, view_kwargs = page.resolve_subpage("/" + filename)
    args, kwargs = (view, view_args, view_kwargs), {}

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, args, kwargs)
