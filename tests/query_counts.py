"""How many database queries a page costs, for the query-budget tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def warm_query_count(client, url, data=None):
    """Queries of one GET of ``url`` (which must answer 200), after a first GET has
    filled the per-process caches (content types, site root paths, settings)."""
    client.get(url, data)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)
