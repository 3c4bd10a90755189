"""How many database queries a page costs, for the query-budget tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

# Issue 13: every public page, signed in or not, and every member page runs at most
# this many queries, whatever the size of the network.
QUERY_BUDGET = 10


def warm_query_count(client, url, data=None):
    """Queries of one GET of ``url`` (which must answer 200), after a first GET has
    filled the per-process caches (content types, site root paths, settings)."""
    client.get(url, data)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_listing_queries_flat(client, url, add, *, few, more):
    """Add ``few`` rows (``add(n)`` for n in range(few)) and count a warm GET of ``url``;
    add ``more``: the listing shows all of them for the same number of queries."""
    for n in range(few):
        add(n)
    queries = warm_query_count(client, url)
    for n in range(more):
        add(n)
    assert len(client.get(url).context["object_list"]) == few + more
    assert warm_query_count(client, url) == queries
