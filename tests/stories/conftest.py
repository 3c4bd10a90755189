"""Shared fixtures of the stories tests: the library under the home page, the councils
Leeds and Bristol (tests/conftest.py), and a way to publish a story with its quotes."""

import datetime

import pytest

from stories.models import ServiceArea, StoryIndexPage, StoryPage, StoryQuote


@pytest.fixture
def story_index(home_page):
    index = StoryIndexPage(title="Stories", slug="stories", introduction="What changed.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return index


def area(slug):
    return ServiceArea.objects.get(slug=slug)


CONSENTED = datetime.date(2025, 3, 1)


def consented_quote(text, **fields):
    return StoryQuote(text=text, attribution="A volunteer", consent_recorded_on=CONSENTED, **fields)


def unconsented_quote(text):
    return StoryQuote(text=text, attribution="A resident", consent_recorded_on=None)


def publish_story(index, authority, *, title, quotes=(), live=True, **fields):
    values = {
        "summary": f"What changed: {title}.",
        "service_area": area("homelessness"),
        "approach": "grant",
        "outcome_isolation": "People met each other every week.",
        **fields,
    }
    story = StoryPage(title=title, local_authority=authority, live=live, **values)
    story.quotes = list(quotes)
    index.add_child(instance=story)
    revision = story.save_revision()
    if live:
        revision.publish()
    return StoryPage.objects.get(pk=story.pk)


@pytest.fixture
def make_story(story_index, leeds):
    def make(title="A lunch club in Harehills", authority=None, **fields):
        return publish_story(story_index, authority or leeds, title=title, **fields)

    return make
