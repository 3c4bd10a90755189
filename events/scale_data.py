"""The events of the scale data: venues, events under the demo's event index
(seven in ten past, over three years; the rest in the coming year), and
registrations for them by the generated members and by guests.

Registrations respect each event's places: the first registrations not
cancelled, by the time they were made, hold the places (attended or confirmed
for a past event, confirmed for a coming one); the rest are on the waitlist,
which only a full event has. A cancelled event's registrations are cancelled.
Every event is free, so no registration waits for a payment. Reminders and
thank-yous count as sent when their moment has passed, so the scheduler sends
nothing for the generated past. The people come from the members step (through
the generator), so this module imports no members code.
"""

import base64
import datetime
import decimal

from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify

from network_site.demo.scale import (
    EMAIL_DOMAIN,
    PLACES,
    GeneratedEvent,
    ScaleStep,
    batches,
    random_uuid,
    weighted,
)

from .models import EventIndexPage, EventPage, Registration, Venue
from .retention import ERASED_GUEST_DOMAIN
from .tasks import REMINDERS, THANK_YOU_AFTER

PAST_SHARE = 0.7
GUEST_SHARE = 0.1
CANCELLED_SHARE = 0.1
CAPACITIES = [20, 30, 40, 50, 60, 80, 100, 120, 150, 200]
FORMATS = [
    (EventPage.Format.IN_PERSON, 50),
    (EventPage.Format.ONLINE, 30),
    (EventPage.Format.HYBRID, 20),
]
STARTS = [datetime.time(10, 0), datetime.time(13, 30), datetime.time(18, 0)]
KINDS = ["Workshop", "Briefing", "Round table", "Learning visit", "Masterclass", "Network meeting"]
TOPICS = [
    "insourcing waste services",
    "commissioning home care",
    "social value in procurement",
    "community asset transfer",
    "local energy companies",
    "council-run children's homes",
    "the Procurement Act for councillors",
    "community wealth building",
]
VENUE_KINDS = ["Community Centre", "Town Hall", "Library", "Civic Centre", "Guildhall"]
STREETS = ["High Street", "Market Place", "Station Road", "Church Lane", "Park Road"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
ACCESS_NEEDS = ["", "", "", "", "Step-free access, please.", "A hearing loop, please."]
DIETARY_NEEDS = ["", "", "", "Vegetarian", "Vegan", "No nuts"]
CANCELLATION = "The speakers could not come; we will offer a new date."


def existing():
    generated = Q(user__email__endswith=f"@{EMAIL_DOMAIN}") | Q(
        guest_email__endswith=f"@{EMAIL_DOMAIN}"
    )
    return Registration.objects.filter(generated).count()


def related_model(field_name):
    return EventPage._meta.get_field(field_name).related_model


def generate_events(generator):
    rng = generator.random_for("events")
    index = EventIndexPage.objects.get()
    venues = generate_venues(generator, rng)
    authorities = list(
        related_model("host_authority").objects.order_by("gss_code").values_list("pk", flat=True)
    )
    pages = [
        event(generator, rng, number, venues, authorities)
        for number in range(generator.count(1_000))
    ]
    generator.add_pages(index, pages, rng)
    generator.events = [
        GeneratedEvent(page.pk, page.start, page.host_authority_id, page.cancelled_at is not None)
        for page in pages
    ]
    generator.index(EventPage, [page.pk for page in pages])
    generator.report("Events", len(pages))

    registrations = generate_registrations(generator, rng, pages)
    for batch in batches(registrations):
        Registration.objects.bulk_create(batch)
    generator.report("Registrations", len(registrations))


def generate_venues(generator, rng):
    venues = []
    for number in range(generator.count(60)):
        place = rng.choice(PLACES)
        area = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
        inward = f"{rng.randint(0, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
        venues.append(
            Venue(
                name=f"{place} {rng.choice(VENUE_KINDS)} {number + 1}",
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {place}",
                postcode=f"{area}{rng.randint(1, 20)} {inward}",
                accessibility="Step-free entrance, a hearing loop and an accessible toilet.",
            )
        )
    Venue.objects.bulk_create(venues)
    generator.index(Venue, [venue.pk for venue in venues])
    generator.report("Venues", len(venues))
    return venues


def event(generator, rng, number, venues, authorities):
    if rng.random() < PAST_SHARE:
        day = generator.today - datetime.timedelta(days=rng.randint(1, 3 * 365))
    else:
        day = generator.today + datetime.timedelta(days=rng.randint(1, 365))
    start = generator.at(day, rng.choice(STARTS))
    format = weighted(rng, FORMATS)
    topic = rng.choice(TOPICS)
    title = f"{rng.choice(KINDS)}: {topic}"
    published = min(start - datetime.timedelta(days=rng.randint(20, 90)), generator.now)
    cancelled = rng.random() < 0.03
    return EventPage(
        title=title,
        slug=f"{slugify(title)}-{day:%Y-%m-%d}-{number}",
        summary=f"A {title.split(':')[0].lower()} on {topic}, with councils that have done it.",
        start=start,
        end=start + datetime.timedelta(minutes=rng.choice([90, 120, 180])),
        format=format,
        venue=rng.choice(venues) if format != EventPage.Format.ONLINE else None,
        online_joining_details=(
            "The joining link is sent to confirmed attendees the day before."
            if format != EventPage.Format.IN_PERSON
            else ""
        ),
        host_authority_id=rng.choice(authorities) if authorities and rng.random() < 0.6 else None,
        capacity=rng.choice(CAPACITIES),
        members_only=rng.random() < 0.2,
        price=decimal.Decimal("0"),
        description=f"<p>What councils have learned about {topic}, and how to start.</p>",
        agenda=[
            {
                "type": "item",
                "value": {"time": None, "title": item, "description": ""},
                "id": str(random_uuid(rng)),
            }
            for item in ("Welcome", "What we found", "Questions")
        ],
        first_published_at=published,
        cancelled_at=min(published + datetime.timedelta(days=7), generator.now)
        if cancelled
        else None,
        cancellation_reason=CANCELLATION if cancelled else "",
    )


def shares(rng, pages, total, limits):
    """How many registrations each event gets: ``total`` in all, in proportion to
    a demand drawn for each (a quarter of the events are popular, and fill up
    with a waitlist), none more than its limit (the people who may register);
    what a limit cuts off goes to the events with room."""
    demand = [
        page.capacity * (rng.uniform(1.5, 3) if rng.random() < 0.25 else rng.uniform(0.2, 1))
        for page in pages
    ]
    exact = [total * weight / sum(demand) for weight in demand]
    counts = [int(value) for value in exact]
    by_remainder = sorted(range(len(pages)), key=lambda n: exact[n] - counts[n], reverse=True)
    for n in by_remainder[: total - sum(counts)]:
        counts[n] += 1
    counts = [min(count, limit) for count, limit in zip(counts, limits, strict=True)]
    while (spare := total - sum(counts)) and (
        room := [n for n in by_remainder if counts[n] < limits[n]]
    ):
        for n in room[:spare]:
            counts[n] += 1
    return counts


def generate_registrations(generator, rng, pages):
    everyone = generator.people
    members = [person for person in everyone if person.active]
    registrations = []
    guest_number = 0
    retention_period = datetime.timedelta(days=settings.EVENT_PERSONAL_DATA_RETENTION_DAYS)
    # Guests may come to any event that is not for members only, as many as turn up.
    limits = [len(members) if page.members_only else float("inf") for page in pages]
    counts = shares(rng, pages, generator.count(50_000), limits)
    for page, count in zip(pages, counts, strict=True):
        pool = members if page.members_only else everyone
        guests = 0 if page.members_only else round(count * GUEST_SHARE)
        people = rng.sample(pool, min(len(pool), count - guests))
        guests = count - len(people)
        opened = page.first_published_at
        # Past the retention period, the site has forgotten what registrations say
        # about people (events.retention): generate them forgotten already.
        forgotten = page.end < generator.now - retention_period
        closes = min(page.start, generator.now, page.cancelled_at or generator.now)
        moments = sorted(
            opened + (closes - opened) * rng.random() for _ in range(len(people) + guests)
        )
        entries = [("member", person) for person in people] + [("guest", None)] * guests
        rng.shuffle(entries)
        held = 0
        for moment, (kind, person) in zip(moments, entries, strict=True):
            registration = Registration(
                event_id=page.pk,
                status=Registration.Status.CONFIRMED,
                created_at=moment,
                cancel_token=base64.urlsafe_b64encode(rng.randbytes(24)).decode(),
                access_needs=rng.choice(ACCESS_NEEDS),
                dietary_needs=rng.choice(DIETARY_NEEDS),
                share_with_hosts=rng.random() < 0.5,
            )
            if kind == "member":
                registration.user_id = person.user_id
            else:
                guest_number += 1
                registration.guest_name = f"Guest {guest_number}"
                registration.guest_email = f"guest.{guest_number}@{EMAIL_DOMAIN}"
            if forgotten:
                forget(registration, guest_number)
            if page.cancelled_at is not None or rng.random() < CANCELLED_SHARE:
                cancelled_at = page.cancelled_at or moment + (closes - moment) * rng.random()
                registration.status = Registration.Status.CANCELLED
                registration.cancelled_at = max(cancelled_at, moment)
            elif held < page.capacity:
                held += 1
                place(generator, rng, page, registration)
            else:
                registration.status = Registration.Status.WAITLISTED
            registrations.append(registration)
    return registrations


def forget(registration, number):
    registration.access_needs = registration.dietary_needs = ""
    registration.share_with_hosts = False
    if not registration.user_id:
        registration.guest_name = ""
        registration.guest_email = f"erased-guest-scale-{number}@{ERASED_GUEST_DOMAIN}"


def place(generator, rng, page, registration):
    """A registration holding one of the event's places."""
    registration.confirmed_at = registration.created_at
    for field, (before, _) in REMINDERS.items():
        if page.start - before <= generator.now:
            setattr(registration, field, page.start - before)
    if page.start < generator.now:
        if rng.random() < 0.85:
            registration.status = Registration.Status.ATTENDED
            registration.attended_at = page.start
        if page.end + THANK_YOU_AFTER <= generator.now:
            registration.thank_you_sent_at = page.end + THANK_YOU_AFTER


SCALE_STEPS = [ScaleStep("events", 300, generate_events, existing, after=("members",))]
