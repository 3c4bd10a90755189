"""Every page the demo content makes, in a real browser: each live page of the page
tree and each public page outside it, checked as the journeys check theirs (no
failed load, console error or policy violation, one h1, no axe-core violation).

The journeys build small sites of their own and visit what a reader would click
through; this walk catches the pages and blocks that only the demo content uses."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage
from events.models import EventIndexPage, EventPage
from network_site.models import HomePage, StandardPage

pytestmark = pytest.mark.browser

# Public views outside the page tree, anonymous reader's view of each.
PUBLIC_VIEWS = [
    "search",
    "members:directory",
    "members:join",
    "events:request",
    "account_login",
    "account_signup",
    "account_reset_password",
]


@pytest.fixture
def demo_site(transactional_db, django_db_serialized_rollback, live_server, settings):
    """The demo content, served by the live server (see site_content for why the
    database is transactional with a serialized rollback)."""
    settings.ROOT_URLCONF = "tests.e2e.urls"
    call_command("load_demo_content", force=True, stdout=io.StringIO())
    return live_server.url


def page_tree_paths():
    """The path of every live page that has one (the tree's root has none)."""
    urls = (page.url for page in Page.objects.live().specific())
    return sorted(urlsplit(url).path for url in urls if url)


def other_public_paths():
    paths = [reverse(name) for name in PUBLIC_VIEWS]
    # The event listing's own views (routes of the index page, not pages of their own).
    for index in EventIndexPage.objects.live():
        paths += [index.url + index.reverse_subpage(route) for route in ("past", "calendar")]
    # A guest's registration form, where the event takes guests (else a redirect to the event).
    paths += [event.url + event.reverse_subpage("register") for event in EventPage.objects.live()]
    paths.append(reverse("search") + "?q=council")
    return paths


def test_every_page_of_the_demo_passes_the_browser_checks(page, demo_site, check_page):
    # Every type of page the demo makes is in the walk.
    for model in (HomePage, BlogIndexPage, BlogPage, StandardPage, EventIndexPage, EventPage):
        assert model.objects.live().exists(), f"the demo content has no live {model.__name__}"
    tree = page_tree_paths()
    others = other_public_paths()
    problems = []
    for path in tree + others:
        response = page.goto(demo_site + path)
        try:
            assert response.status == 200, f"{path} answered {response.status}"
            check_page(page, re.sub(r"\W+", "-", path).strip("-") or "home")
        except (AssertionError, pytest.fail.Exception) as problem:
            # Walk on, so that one run names every page at fault.
            problems.append(str(problem))
            page.failed_loads.clear()
    assert not problems, "\n\n".join(problems)
