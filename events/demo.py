"""The events of the demo: the index at /events/, venues and events of every kind
(words in events.demo_content), and "Events" in the menu. The councils that host
them and the articles they link to are loaded by earlier steps and reached
through the event's own fields, so this module imports neither members nor blog.
"""

import datetime
import decimal

from django.utils import timezone

from network_site.demo.loading import (
    CREATED,
    UPDATED,
    DemoStep,
    Relations,
    block_id,
    publication_time,
    publish_index_page,
    publish_page,
    upsert,
)

from . import demo_content as content
from .models import EventIndexPage, EventPage, Venue
from .site_setup import EVENTS_MENU_ORDER


def related_model(field_name):
    return EventPage._meta.get_field(field_name).related_model


def load_events(loader):
    index = publish_index_page(loader, EventIndexPage, content.EVENT_INDEX, "Event index")
    loader.add_menu_link(index, "Events", order=EVENTS_MENU_ORDER)

    venues, statuses = {}, []
    for venue_spec in content.VENUES:
        values = {name: value for name, value in venue_spec.items() if name != "name"}
        venue, venue_status = upsert(Venue, {"name": venue_spec["name"]}, values)
        venues[venue.name], _ = venue, statuses.append(venue_status)
    loader.report("Venues", statuses)

    today = timezone.localdate()
    statuses = [event(index, spec, venues, today) for spec in content.EVENTS]
    loader.report("Events", statuses)


def event(index, spec, venues, today):
    day = today + datetime.timedelta(days=spec["days_from_now"])

    def at(clock):
        return timezone.make_aware(
            datetime.datetime.combine(day, datetime.time.fromisoformat(clock))
        )

    authority = (
        related_model("host_authority").objects.get(gss_code=spec["host_authority"])
        if spec.get("host_authority")
        else None
    )
    related = list(
        related_model("related_articles")
        .objects.filter(slug__in=spec.get("related", []))
        .order_by("pk")
    )
    reason = spec.get("cancellation_reason", "")
    fields = {
        "title": spec["title"],
        "summary": spec["summary"],
        "start": at(spec["start"]),
        "end": at(spec["end"]),
        "format": spec["format"],
        "venue": venues.get(spec.get("venue")),
        "online_joining_details": spec.get("online_joining_details", ""),
        "host_authority": authority,
        "capacity": spec["capacity"],
        "members_only": spec.get("members_only", False),
        "price": decimal.Decimal(spec.get("price", "0")),
        "member_free_places": spec.get("member_free_places", 0),
        "description": spec["description"],
        "agenda": [
            {
                "type": "item",
                "value": {"time": time, "title": title, "description": description},
                "id": block_id(spec["slug"], "agenda", position),
            }
            for position, (time, title, description) in enumerate(spec["agenda"])
        ],
        "speakers": [
            {
                "type": "speaker",
                "value": {
                    "name": name,
                    "role": role,
                    "organisation": organisation,
                    "photo": None,
                    "bio": "",
                },
                "id": block_id(spec["slug"], "speaker", position),
            }
            for position, (name, role, organisation) in enumerate(spec["speakers"])
        ],
        "first_published_at": publication_time(min(today, day) - datetime.timedelta(days=30)),
    }

    def current(page):
        return {
            "topics": sorted(page.topics.names()),
            "related": sorted(article.pk for article in page.related_articles.all()),
        }

    def apply(page):
        page.topics.set(spec["topics"])
        page.related_articles = related

    relations = Relations(
        desired={
            "topics": sorted(spec["topics"]),
            "related": sorted(article.pk for article in related),
        },
        current=current,
        apply=apply,
    )
    page, status = publish_page(index, EventPage, spec["slug"], fields, relations)
    # A cancellation is the event's state, kept outside revisions (as
    # events.services.cancel_event keeps it), so it is set on the row itself.
    state = {
        "cancellation_reason": reason,
        "cancelled_at": publication_time(today - datetime.timedelta(days=1)) if reason else None,
    }
    page.refresh_from_db()
    if any(getattr(page, name) != value for name, value in state.items()):
        EventPage.objects.filter(pk=page.pk).update(**state)
        status = status if status == CREATED else UPDATED
    return status


DEMO_STEPS = [
    DemoStep("events", 400, load_events, after=("site", "members", "articles")),
]
