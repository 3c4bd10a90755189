"""Scale data: a network the size of a busy one, for the benchmarks and for
trying the site at volume (``manage.py generate_scale_data``).

Every app may have a ``scale_data`` module whose SCALE_STEPS list what it
generates; they run by their ``order`` on top of the demo content, and a step
names in ``after`` the steps whose records it needs. The orders in use:

    100  members         members: fictional councils, people and their memberships
    200  articles        blog: authors and articles under the article index
    300  events          events: venues, events past and coming, registrations
    400  event requests  events.requests.scale_data: requests in every state

Reproducible: each step draws from a random.Random seeded by the run's seed
and the step's name, and every date is counted from the day of the run (London
midnight), so that coming events are in the future. The same seed on the same
day gives the same data; on another day the same data moves with the calendar.

Fast: rows are written with bulk_create, and pages are put into Wagtail's tree
directly (``add_pages``): one multi-row insert of the base rows and one of the
specific rows per batch, the materialised paths computed here, no revisions
(live pages render from their own row) and no signals; the pages, and the other
searchable records, are then added to the search index in bulk.
"""

import datetime
import random
import time
import uuid
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from network_site.app_modules import steps_in_order

# The module in which an app declares its SCALE_STEPS.
SCALE_MODULE = "scale_data"
DEFAULT_SEED = 13
LONDON = zoneinfo.ZoneInfo("Europe/London")
# The addresses of generated people end in this: nothing is ever delivered to them.
EMAIL_DOMAIN = "scale.keepitlocal.example"
BATCH_SIZE = 1000
# Invented towns, for what the generated people write about and where they meet.
PLACES = ["Ashmere", "Brackley", "Coldwell", "Dunholt", "Elmstead", "Fernbury", "Glenford"]


class ScaleDataError(Exception):
    """Scale data cannot be generated here; the message says why."""


@dataclass(frozen=True)
class ScaleStep:
    """One part of the scale data: ``generate(generator)`` writes it;
    ``existing()`` counts the records an earlier run left (a run refuses to
    start when any step finds some). Steps run by ``order``; ``after`` names the
    steps whose records this one needs."""

    name: str
    order: int
    generate: Callable[["ScaleGenerator"], None]
    existing: Callable[[], int]
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    """A generated member, as later steps need them: who registers for events and
    who asks for them. ``category`` and ``status`` are the membership's."""

    user_id: int
    email: str
    name: str
    category: str
    active: bool
    local_authority_id: int | None


@dataclass(frozen=True)
class GeneratedEvent:
    page_id: int
    start: datetime.datetime
    host_authority_id: int | None
    cancelled: bool


def scale_steps():
    """The SCALE_STEPS of every installed app's scale_data module, in the order they run."""
    return steps_in_order(SCALE_MODULE, "SCALE_STEPS", ScaleDataError)


def random_uuid(rng: random.Random) -> uuid.UUID:
    """A version 4 UUID drawn from ``rng``: reproducible, unlike uuid.uuid4()."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def weighted(rng: random.Random, choices):
    """One of the values of ``choices``, a list of (value, weight)."""
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def batches(items: Sequence, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ScaleGenerator:
    """Runs the scale steps, writing one line per kind of record to ``write``.

    ``scale`` multiplies every count (1.0: 10,000 members, 5,000 articles, 1,000
    events, 50,000 registrations, 500 event requests). The steps share what they
    made through it: ``people`` (members step) and ``events`` (events step).
    """

    def __init__(self, *, seed: int, scale: float, today: datetime.date, write):
        self.seed = seed
        self.scale = scale
        self.today = today
        self.write = write
        self.people: list[Person] = []
        self.events: list[GeneratedEvent] = []

    @property
    def now(self) -> datetime.datetime:
        """Midnight at the start of the run's day, London time: "now" for every
        generated date, so that a run does not depend on the time of day."""
        return self.at(self.today, datetime.time(0, 0))

    def run(self):
        steps = scale_steps()
        if found := [(step.name, count) for step in steps if (count := step.existing())]:
            summary = ", ".join(f"{count} for {name}" for name, count in found)
            raise ScaleDataError(
                f"Scale data is already here ({summary}): generate_scale_data runs once, "
                "on a database without it, and changed nothing. Start again on a new database."
            )
        for step in steps:
            started = time.monotonic()
            step.generate(self)
            self.write(f"({step.name}: {time.monotonic() - started:.1f} s)")

    def random_for(self, name: str) -> random.Random:
        """The random numbers of one step: the same for the same seed, whatever
        the other steps draw."""
        return random.Random(f"{self.seed}:{name}")

    def count(self, at_full_scale: int) -> int:
        return max(1, round(at_full_scale * self.scale))

    def at(self, day: datetime.date, clock: datetime.time) -> datetime.datetime:
        """A moment, London time, on a day."""
        return datetime.datetime.combine(day, clock, tzinfo=LONDON)

    def report(self, label: str, count: int):
        self.write(f"{label}: {count} created")

    def add_pages(self, parent: Page, pages: Sequence[Page], rng: random.Random) -> None:
        """Add these unsaved pages (of one specific type, with their titles, slugs,
        first_published_at and own fields set) as the last children of ``parent``,
        live, without revisions. Their slugs must be unique under the parent."""
        if not pages:
            return
        model = type(pages[0])
        content_type = ContentType.objects.get_for_model(model)
        last = parent.get_last_child()
        position = Page._str2int(last.path[-Page.steplen :]) if last else 0
        for number, page in enumerate(pages, start=position + 1):
            page.path = Page._get_path(parent.path, parent.depth + 1, number)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type = content_type
            page.locale_id = parent.locale_id
            page.translation_key = random_uuid(rng)
            page.live = True
            page.has_unpublished_changes = False
            page.draft_title = page.title
            page.last_published_at = page.first_published_at
        base_fields = Page._meta.concrete_fields
        for batch in batches(pages):
            rows = Page.objects.bulk_create(
                [
                    Page(**{field.attname: getattr(page, field.attname) for field in base_fields})
                    for page in batch
                ]
            )
            for page, row in zip(batch, rows, strict=True):
                page.pk = page.page_ptr_id = row.pk
        # bulk_create refuses a model with a parent table, so the specific rows go
        # in through the same multi-row insert bulk_create makes, table by table.
        fields = model._meta.local_concrete_fields
        size = connection.ops.bulk_batch_size(fields, pages) or BATCH_SIZE
        for batch in batches(pages, min(size, BATCH_SIZE)):
            model._base_manager._insert(batch, fields=fields)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild += len(pages)

    def index(self, model: type[Model], pks: Iterable[int]) -> None:
        """Add these records to the search index (bulk_create sends no signal, so
        Wagtail's own indexing never saw them)."""
        backend = get_search_backend()
        queryset = model.get_indexed_objects()  # type: ignore[attr-defined]
        for batch in batches(list(pks)):
            backend.add_bulk(model, list(queryset.filter(pk__in=batch)))
