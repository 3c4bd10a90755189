"""The stories of the demo: the library at /stories/, stories across service areas
and approaches (words in stories.demo_content), one of them made from the demo's
post-event outcome report as a host would make it, and "Stories" in the menu."""

import datetime
import uuid

from django.utils import timezone
from wagtail.models import Page

from events.requests.models import EventRequestOutcome
from members.models import LocalAuthority, Organisation
from network_site.demo.loading import (
    UNCHANGED,
    UPDATED,
    DemoStep,
    Relations,
    publish_index_page,
    publish_page,
)

from . import demo_content as content
from .models import (
    ServiceArea,
    StoryFigure,
    StoryIndexPage,
    StoryPage,
    StoryQuote,
    StoryRelatedPage,
)
from .services import story_from_outcome
from .site_setup import STORIES_MENU_ORDER

# The demo's quotes keep their ids from one load to the next (consent withdrawn
# from one in the demo stays withdrawn after a reload).
QUOTE_IDS = uuid.UUID("6f1c2e0a-4b7d-4e8e-9a51-3c2d8f0b7a10")
OUTCOME_REQUEST = "ER-DEMO19"


def load_stories(loader):
    index = publish_index_page(loader, StoryIndexPage, content.STORY_INDEX, "Story index")
    loader.add_menu_link(index, "Stories", order=STORIES_MENU_ORDER)
    areas = {area.slug: area for area in ServiceArea.objects.all()}
    statuses = [story(index, spec, areas) for spec in content.STORIES]
    statuses.append(story_from_the_outcome_report(index, areas))
    loader.report("Stories", statuses)


def month(value):
    return datetime.date.fromisoformat(f"{value}-01") if value else None


def outcome_fields(outcomes):
    return {
        "outcome_contribution": outcomes.get("contribution", ""),
        "outcome_choice": outcomes.get("choice", ""),
        "outcome_wellbeing": outcomes.get("wellbeing", ""),
        "outcome_isolation": outcomes.get("isolation", ""),
    }


def rows(records, fields):
    return [tuple(getattr(record, name) for name in fields) for record in records]


QUOTE_FIELDS = ("uuid", "text", "attribution", "consent_recorded_on", "consent_how")
FIGURE_FIELDS = ("value", "label", "source")


def story(index, spec, areas):
    quotes = [
        StoryQuote(
            # The order is set, not left to the database: rows without one come back
            # in any order on PostgreSQL, and a re-run would see a change.
            sort_order=n,
            uuid=uuid.uuid5(QUOTE_IDS, f"{spec['slug']}:{n}"),
            text=quote["text"],
            attribution=quote["attribution"],
            consent_recorded_on=quote["consent"] and datetime.date.fromisoformat(quote["consent"]),
            consent_how=quote["consent_how"],
        )
        for n, quote in enumerate(spec["quotes"])
    ]
    figures = [StoryFigure(sort_order=n, **figure) for n, figure in enumerate(spec["figures"])]
    related = [page.pk for slug in spec["related"] for page in Page.objects.filter(slug=slug)[:1]]
    organisations = list(Organisation.objects.filter(name__in=spec["organisations"]).order_by("pk"))

    def current(page):
        return {
            "quotes": rows(page.quotes.all(), QUOTE_FIELDS),
            "figures": rows(page.figures.all(), FIGURE_FIELDS),
            "related": [link.page_link_id for link in page.related_pages.all()],
            "organisations": sorted(o.pk for o in page.organisations.all()),
        }

    def apply(page):
        page.quotes = quotes
        page.figures = figures
        page.related_pages = [StoryRelatedPage(page_link_id=pk) for pk in related]
        page.organisations = organisations

    relations = Relations(
        desired={
            "quotes": rows(quotes, QUOTE_FIELDS),
            "figures": rows(figures, FIGURE_FIELDS),
            "related": related,
            "organisations": [o.pk for o in organisations],
        },
        current=current,
        apply=apply,
    )
    start, end = spec["period"] or (None, None)
    published = timezone.now() - datetime.timedelta(days=spec["published_days_ago"])
    fields = {
        "title": spec["title"],
        "summary": spec["summary"],
        "local_authority": LocalAuthority.objects.get(gss_code=spec["authority"]),
        "service_area": areas[spec["service_area"]],
        "approach": spec["approach"],
        **outcome_fields(spec["outcomes"]),
        "period_start": month(start),
        "period_end": month(end),
    }
    page, status = publish_page(index, StoryPage, spec["slug"], fields, relations)
    if status != UNCHANGED or page.first_published_at > published:
        StoryPage.objects.filter(pk=page.pk).update(first_published_at=published)
    return status


def story_from_the_outcome_report(index, areas):
    """The host's draft from the outcome report (its consenting quote carried over),
    completed and published as an editor would."""
    spec = content.STORY_FROM_OUTCOME
    outcome = EventRequestOutcome.objects.select_related("request__requester").get(
        request__reference=OUTCOME_REQUEST
    )
    submission = getattr(outcome, "story_submission", None)
    if submission is None:
        draft = story_from_outcome(
            outcome,
            user=outcome.request.requester,
            service_area=areas[spec["service_area"]],
            approach=spec["approach"],
            title=spec["title"],
        )
    else:
        draft = submission.story
    fields = {"service_area": areas[spec["service_area"]], **outcome_fields(spec["outcomes"])}
    figures = [StoryFigure(sort_order=n, **figure) for n, figure in enumerate(spec["figures"])]
    page = StoryPage.objects.get(pk=draft.pk)
    changed = any(getattr(page, name) != value for name, value in fields.items())
    changed = changed or rows(page.figures.all(), FIGURE_FIELDS) != rows(figures, FIGURE_FIELDS)
    if page.live and not changed:
        return UNCHANGED
    for name, value in fields.items():
        setattr(page, name, value)
    page.figures = figures
    page.save_revision().publish()
    return UPDATED


DEMO_STEPS = [
    DemoStep(
        "stories",
        750,
        load_stories,
        after=("members", "articles", "events", "event requests"),
    )
]
