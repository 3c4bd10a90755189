"""Every page the demo content makes, in a real browser: each live page of the page
tree and each public page outside it, checked as the journeys check theirs (no
failed load, console error or policy violation, one h1, no axe-core violation).

The journeys build small sites of their own and visit what a reader would click
through; this walk catches the pages and blocks that only the demo content uses."""

import re

import pytest

from blog.models import BlogIndexPage, BlogPage
from events.models import EventIndexPage, EventPage
from network_site.models import HomePage, StandardPage
from tests.demo_pages import (
    account_view_paths,
    content_view_paths,
    load_demo_content,
    page_tree_paths,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(transactional_db, django_db_serialized_rollback, live_server, settings):
    """The demo content, served by the live server (see site_content for why the
    database is transactional with a serialized rollback)."""
    settings.ROOT_URLCONF = "tests.e2e.urls"
    load_demo_content()
    return live_server.url


def test_every_page_of_the_demo_passes_the_browser_checks(page, demo_site, check_page):
    # Every type of page the demo makes is in the walk.
    for model in (HomePage, BlogIndexPage, BlogPage, StandardPage, EventIndexPage, EventPage):
        assert model.objects.live().exists(), f"the demo content has no live {model.__name__}"
    problems = []
    for path in page_tree_paths() + content_view_paths() + account_view_paths():
        response = page.goto(demo_site + path)
        try:
            assert response.status == 200, f"{path} answered {response.status}"
            check_page(page, re.sub(r"\W+", "-", path).strip("-") or "home")
        except (AssertionError, pytest.fail.Exception) as problem:
            # Walk on, so that one run names every page at fault.
            problems.append(str(problem))
            page.failed_loads.clear()
    assert not problems, "\n\n".join(problems)
