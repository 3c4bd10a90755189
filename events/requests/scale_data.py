"""The event requests of the scale data: councils asking for events, in every
state of review, each with the history that brought it there (the path follows
EventRequest.TRANSITIONS). A scheduled request is linked to a coming generated
event of its council, a held one to a past one; when the events step left none
to link, the request stays accepted."""

import datetime

from members.models import Membership
from network_site.demo.scale import EMAIL_DOMAIN, ScaleStep, batches, weighted

from .models import REFERENCE_ALPHABET, EventRequest, EventRequestUpdate

Status = EventRequest.Status
REFERENCE_PREFIX = "ER-"
# Each state and the path of statuses that reaches it, with its weight.
PATHS = [
    ([Status.SUBMITTED], 12),
    ([Status.SUBMITTED, Status.IN_REVIEW], 12),
    ([Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFORMATION], 8),
    ([Status.SUBMITTED, Status.IN_REVIEW, Status.ACCEPTED], 8),
    ([Status.SUBMITTED, Status.IN_REVIEW, Status.ACCEPTED, Status.SCHEDULED], 10),
    ([Status.SUBMITTED, Status.IN_REVIEW, Status.ACCEPTED, Status.SCHEDULED, Status.HELD], 20),
    ([Status.SUBMITTED, Status.IN_REVIEW, Status.DECLINED], 15),
    ([Status.SUBMITTED, Status.WITHDRAWN], 15),
]
MESSAGES = {
    Status.NEEDS_INFORMATION: "Could you tell us more about who you hope will come?",
    Status.ACCEPTED: "We would be glad to host this with you.",
    Status.DECLINED: "We cannot host this one this year; we have suggested a nearby event.",
}
SUBJECTS = [
    ("Insourcing leisure centres", "Running leisure centres in house"),
    ("Local food in school meals", "Buying school food from local growers"),
    ("Care at home, run locally", "Commissioning home care from local organisations"),
    ("Repairs without the contractor", "A council repairs team for council homes"),
    ("Energy advice that stays local", "A community energy advice service"),
]
COUNCIL_CATEGORIES = (Membership.Category.COUNCILLOR, Membership.Category.OFFICER)


def existing():
    # Generated references are random, so a run's own are those of its requesters.
    return EventRequest.objects.filter(requester__in=generated_requesters()).count()


def generated_requesters():
    return Membership.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}").values("user")


def generate_event_requests(generator):
    rng = generator.random_for("event requests")
    council_people = {}
    for person in generator.people:
        if person.category in COUNCIL_CATEGORIES and person.local_authority_id:
            council_people.setdefault(person.local_authority_id, []).append(person)
    authorities = sorted(council_people)
    # The events a scheduled or held request may have become: its council hosts them.
    events_for = {Status.SCHEDULED: [], Status.HELD: []}
    for event in generator.events:
        if event.host_authority_id in council_people and not event.cancelled:
            coming = event.start > generator.now
            events_for[Status.SCHEDULED if coming else Status.HELD].append(event)
    for events in events_for.values():
        rng.shuffle(events)
    taken = set(EventRequest.objects.values_list("reference", flat=True))
    requests, histories = [], []
    for _ in range(generator.count(500)):
        path = list(weighted(rng, PATHS))
        event = None
        if path[-1] in events_for:
            if events_for[path[-1]]:
                event = events_for[path[-1]].pop()
            else:
                path = path[: path.index(Status.ACCEPTED) + 1]
        authority = event.host_authority_id if event else rng.choice(authorities)
        requester = rng.choice(council_people[authority])
        request, history = event_request(generator, rng, path, event, authority, requester, taken)
        requests.append(request)
        histories.append(history)
    EventRequest.objects.bulk_create(requests, batch_size=1000)
    updates = []
    for request, history in zip(requests, histories, strict=True):
        for update in history:
            update.request = request
            updates.append(update)
    for batch in batches(updates):
        EventRequestUpdate.objects.bulk_create(batch)
    generator.report("Event requests", len(requests))
    generator.report("Event request updates", len(updates))


def event_request(generator, rng, path, event, authority, requester, taken):
    while (reference := REFERENCE_PREFIX + "".join(rng.choices(REFERENCE_ALPHABET, k=6))) in taken:
        pass
    taken.add(reference)
    if event is not None:
        wanted = event.start.date()
        submitted = event.start - datetime.timedelta(days=rng.randint(60, 180))
    else:
        submitted = generator.now - datetime.timedelta(days=rng.randint(1, 400))
        wanted = submitted.date() + datetime.timedelta(days=rng.randint(45, 200))
    history, moment, previous = [], submitted, ""
    for status in path:
        history.append(
            EventRequestUpdate(
                created_at=moment,
                author_id=requester.user_id if status == Status.SUBMITTED else None,
                source=(
                    EventRequestUpdate.Source.AUTHORITY
                    if status in (Status.SUBMITTED, Status.WITHDRAWN)
                    else EventRequestUpdate.Source.STAFF
                ),
                from_status=previous,
                to_status=status,
                message=MESSAGES.get(status, ""),
            )
        )
        previous = status
        step = datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 8))
        moment = min(moment + step, generator.now)
    title, theme = rng.choice(SUBJECTS)
    expected = rng.randint(20, 150)
    request = EventRequest(
        reference=reference,
        local_authority_id=authority,
        requester_id=requester.user_id,
        title=title,
        theme=theme,
        aims=f"Bring together people in our area who want to know more about {theme.lower()}.",
        audience=rng.sample(EventRequest.Audience.values, rng.randint(1, 3)),
        date_1_from=wanted,
        date_1_to=wanted + datetime.timedelta(days=rng.choice([0, 7, 30])),
        format=rng.choice(["in-person", "online", "hybrid"]),
        expected_attendees=expected,
        venue_offered=False,
        # Ofcom keeps 0113 496 0000 to 0999 for drama: no real line.
        contact_phone=f"0113 496 0{rng.randint(0, 999):03d}",
        status=path[-1],
        created_at=submitted,
        status_changed_at=history[-1].created_at,
        event_id=event.page_id if event else None,
    )
    return request, history


SCALE_STEPS = [
    ScaleStep(
        "event requests", 400, generate_event_requests, existing, after=("members", "events")
    ),
]
