"""The site's routes, walked from the root URLconf: the tests that check every
route at once (the permission matrix, huge ids, exports, listing parameters)
find them here, so a route added later is checked without being listed."""

from django.urls import URLPattern, URLResolver, get_resolver
from django_filters.widgets import SuffixedMultiWidget


def url_patterns(patterns=None, prefix=""):
    """(route text, pattern) of every URL pattern the site serves, in order; the
    route text has no leading slash (``admin/memberships/``)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def admin_listing_urls():
    """The admin's listings (``/admin/memberships/``): the first two parts of every
    admin route that has an id in it."""
    return sorted(
        {
            "/" + "/".join(route.split("/")[:2]) + "/"
            for route, _ in url_patterns()
            if route.startswith("admin/") and "<int:" in route and route.count("/") >= 2
        }
    )


def filter_parameters(form):
    """The query-string names a listing's filter form reads: a date or number
    range reads two (``created_at_from``, ``created_at_to``)."""
    for name, field in form.fields.items():
        if isinstance(field.widget, SuffixedMultiWidget):
            yield from (field.widget.suffixed(name, suffix) for suffix in field.widget.suffixes)
        else:
            yield name


def admin_listing_filters(client):
    """(listing URL, its filter parameters) of every admin listing that has filters,
    as ``client`` (a superuser) sees it."""
    for listing in admin_listing_urls():
        page = client.get(listing)
        filters = page.context.get("filters") if page.status_code == 200 and page.context else None
        if hasattr(filters, "form"):
            yield listing, list(filter_parameters(filters.form))
