"""The library at /stories/, a story's page, its feed and JSON-LD: quotes only
with consent, filters that combine, search, and the query budget."""

import json

import pytest

from stories.models import StoryPage
from tests.query_counts import QUERY_BUDGET, warm_query_count

from .conftest import area, consented_quote, unconsented_quote

pytestmark = pytest.mark.django_db


def titles(response):
    return [story.title for story in response.context["stories"]]


def test_a_story_page_shows_consented_quotes_only(client, make_story):
    story = make_story(
        quotes=[consented_quote("We cook together now."), unconsented_quote("Not agreed yet.")]
    )
    response = client.get(story.url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "We cook together now." in page
    assert "Not agreed yet." not in page
    assert "Reducing social isolation" in page
    assert "People met each other every week." in page


def test_the_feed_carries_consented_quotes_only(client, make_story):
    make_story(
        quotes=[consented_quote("We cook together now."), unconsented_quote("Not agreed yet.")]
    )
    response = client.get("/stories/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = response.content.decode()
    assert "A lunch club in Harehills" in feed
    assert "We cook together now." in feed
    assert "Not agreed yet." not in feed


def test_search_never_finds_a_story_by_an_unconsented_quote(client, make_story):
    make_story(
        quotes=[consented_quote("Marmalade on Tuesdays."), unconsented_quote("Zebra crossings.")]
    )
    assert titles(client.get("/stories/", {"q": "marmalade"})) == ["A lunch club in Harehills"]
    assert titles(client.get("/stories/", {"q": "zebra"})) == []
    site_search = client.get("/search/", {"q": "zebra"}).content.decode()
    assert "A lunch club in Harehills" not in site_search
    assert (
        "A lunch club in Harehills" in client.get("/search/", {"q": "marmalade"}).content.decode()
    )


def test_drafts_are_not_listed(client, make_story):
    make_story(title="Published one")
    make_story(title="A draft", live=False)
    assert titles(client.get("/stories/")) == ["Published one"]


def test_filters_combine(client, make_story, bristol):
    make_story(title="Leeds grant homelessness")
    make_story(title="Leeds contract homelessness", approach="contract")
    make_story(title="Leeds grant care", service_area=area("adult-social-care"))
    make_story(title="Bristol grant homelessness", authority=bristol)
    make_story(
        title="Leeds grant homelessness choice",
        outcome_choice="People chose what the club does.",
    )
    both = {"service_area": "homelessness", "approach": "grant"}
    assert sorted(titles(client.get("/stories/", both))) == [
        "Bristol grant homelessness",
        "Leeds grant homelessness",
        "Leeds grant homelessness choice",
    ]
    in_region = {**both, "region": "Yorkshire and The Humber"}
    assert sorted(titles(client.get("/stories/", in_region))) == [
        "Leeds grant homelessness",
        "Leeds grant homelessness choice",
    ]
    assert titles(client.get("/stories/", {**in_region, "outcome": "choice"})) == [
        "Leeds grant homelessness choice"
    ]
    assert titles(client.get("/stories/", {"authority": "bristol"})) == [
        "Bristol grant homelessness"
    ]
    response = client.get("/stories/", {**both, "authority": "bristol"})
    assert titles(response) == ["Bristol grant homelessness"]
    assert "Show every story" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"service_area": "no-such-area"},
        {"approach": "bribery"},
        {"outcome": "\x00"},
        {"region": "Atlantis"},
        {"authority": "nowhere"},
        {"page": "-1"},
        {"q": "x" * 5000},
        {"q": '"unbalanced (quote AND OR'},
    ],
)
def test_bad_filter_values_never_fail(client, make_story, query):
    make_story()
    response = client.get("/stories/", query)
    assert response.status_code == 200
    if set(query) & {"service_area", "approach", "outcome", "region", "authority"}:
        assert "Choose one of the" in response.content.decode()
        assert titles(response) == ["A lunch club in Harehills"]


def test_the_library_paginates(client, make_story):
    for n in range(14):
        make_story(title=f"Story {n:02d}")
    first = client.get("/stories/")
    assert len(first.context["stories"]) == 12
    assert len(client.get("/stories/", {"page": 2}).context["stories"]) == 2


def test_json_ld_is_an_article_about_the_council(client, make_story):
    story = make_story()
    page = client.get(story.url).content.decode()
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["@type"] == "Article"
    assert data["headline"] == "A lunch club in Harehills"
    assert data["contentLocation"]["name"] == "Leeds City Council"
    assert data["about"] == "Homelessness"


def test_stories_are_in_the_sitemap(client, make_story):
    story = make_story()
    assert story.url in client.get("/sitemap.xml").content.decode()


def test_a_story_shows_on_its_councils_page(client, make_story, bristol):
    make_story(title="About Leeds")
    make_story(title="About Bristol", authority=bristol)
    page = client.get("/councils/leeds/").content.decode()
    assert "About Leeds" in page
    assert "About Bristol" not in page


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"service_area": "homelessness", "approach": "grant", "region": "South West"},
        {"q": "club"},
    ],
)
def test_the_library_stays_within_its_query_budget(client, make_story, bristol, query):
    for n in range(10):
        make_story(
            title=f"Lunch club {n}",
            authority=bristol if n % 2 else None,
            quotes=[consented_quote("Good.")],
        )
    few = warm_query_count(client, "/stories/", query)
    for n in range(10, 30):
        make_story(title=f"Lunch club {n}", authority=bristol if n % 2 else None)
    assert warm_query_count(client, "/stories/", query) == few <= QUERY_BUDGET


def test_story_page_and_feed_stay_within_the_query_budget(client, make_story):
    story = make_story(quotes=[consented_quote("One."), consented_quote("Two.")])
    for n in range(5):
        make_story(title=f"Other {n}", quotes=[consented_quote("More.")])
    assert warm_query_count(client, story.url) <= QUERY_BUDGET
    feed = warm_query_count(client, "/stories/feed/")
    make_story(title="One more", quotes=[consented_quote("Again.")])
    assert warm_query_count(client, "/stories/feed/") == feed <= QUERY_BUDGET
    assert StoryPage.objects.live().count() == 7
