import datetime
import json
import re
import zoneinfo
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from events.models import Registration
from tests.factories import (
    BlogPageFactory,
    EventPageFactory,
    LocalAuthorityFactory,
    RegistrationFactory,
    UserFactory,
    VenueFactory,
)

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def future(days, hour=10):
    start = timezone.localtime(timezone.now(), LONDON) + datetime.timedelta(days=days)
    return start.replace(hour=hour, minute=0, second=0, microsecond=0)


def structured_data(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def titles(response):
    return [event.title for event in response.context["events"]]


@pytest.mark.django_db
class TestListing:
    def test_upcoming_soonest_first_and_past_separately(self, client, events_index):
        later = EventPageFactory(parent=events_index, title="Later", start=future(30))
        sooner = EventPageFactory(parent=events_index, title="Sooner", start=future(3))
        past = EventPageFactory(
            parent=events_index,
            title="Been and gone",
            start=future(-20),
            end=future(-20, hour=13),
        )
        response = client.get("/events/")
        assert response.status_code == 200
        assert titles(response) == [sooner.title, later.title]
        response = client.get("/events/past/")
        assert response.status_code == 200
        assert titles(response) == [past.title]
        assert "Past event" in response.content.decode()

    def test_councils_are_invited_to_ask_for_an_event(self, client, events_index):
        html = client.get("/events/").content.decode()
        assert 'href="/events/request/"' in html
        assert "Ask us to host an event" in html

    def test_drafts_are_not_listed(self, client, events_index):
        EventPageFactory(parent=events_index, title="Draft", live=False)
        assert titles(client.get("/events/")) == []

    def test_filters(self, client, events_index):
        yorkshire = LocalAuthorityFactory(region="Yorkshire and the Humber")
        london_borough = LocalAuthorityFactory(region="London")
        leeds = EventPageFactory(parent=events_index, title="Leeds", host_authority=yorkshire)
        online = EventPageFactory(
            parent=events_index, title="Online", online=True, host_authority=london_borough
        )
        leeds.topics.add("Social care")
        leeds.save_revision().publish()
        assert titles(client.get("/events/?region=London")) == [online.title]
        assert titles(client.get("/events/?format=online")) == [online.title]
        assert titles(client.get("/events/?format=in-person")) == [leeds.title]
        assert titles(client.get("/events/?topic=social-care")) == [leeds.title]
        month = timezone.localtime(online.start, LONDON).strftime("%Y-%m")
        response = client.get(f"/events/?month={month}")
        assert online.title in titles(response)
        assert "Showing" in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        [
            "region=Atlantis",
            "format=teleport",
            "topic=nothing-here",
            "topic=%3Cscript%3E",
            "month=2026-13",
            "month=20261",
            "month=1999-01",
            "month=abc",
        ],
    )
    def test_bad_filter_values_are_404_not_500(self, client, events_index, query):
        EventPageFactory(parent=events_index)
        assert client.get(f"/events/?{query}").status_code == 404

    def test_pagination_never_errors(self, client, events_index):
        for _ in range(13):
            EventPageFactory(parent=events_index)
        assert len(client.get("/events/").context["events"]) == 12
        assert len(client.get("/events/?page=2").context["events"]) == 1
        assert client.get("/events/?page=abc").status_code == 200
        assert client.get("/events/?page=999").status_code == 200

    def test_cards_show_availability(self, client, events_index):
        event = EventPageFactory(parent=events_index, capacity=2)
        RegistrationFactory.create_batch(2, event=event)
        html = client.get("/events/").content.decode()
        assert "Full: join the waitlist" in html

    def test_calendar_month(self, client, events_index):
        event = EventPageFactory(
            parent=events_index, start=london(2030, 3, 12, 10), end=london(2030, 3, 12, 13)
        )
        response = client.get("/events/calendar/2030/3/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "March 2030" in html
        assert event.title in html
        assert "/events/calendar/2030/2/" in html
        assert "/events/calendar/2030/4/" in html
        assert client.get("/events/calendar/").status_code == 200
        assert client.get("/events/calendar/2030/13/").status_code == 404
        assert client.get("/events/calendar/3000/1/").status_code == 404

    def test_home_page_shows_next_three_events(self, client, events_index):
        events = [
            EventPageFactory(parent=events_index, start=future(days)) for days in (5, 2, 9, 7)
        ]
        EventPageFactory(
            parent=events_index, title="Cancelled one", start=future(1), cancelled_at=timezone.now()
        )
        response = client.get("/")
        assert [e.title for e in response.context["upcoming_events"]] == [
            events[1].title,
            events[0].title,
            events[3].title,
        ]
        assert "Upcoming events" in response.content.decode()


@pytest.mark.django_db
class TestEventPage:
    def test_shows_time_in_london_with_zone(self, client, events_index):
        event = EventPageFactory(
            parent=events_index,
            start=london(2030, 5, 14, 10),
            end=london(2030, 5, 14, 13),
        )
        winter = EventPageFactory(
            parent=events_index,
            start=london(2030, 12, 3, 18, 30),
            end=london(2030, 12, 3, 20),
        )
        assert event.when_display == "Tuesday 14 May 2030, 10:00\u201313:00 BST"
        assert winter.when_display == "Tuesday 3 December 2030, 18:30\u201320:00 GMT"
        html = client.get(event.url).content.decode()
        assert "Tuesday 14 May 2030, 10:00\u201313:00 BST" in html

    def test_venue_details_and_map(self, client, events_index):
        venue = VenueFactory(
            name="Civic Hall", postcode="LS1 1UR", accessibility="Lift to all floors"
        )
        event = EventPageFactory(parent=events_index, venue=venue)
        html = client.get(event.url).content.decode()
        assert "Civic Hall" in html
        assert "LS1 1UR" in html
        assert "Lift to all floors" in html
        assert "https://www.openstreetmap.org/search?query=LS1+1UR" in html

    @pytest.mark.parametrize(
        ("capacity", "taken", "text"),
        [(50, 0, "Places available"), (10, 7, "3 places left"), (2, 2, "Full: join the waitlist")],
    )
    def test_availability_states(self, client, events_index, capacity, taken, text):
        event = EventPageFactory(parent=events_index, capacity=capacity)
        RegistrationFactory.create_batch(taken, event=event)
        assert text in client.get(event.url).content.decode()

    def test_closed_and_not_yet_open(self, client, events_index):
        closed = EventPageFactory(
            parent=events_index, registration_closes_at=timezone.now() - datetime.timedelta(hours=1)
        )
        assert "Registration closed" in client.get(closed.url).content.decode()
        later = EventPageFactory(
            parent=events_index, registration_opens_at=timezone.now() + datetime.timedelta(days=2)
        )
        assert "Registration opens" in client.get(later.url).content.decode()

    def test_cancelled_event_says_so(self, client, events_index):
        event = EventPageFactory(
            parent=events_index,
            cancelled_at=timezone.now(),
            cancellation_reason="The venue flooded.",
        )
        html = client.get(event.url).content.decode()
        assert "This event has been cancelled" in html
        assert "The venue flooded." in html
        assert "Sign in to register" not in html
        data = structured_data(html)[0]
        assert data["eventStatus"] == "https://schema.org/EventCancelled"

    def test_past_event(self, client, events_index):
        event = EventPageFactory(parent=events_index, start=future(-3), end=future(-3, hour=12))
        html = client.get(event.url).content.decode()
        assert "This event has ended" in html
        assert "Add to your calendar" not in html

    def test_joining_details_only_for_attendees_with_a_confirmed_place(self, client, online_event):
        event = online_event
        assert "secret-room" not in client.get(event.url).content.decode()
        waiting = UserFactory()
        RegistrationFactory(event=event, user=waiting, status=Registration.Status.WAITLISTED)
        client.force_login(waiting)
        assert "secret-room" not in client.get(event.url).content.decode()
        for status in (Registration.Status.OFFERED, Registration.Status.PENDING_PAYMENT):
            # Offered a place, or holding one while paying: not theirs yet.
            person = UserFactory()
            RegistrationFactory(event=event, user=person, status=status)
            client.force_login(person)
            assert "secret-room" not in client.get(event.url).content.decode(), status
        attendee = UserFactory()
        RegistrationFactory(event=event, user=attendee)
        client.force_login(attendee)
        assert "secret-room" in client.get(event.url).content.decode()

    def test_structured_data(self, client, events_index):
        event = EventPageFactory(
            parent=events_index,
            format="hybrid",
            online_joining_details="https://meet.example.org/x",
            start=london(2030, 6, 4, 9, 30),
            end=london(2030, 6, 4, 12),
            speakers=[("speaker", {"name": "Asha Patel", "role": "Councillor"})],
        )
        data = structured_data(client.get(event.url).content.decode())[0]
        assert data["@type"] == "Event"
        assert data["name"] == event.title
        assert data["startDate"] == "2030-06-04T09:30:00+01:00"
        assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
        assert {location["@type"] for location in data["location"]} == {"Place", "VirtualLocation"}
        assert data["location"][0]["address"]["postalCode"] == event.venue.postcode
        assert data["offers"]["price"] == "0.00"
        assert data["offers"]["availability"] == "https://schema.org/InStock"
        assert data["performer"][0]["name"] == "Asha Patel"

    def test_calendar_links(self, client, events_index):
        event = EventPageFactory(
            parent=events_index, start=london(2030, 6, 4, 9, 30), end=london(2030, 6, 4, 12)
        )
        links = client.get(event.url).context["calendar_links"]
        google = parse_qs(urlparse(links["google"]).query)
        assert google["dates"] == ["20300604T083000Z/20300604T110000Z"]
        assert google["text"] == [event.title]
        outlook = urlparse(links["outlook"])
        assert outlook.netloc == "outlook.live.com"
        assert parse_qs(outlook.query)["startdt"] == ["2030-06-04T08:30:00Z"]
        assert links["ics"] == event.url + "event.ics"

    def test_related_articles_and_topics(self, client, events_index, blog_index):
        article = BlogPageFactory(parent=blog_index, title="What councils learned")
        draft = BlogPageFactory(parent=blog_index, title="Unpublished thoughts", live=False)
        event = EventPageFactory(parent=events_index)
        event.related_articles.set([article, draft])
        event.topics.add("Procurement")
        event.save_revision().publish()
        html = client.get(event.url).content.decode()
        assert "What councils learned" in html
        assert "Unpublished thoughts" not in html
        assert "/events/?topic=procurement" in html

    def test_event_in_sitemap(self, client, events_index):
        event = EventPageFactory(parent=events_index, slug="social-care-roundtable")
        html = client.get("/sitemap.xml").content.decode()
        assert "/events/social-care-roundtable/" in html
        assert event.url == "/events/social-care-roundtable/"
