"""The library's pages cost the same number of queries, at most QUERY_BUDGET, with
the demo's stories (nine) and with 5,000 more: the list with every filter alone and
combined, a search, a later page, the feed, one story, and a council's page."""

import datetime

import pytest
from django.core.management import call_command

from members.models import LocalAuthority
from network_site.demo.scale import ScaleGenerator
from stories.models import StoryPage
from stories.scale_data import generate_stories
from tests.query_counts import QUERY_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

STORIES_AT_SCALE = 5_000


def pages():
    leeds = LocalAuthority.objects.get(gss_code="E08000035")
    story = StoryPage.objects.live().filter(local_authority=leeds).order_by("pk").first()
    return [
        ("/stories/", {}),
        ("/stories/", {"page": "2"}),
        ("/stories/", {"service_area": "adult-social-care"}),
        ("/stories/", {"approach": "grant"}),
        ("/stories/", {"outcome": "isolation"}),
        ("/stories/", {"region": "Yorkshire and The Humber"}),
        ("/stories/", {"authority": leeds.slug}),
        (
            "/stories/",
            {"service_area": "adult-social-care", "approach": "grant", "outcome": "wellbeing"},
        ),
        ("/stories/", {"q": "lunch"}),
        ("/stories/feed/", {}),
        (story.url, {}),
        (leeds.get_absolute_url(), {}),
    ]


def counts(client):
    return {
        (url, tuple(sorted(query.items()))): warm_query_count(client, url, query)
        for url, query in pages()
    }


def test_the_library_costs_the_same_from_the_demo_to_5000_stories(client):
    call_command("load_demo_content", force=True, verbosity=0)
    demo_stories = StoryPage.objects.live().count()
    demo = counts(client)

    generator = ScaleGenerator(
        seed=16, scale=1.0, today=datetime.date(2026, 12, 1), write=lambda line: None
    )
    generate_stories(generator)
    assert StoryPage.objects.live().count() == demo_stories + STORIES_AT_SCALE
    at_scale = counts(client)

    moved = {page: (demo[page], count) for page, count in at_scale.items() if demo[page] != count}
    assert not moved, f"queries (demo, 5,000 stories) that moved: {moved}"
    over = {page: count for page, count in at_scale.items() if count > QUERY_BUDGET}
    assert not over, f"over {QUERY_BUDGET} queries: {over}"
