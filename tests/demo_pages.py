"""The public pages of the demo site (`manage.py load_demo_content`): what the
browser walk (tests/e2e/test_every_page.py) and the SEO checks visit."""

import io
from urllib.parse import urlsplit

from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from events.models import EventIndexPage, EventPage
from members.models import LocalAuthority

# Public views outside the page tree with content of their own, for anyone to read.
CONTENT_VIEWS = ["search", "members:directory", "events:request", "councils:index"]
# Councils with members, organisations or events in the demo: Leeds, Bristol, Manchester.
DEMO_COUNCILS = ["E08000035", "E06000023", "E08000003"]
# allauth's forms: public, but robots.txt keeps crawlers out of /accounts/ and
# there is nothing on them to describe to a search engine.
ACCOUNT_VIEWS = ["account_login", "account_signup", "account_reset_password"]


def load_demo_content():
    call_command("load_demo_content", force=True, stdout=io.StringIO())


def page_tree_paths():
    """The path of every live page that has one (the tree's root has none)."""
    urls = (page.url for page in Page.objects.live().specific())
    return sorted(urlsplit(url).path for url in urls if url)


def content_view_paths():
    paths = [reverse(name) for name in CONTENT_VIEWS]
    paths.append(reverse("search") + "?q=council")
    # The council pages where the demo has members or events.
    councils = LocalAuthority.objects.filter(gss_code__in=DEMO_COUNCILS).order_by("name")
    paths += [council.get_absolute_url() for council in councils]
    # The event listing's own views (routes of the index page, not pages of their own).
    for index in EventIndexPage.objects.live():
        paths += [index.url + index.reverse_subpage(route) for route in ("past", "calendar")]
    # A guest's registration form, where the event takes guests (else a redirect to the event).
    paths += [event.url + event.reverse_subpage("register") for event in EventPage.objects.live()]
    return paths


def account_view_paths():
    return [reverse(name) for name in ACCOUNT_VIEWS]
