"""The bulletins of the demo: two already in the archive (one for everyone, one
for members) and a draft for the Communications team to finish and send.

Sent demo bulletins are archive entries only: loading the demo sends no email.
Found by the demo loader through the app registry, like every app's demo module.
"""

import datetime

from django.utils import timezone

from blog.models import BlogPage
from events.models import EventPage
from network_site.demo.loading import (
    CREATED,
    UNCHANGED,
    UPDATED,
    DemoStep,
    block_id,
    stream_differs,
    update_fields,
)

from .models import Bulletin

BULLETINS = [
    {
        "slug": "autumn-2026",
        "subject": "Autumn news: roundtables, a new briefing and what councils told us",
        "preheader": "Leeds and Bristol, the Procurement Act briefing, and five questions to ask.",
        "status": Bulletin.Status.SENT,
        "sent_days_ago": 40,
        "members_only": False,
        "body": [
            ("heading", {"text": "What we heard this season", "level": "h2"}),
            (
                "text",
                "<p>Thank you to everyone who came to our first regional roundtable. "
                "Commissioners and providers spoke plainly about what stops small local "
                "organisations winning contracts, and what their councils changed to fix "
                "it. The write-up is on the site.</p>",
            ),
            ("article", "what-we-heard-at-our-first-regional-roundtable"),
            ("article", "five-questions-before-you-recommission"),
            ("heading", {"text": "Coming up", "level": "h2"}),
            ("event", "online-briefing-procurement-act"),
            (
                "call_to_action",
                {
                    "heading": "Bring the network to your area",
                    "text": "Councils can ask us to host a roundtable or briefing locally.",
                    "button_label": "Request an event",
                    "url": "/events/request/",
                },
            ),
        ],
    },
    {
        "slug": "members-briefing-november-2026",
        "subject": "Members' briefing: budgets, insourcing and the spring programme",
        "preheader": "For members: what we are planning and where we need your help.",
        "status": Bulletin.Status.SENT,
        "sent_days_ago": 9,
        "members_only": True,
        "body": [
            ("heading", {"text": "Planning for the spring", "level": "h2"}),
            (
                "text",
                "<p>Several councils are preparing budgets that bring services back in "
                "house. If yours is one of them, we would like to hear how you are "
                "making the case, so that other members can learn from it. Reply to this "
                'email or use the <a href="/members/directory/">members\' directory</a> '
                "to find colleagues nearby.</p>",
            ),
            ("article", "prevention-pays-but-not-on-the-same-budget-line"),
        ],
    },
    {
        "slug": "winter-2026",
        "subject": "Winter news from the network",
        "preheader": "A draft: the Communications team finishes it before sending.",
        "status": Bulletin.Status.DRAFT,
        "members_only": False,
        "body": [
            ("heading", {"text": "A year of keeping it local", "level": "h2"}),
            ("text", "<p>Write the year's round-up here.</p>"),
        ],
    },
]


def _stored_body(slug, blocks):
    """The stored form of a demo body, the site's articles and events looked up by slug."""
    stored = []
    for position, (block_type, value) in enumerate(blocks):
        if block_type == "article":
            value = {"page": BlogPage.objects.get(slug=value).pk, "note": ""}
        elif block_type == "event":
            value = {"page": EventPage.objects.get(slug=value).pk, "note": ""}
        elif block_type == "call_to_action":
            value = {
                **{key: value[key] for key in ("heading", "text", "button_label")},
                "link": {"page": None, "url": value["url"]},
            }
        stored.append(
            {"type": block_type, "value": value, "id": block_id("bulletin", slug, position)}
        )
    return stored


def load_bulletins(loader):
    """Each demo bulletin created, or its words brought in line; a bulletin's status
    is set only when it is created (one sent from the demo admin stays sent)."""
    statuses = []
    body_field = Bulletin._meta.get_field("body")
    morning = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0)
    for spec in BULLETINS:
        body = _stored_body(spec["slug"], spec["body"])
        words = {key: spec[key] for key in ("subject", "preheader", "members_only")}
        bulletin = Bulletin.objects.filter(slug=spec["slug"]).first()
        if bulletin is None:
            sent = {}
            if spec["status"] == Bulletin.Status.SENT:
                sent_at = morning - datetime.timedelta(days=spec["sent_days_ago"])
                sent = {"send_at": sent_at, "started_at": sent_at, "sent_at": sent_at}
            Bulletin.objects.create(
                slug=spec["slug"], status=spec["status"], body=body, **words, **sent
            )
            statuses.append(CREATED)
            continue
        changed = update_fields(bulletin, words)
        if stream_differs(body_field, bulletin.body, body):
            bulletin.body = body
            changed.append("body")
        if changed:
            bulletin.save(update_fields=changed)
        statuses.append(UPDATED if changed else UNCHANGED)
    loader.report("Bulletins", statuses)


DEMO_STEPS = [
    DemoStep("bulletins", 720, load_bulletins, after=("articles", "events", "memberships")),
]
