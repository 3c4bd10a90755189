"""The event requests of the demo: the demo councillor's requests, each at a
different stage of review, with the exchange that got it there.

Found by the demo loader through the app registry, like every app's demo module.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import LocalAuthority
from network_site.demo.loading import CREATED, DemoStep, upsert

from .models import EventRequest, EventRequestUpdate

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


def load_event_requests(loader):
    """Requests from the demo councillor, each at a different stage, with the
    exchange that got it there (the history is written once, when created)."""
    statuses = []
    users = get_user_model().objects
    today = timezone.localdate()
    for spec in EVENT_REQUESTS:
        values = {
            name: value
            for name, value in spec.items()
            if name not in ("reference", "requester", "authority", "in_days", "history")
        }
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
        statuses.append(status)
    loader.report("Event requests", statuses)


DEMO_STEPS = [
    DemoStep("event requests", 700, load_event_requests, after=("members", "accounts")),
]
