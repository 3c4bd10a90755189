import os

import pytest
from django.core.cache import cache
from django.db import connection
from wagtail.models import Page, Site

from network_site.payments import stripe_api
from tests.factories import (
    BlogIndexPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    HomePageFactory,
    demo_council,
)
from tests.members.membership_roles import verified_user
from tests.payments.fake_stripe import FakeStripe


def pytest_runtest_setup(item):
    """A test marked ``postgres`` needs PostgreSQL's row locks: on another database it
    is skipped, or fails where KILN_REQUIRE_POSTGRES=1 (CI) says PostgreSQL is there."""
    if item.get_closest_marker("postgres") is None or connection.vendor == "postgresql":
        return
    reason = "needs PostgreSQL row locks: set DATABASE_URL"
    if os.environ.get("KILN_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and cached pages
    from one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Images and documents written by a test stay in that test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def stripe_fake():
    """Stripe, faked at its HTTP boundary under the real SDK (tests/payments/fake_stripe.py)."""
    fake = FakeStripe()
    stripe_api.set_http_client(fake)
    yield fake
    stripe_api.set_http_client(None)


@pytest.fixture
def home_page(db):
    # Replace Wagtail's placeholder welcome page (and the site pointing at it).
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test"
    )
    return home


@pytest.fixture
def blog_index(home_page):
    return BlogIndexPageFactory(parent=home_page)


@pytest.fixture
def events_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def make_event(events_index):
    """make_event(**fields): an event page under the events index."""

    def make(**fields):
        return EventPageFactory(parent=events_index, **fields)

    return make


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block as a transaction that commits (the test itself runs in one that doesn't)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def superuser_client(client):
    client.force_login(verified_user(is_staff=True, is_superuser=True))
    return client


# Two real councils in different regions, as the demo has them, for every test that
# needs a real place (Leeds is the demo councillor's, E08000035).
@pytest.fixture
def leeds(db):
    return demo_council("E08000035")


@pytest.fixture
def bristol(db):
    return demo_council("E06000023", slug="bristol")
