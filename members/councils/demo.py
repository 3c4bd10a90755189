"""The councils' Keep it Local commitments in the demo: Leeds has endorsed the
principles and names a champion, Bristol has a champion and a note but has not
endorsed them yet, so both states show on the council pages. Invented for the
demo: no real council, councillor or decision is described. Found by the demo
loader through the app registry, like every app's demo module."""

import datetime

from network_site.demo.loading import CREATED, UNCHANGED, UPDATED, DemoStep, update_fields

from ..models import LocalAuthority
from .models import Commitment, CommitmentDocument

COMMITMENTS = [
    {
        "gss_code": "E08000035",
        "endorsed_on": datetime.date(2025, 11, 19),
        "endorsed_by": Commitment.Endorsement.COUNCIL_MOTION,
        "champion_name": "Cllr Priya Whitfield",
        "champion_role": "Executive member for communities (demo)",
        "note": "The council has agreed to look at local organisations first when it "
        "recommissions neighbourhood services, and to report each year on how much of "
        "its spending reaches organisations based in the city.",
        "documents": [
            ("Council meetings, agendas and minutes", "https://democracy.leeds.gov.uk/"),
        ],
    },
    {
        "gss_code": "E06000023",
        "endorsed_on": None,
        "endorsed_by": "",
        "champion_name": "Cllr Tom Ashby",
        "champion_role": "Cabinet member for communities (demo)",
        "note": "Bristol's cabinet member has asked officers for a review of how grants "
        "to community organisations are awarded before the council considers the "
        "principles next year.",
        "documents": [],
    },
]


def load_commitments(loader):
    statuses = []
    for spec in COMMITMENTS:
        authority = LocalAuthority.objects.get(gss_code=spec["gss_code"])
        values = {
            key: spec[key]
            for key in ("endorsed_on", "endorsed_by", "champion_name", "champion_role", "note")
        }
        commitment = Commitment.objects.filter(authority=authority).first()
        if commitment is None:
            commitment = Commitment.objects.create(authority=authority, **values)
            status = CREATED
        else:
            changed = update_fields(commitment, values)
            if changed:
                commitment.save()
            status = UPDATED if changed else UNCHANGED
        wanted = [(title, url) for title, url in spec["documents"]]
        held = list(commitment.documents.order_by("sort_order").values_list("title", "url"))
        if held != wanted:
            commitment.documents.all().delete()
            for position, (title, url) in enumerate(wanted):
                CommitmentDocument.objects.create(
                    commitment=commitment, title=title, url=url, sort_order=position
                )
            status = CREATED if status == CREATED else UPDATED
        statuses.append(status)
    loader.report("Council commitments", statuses)


DEMO_STEPS = [DemoStep("commitments", 620, load_commitments, after=("members",))]
