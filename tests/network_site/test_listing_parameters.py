"""Whatever is in the query string, an admin listing answers with its page (200),
never a 500: a filter given a value it does not offer, a date range given no
date, an ordering by a column it does not have, a long search, a page past the
end (or a 404 for that page). Every listing is found by walking the routes
(tests/routes.py), so one added later is checked too, over the demo's content so
that filters meet rows. Numbers too big for the database are
tests/network_site/test_out_of_range.py's."""

import pytest

from tests.demo_pages import load_demo_content
from tests.routes import admin_listing_filters, admin_listing_urls

pytestmark = pytest.mark.django_db

# Each sent to one filter parameter at a time, so that the others cannot make the
# form invalid and skip the filtering.
BAD_VALUES = ["nonsense", "<script>", "999999", "-1", "not a date", "2026-13-45", "x" * 300]
BAD_QUERIES = [
    {"ordering": "nonsense"},
    {"ordering": "password"},
    {"ordering": "-"},
    {"q": "x" * 500},
    {"p": "999"},
    {"p": "-1"},
    {"p": "last"},
]


@pytest.fixture
def demo(db):
    load_demo_content()


def test_every_admin_listing_answers_any_filter_value_with_its_page(superuser_client, demo):
    failures = []
    listings = list(admin_listing_filters(superuser_client))
    for listing, parameters in listings:
        for name in parameters:
            for value in BAD_VALUES:
                status = superuser_client.get(listing, {name: value}).status_code
                if status != 200:
                    failures.append(f"{listing}?{name}={value[:20]}: {status}")
    names = {listing for listing, _ in listings}
    # The walk found the site's own listings and their range filters.
    assert {"/admin/memberships/", "/admin/payments/", "/admin/event_requests/"} <= names
    assert "created_at_from" in dict(listings)["/admin/payments/"]
    assert failures == []


def test_every_admin_listing_answers_a_bad_ordering_search_or_page_with_its_page(
    superuser_client, demo
):
    failures = []
    checked = 0
    for listing in admin_listing_urls():
        if superuser_client.get(listing).status_code != 200:
            continue  # a route that is not a listing of its own (/admin/pages/<id>/…)
        checked += 1
        for query in BAD_QUERIES:
            status = superuser_client.get(listing, query).status_code
            # A page past the end may be "not found" (Wagtail's page chooser says so).
            if status not in ((200, 404) if "p" in query else (200,)):
                failures.append(f"{listing}?{query}: {status}")
    assert checked >= 15
    assert failures == []
