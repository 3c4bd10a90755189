"""Event pages cost the same number of queries whatever the number of events and
registrations: 10 or 1,000 events, 0 or 1,000 registrations."""

import datetime

import pytest
from django.utils import timezone

from events.models import EventPage, Registration
from tests.factories import EventPageFactory, UserFactory
from tests.query_counts import QUERY_BUDGET, warm_query_count


def query_count(client, url):
    # The page cache is off in the tests: this is the page rendered, after a first
    # view filled the per-process and shared caches (content types, settings).
    return warm_query_count(client, url)


def add_events(index, count, template):
    """Copies of `template`, added as real pages (tree paths and all), quickly."""
    for n in range(count):
        copy = EventPage(
            title=f"Event copy {n}",
            slug=f"event-copy-{index.get_children_count()}",
            summary=template.summary,
            start=template.start + datetime.timedelta(hours=n),
            end=template.end + datetime.timedelta(hours=n),
            format=template.format,
            venue=template.venue,
            host_authority=template.host_authority,
            capacity=template.capacity,
        )
        index.add_child(instance=copy)


def add_registrations(event, count):
    users = UserFactory._meta.model.objects.bulk_create(
        [UserFactory.build(email=f"bulk{event.pk}-{n}@example.org") for n in range(count)]
    )
    Registration.objects.bulk_create(
        [
            Registration(event=event, user=user, status=Registration.Status.CONFIRMED)
            for user in users
        ]
    )


@pytest.mark.django_db
def test_listing_home_calendar_and_feed_queries_do_not_grow_with_events(client, events_index):
    first = EventPageFactory(parent=events_index, capacity=2000)
    first.topics.add("Social care")
    first.save_revision().publish()
    add_events(events_index, 9, first)
    month = timezone.localtime(first.start)
    urls = [
        "/",
        "/events/",
        "/events/past/",
        "/events/?format=in-person&topic=social-care",
        f"/events/calendar/{month.year}/{month.month}/",
        "/events/feed.ics",
        first.url,
    ]
    few = {url: query_count(client, url) for url in urls}
    add_events(events_index, 990, first)
    add_registrations(first, 1000)
    many = {url: query_count(client, url) for url in urls}
    assert many == few
    assert max(many.values()) <= QUERY_BUDGET, many


@pytest.mark.django_db
def test_event_page_queries_do_not_grow_with_registrations(client, events_index):
    event = EventPageFactory(parent=events_index, capacity=5000)
    attendee = UserFactory()
    Registration.objects.create(event=event, user=attendee, status="confirmed")
    none = query_count(client, event.url)
    client.force_login(attendee)
    signed_in_before = query_count(client, event.url)
    client.logout()
    add_registrations(event, 1000)
    assert query_count(client, event.url) == none
    client.force_login(attendee)
    assert query_count(client, event.url) == signed_in_before
    assert max(none, signed_in_before) <= QUERY_BUDGET, (none, signed_in_before)
    assert query_count(client, f"{event.url}event.ics") == query_count(
        client, f"{event.url}event.ics"
    )
