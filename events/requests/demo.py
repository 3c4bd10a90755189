"""The event requests of the demo: the demo councillor's requests, each at a
different stage of review, with the exchange that got it there.

Found by the demo loader through the app registry, like every app's demo module.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.models import EventPage
from members.models import LocalAuthority
from network_site.demo.loading import CREATED, DemoStep, upsert

from .models import EventRequest, EventRequestOutcome, EventRequestUpdate

# A councillor's requests for network events, at two stages of review. Each history
# entry is (who, the status it moved to or "" for a message alone, the message).
EVENT_REQUESTS = [
    {
        "reference": "ER-DEMO42",
        "requester": "councillor@keepitlocal.example",
        "authority": "E08000035",
        "title": "Children's homes run by the council",
        "theme": "Council-run children's homes instead of private placements",
        "aims": (
            "Hear from councils that have opened their own small children's homes, "
            "what it cost and what changed for the young people, and agree with local "
            "providers what a first home in Leeds would need."
        ),
        "audience": ["councillors", "commissioners", "community-organisations"],
        "in_days": 75,
        "format": "in-person",
        "expected_attendees": 70,
        "venue_offered": True,
        "venue_name": "Civic Hall, Banqueting Suite",
        "venue_address": "Calverley Street, Leeds",
        "venue_postcode": "LS1 1UR",
        "venue_capacity": 120,
        "venue_accessibility": (
            "Step-free entrance on Portland Crescent, lift to every floor, hearing "
            "loop in the suite, accessible toilets on the same floor."
        ),
        "other_co_hosts": "Leeds Care Leavers' Forum",
        "contact_phone": "0113 222 4444",
        "status": "needs-information",
        "history": [
            ("authority", "submitted", ""),
            ("staff", "in-review", ""),
            (
                "staff",
                "needs-information",
                "Thank you, this is a strong fit for the network. Could the Care "
                "Leavers' Forum send someone to speak? And is a weekday afternoon "
                "possible, so that foster carers can come?",
            ),
        ],
    },
    {
        "reference": "ER-DEMO57",
        "requester": "councillor@keepitlocal.example",
        "authority": "E08000035",
        "title": "Insourcing grounds maintenance",
        "theme": "Parks and verges back in house",
        "aims": "Compare the costs of the contract ending next year with a council team.",
        "audience": ["councillors", "residents"],
        "in_days": 120,
        "format": "online",
        "expected_attendees": 40,
        "contact_phone": "0113 222 4444",
        "status": "submitted",
        "history": [("authority", "submitted", "")],
    },
]


# A request that became an event, was held, and was reported on afterwards: the
# report's quote, which its host agreed the network may publish, is carried into
# a story by the stories demo.
HELD_REQUEST = {
    "reference": "ER-DEMO19",
    "requester": "councillor@keepitlocal.example",
    "authority": "E08000035",
    "event": "neighbourhood-networks-roundtable-leeds",
    "title": "Neighbourhood networks roundtable",
    "theme": "What Leeds commissions from its neighbourhood network schemes",
    "aims": (
        "Bring the schemes, ward councillors and commissioners together before the "
        "networks' funding is reviewed, and agree what the review should measure."
    ),
    "audience": ["councillors", "commissioners", "community-organisations"],
    "in_days": -60,
    "format": "in-person",
    "expected_attendees": 45,
    "contact_phone": "0113 222 4444",
    "status": "held",
    "history": [
        ("authority", "submitted", ""),
        ("staff", "in-review", ""),
        ("staff", "accepted", "Yes: we will host it with you. We will send a draft agenda."),
        ("staff", "scheduled", ""),
        ("staff", "held", ""),
    ],
    "outcome": {
        "what_happened": (
            "Thirty-eight people came: ward councillors from six wards, two commissioners "
            "and staff and volunteers from nine neighbourhood network schemes. The schemes "
            "showed how they record what they do with people rather than for them, and "
            "the commissioners explained which of the four outcome areas the review will "
            "weigh most."
        ),
        "what_changed": (
            "The review of the networks' funding now asks each scheme for three short "
            "accounts a year from the people it supports, alongside the numbers, and the "
            "grant agreements will run for five years instead of three."
        ),
        "quote": (
            "For the first time the people who write the review heard from the people who "
            "answer the door. It changed what we will count."
        ),
        "quote_attribution": "A ward councillor, Leeds City Council",
        "may_publish_quote": True,
    },
}


def load_event_requests(loader):
    """Requests from the demo councillor, each at a different stage, with the
    exchange that got it there (the history is written once, when created)."""
    statuses = []
    users = get_user_model().objects
    today = timezone.localdate()
    for spec in [*EVENT_REQUESTS, HELD_REQUEST]:
        values = {
            name: value
            for name, value in spec.items()
            if name
            not in ("reference", "requester", "authority", "in_days", "history", "event", "outcome")
        }
        if spec.get("event"):
            values["event"] = EventPage.objects.get(slug=spec["event"])
        values["local_authority"] = LocalAuthority.objects.get(gss_code=spec["authority"])
        values["requester"] = users.get(email=spec["requester"])
        values["date_1_from"] = today + datetime.timedelta(days=spec["in_days"])
        existing = EventRequest.objects.filter(reference=spec["reference"]).first()
        if existing is not None:
            # Dates move with the calendar; only what the demo says is restored.
            values.pop("date_1_from")
        request, status = upsert(EventRequest, {"reference": spec["reference"]}, values)
        if status == CREATED:
            staff = users.filter(is_superuser=True).order_by("pk").first()
            moment = timezone.now() - datetime.timedelta(days=len(spec["history"]))
            previous = ""
            for n, (source, to_status, message) in enumerate(spec["history"]):
                EventRequestUpdate.objects.create(
                    request=request,
                    created_at=moment + datetime.timedelta(days=n),
                    author=values["requester"] if source == "authority" else staff,
                    source=source,
                    from_status=previous,
                    to_status=to_status,
                    message=message,
                )
                previous = to_status or previous
        if spec.get("outcome"):
            upsert(
                EventRequestOutcome,
                {"request": request},
                {**spec["outcome"], "submitted_by": values["requester"]},
            )
        statuses.append(status)
    loader.report("Event requests", statuses)


DEMO_STEPS = [
    DemoStep("event requests", 700, load_event_requests, after=("members", "accounts", "events")),
]
