import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from tests.factories import EventPageFactory


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


@pytest.mark.django_db
class TestEventIcs:
    def test_one_event(self, client, events_index):
        event = EventPageFactory(parent=events_index, title="Social care roundtable")
        calendar = parse(client.get(f"{event.url}event.ics"))
        assert str(calendar["VERSION"]) == "2.0"
        (vevent,) = vevents(calendar)
        assert str(vevent["UID"]) == f"event-{event.pk}@localhost"
        assert str(vevent["SUMMARY"]) == "Social care roundtable"
        assert vevent["DTSTART"].dt == event.start
        assert vevent["DTEND"].dt == event.end
        assert vevent["DTSTAMP"]
        assert str(vevent["STATUS"]) == "CONFIRMED"
        assert int(vevent["SEQUENCE"]) == 0
        assert str(vevent["URL"]) == f"http://localhost{event.url}"
        assert event.venue.postcode in str(vevent["LOCATION"])
        assert event.summary in str(vevent["DESCRIPTION"])

    def test_uid_is_stable_and_sequence_carries_updates(self, client, events_index):
        event = EventPageFactory(parent=events_index)
        first = vevents(parse(client.get(f"{event.url}event.ics")))[0]
        event.ical_sequence = 3
        event.save_revision().publish()
        second = vevents(parse(client.get(f"{event.url}event.ics")))[0]
        assert second["UID"] == first["UID"]
        assert int(second["SEQUENCE"]) == 3

    def test_cancelled_event(self, client, events_index):
        event = EventPageFactory(parent=events_index)
        event.cancelled_at = timezone.now()
        event.cancellation_reason = "The venue is closed."
        event.ical_sequence += 1
        event.save(update_fields=["cancelled_at", "cancellation_reason", "ical_sequence"])
        (vevent,) = vevents(parse(client.get(f"{event.url}event.ics")))
        assert str(vevent["STATUS"]) == "CANCELLED"
        assert int(vevent["SEQUENCE"]) == 1
        assert "The venue is closed." in str(vevent["DESCRIPTION"])

    def test_online_event_has_no_joining_details(self, client, online_event):
        event = online_event
        body = client.get(f"{event.url}event.ics").content.decode()
        assert "secret-room" not in body
        assert "LOCATION:Online" in body


@pytest.mark.django_db
class TestFeed:
    def test_upcoming_and_recent_published_events(self, client, events_index):
        now = timezone.now()
        upcoming = EventPageFactory(parent=events_index, title="Upcoming")
        recent = EventPageFactory(
            parent=events_index,
            title="Recent",
            start=now - datetime.timedelta(days=30),
            end=now - datetime.timedelta(days=30) + datetime.timedelta(hours=2),
        )
        EventPageFactory(
            parent=events_index,
            title="Long ago",
            start=now - datetime.timedelta(days=200),
            end=now - datetime.timedelta(days=200) + datetime.timedelta(hours=2),
        )
        EventPageFactory(parent=events_index, title="Draft", live=False)
        cancelled = EventPageFactory(
            parent=events_index, title="Called off", cancelled_at=now, ical_sequence=2
        )
        calendar = parse(client.get("/events/feed.ics"))
        by_uid = {str(v["UID"]): v for v in vevents(calendar)}
        assert set(by_uid) == {
            f"event-{event.pk}@localhost" for event in (upcoming, recent, cancelled)
        }
        called_off = by_uid[f"event-{cancelled.pk}@localhost"]
        assert str(called_off["STATUS"]) == "CANCELLED"
        assert int(called_off["SEQUENCE"]) == 2
        assert "Called off" in str(called_off["SUMMARY"])

    def test_empty_feed_is_valid(self, client, events_index):
        assert vevents(parse(client.get("/events/feed.ics"))) == []

    def test_event_page_links_to_its_ics(self, client, events_index):
        event = EventPageFactory(parent=events_index)
        assert f'href="{event.url}event.ics"' in client.get(event.url).content.decode()


@pytest.mark.django_db
def test_unknown_draft_and_private_addresses_are_not_served(client, events_index):
    from wagtail.models import PageViewRestriction

    draft = EventPageFactory(parent=events_index, live=False)
    assert client.get(f"{draft.url_path[len('/home') :]}event.ics").status_code == 404
    assert client.get("/events/nothing-here/event.ics").status_code == 404
    assert client.get("/events/other.ics").status_code == 404
    private = EventPageFactory(parent=events_index)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert client.get(f"{private.url}event.ics").status_code == 302
