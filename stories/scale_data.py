"""The stories of the scale data: stories under the demo's library about the
councils there are, across service areas, approaches and outcome areas, each with
quotes (a tenth of them without consent) and a figure."""

import datetime

from django.utils.text import slugify

from members.models import LocalAuthority
from network_site.demo.scale import PLACES, ScaleDataError, ScaleStep, batches, random_uuid

from .models import (
    OUTCOME_AREAS,
    Approach,
    ServiceArea,
    StoryFigure,
    StoryIndexPage,
    StoryPage,
    StoryQuote,
)

SLUG_PREFIX = "scale-story-"
SERVICES = ["lunch club", "befriending scheme", "tenancy support", "youth project", "job club"]
ACCOUNTS = [
    "People who came once now help to run the sessions and choose what happens next.",
    "The group decides for itself what the money is spent on, within the grant's aims.",
    "Fewer people said they felt lonely at the end of the year than at the start.",
    "Volunteers noticed problems early and the council's team heard of them sooner.",
]


def existing():
    return StoryPage.objects.filter(slug__startswith=SLUG_PREFIX).count()


def generate_stories(generator):
    rng = generator.random_for("stories")
    index = StoryIndexPage.objects.first()
    authorities = list(LocalAuthority.objects.order_by("pk")[:200])
    areas = list(ServiceArea.objects.all())
    if index is None or not authorities or not areas:
        raise ScaleDataError("The story index and the councils come from the demo content.")
    pages = [story(generator, rng, n, authorities, areas) for n in range(generator.count(5_000))]
    generator.add_pages(index, pages, rng)
    quotes, figures = [], []
    for page in pages:
        for position in range(rng.randint(0, 2)):
            consented = rng.random() < 0.9
            quotes.append(
                StoryQuote(
                    page_id=page.pk,
                    sort_order=position,
                    uuid=random_uuid(rng),
                    text=f"The {rng.choice(SERVICES)} is where I found people again.",
                    attribution=f"A member of the group, {rng.choice(PLACES)}",
                    consent_recorded_on=page.first_published_at.date() if consented else None,
                )
            )
        figures.append(
            StoryFigure(
                page_id=page.pk,
                sort_order=0,
                value=f"{rng.randint(20, 900)}",
                label="people supported in the year",
                source="The organisation's monitoring returns",
            )
        )
    for model, rows in ((StoryQuote, quotes), (StoryFigure, figures)):
        for batch in batches(rows):
            model.objects.bulk_create(batch)
    generator.index(StoryPage, [page.pk for page in pages])
    generator.report("Stories", len(pages))


def story(generator, rng, number, authorities, areas):
    authority = rng.choice(authorities)
    service = rng.choice(SERVICES)
    title = f"A {service} in {authority.short_name or authority.name}"
    day = generator.today - datetime.timedelta(days=rng.randint(0, 4 * 365))
    outcomes = {
        field: rng.choice(ACCOUNTS) if rng.random() < 0.6 else ""
        for field, _name in OUTCOME_AREAS.values()
    }
    return StoryPage(
        title=title,
        slug=f"{SLUG_PREFIX}{slugify(title)}-{number}",
        summary=f"What changed when the council funded a local {service} directly.",
        local_authority=authority,
        service_area=rng.choice(areas),
        approach=rng.choice(Approach.values),
        first_published_at=generator.at(day, datetime.time(10, 0)),
        **outcomes,
    )


SCALE_STEPS = [ScaleStep("stories", 500, generate_stories, existing, after=("members",))]
