"""Which site a request is for, from the shared cache rather than a query on every
request (Wagtail's Site.find_for_request reads ``request._wagtail_site`` first).

The sites by host and port are kept under the site-wide generation with their
root pages: a change to a site, or a publish of a site's root page, reaches every
page (network_site.cache_targets) and so moves the generation on; the entry is
also dropped at once, for readers in the same transaction.
"""

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.http.response import HttpResponseBase
from wagtail.models import Page, Site

from .cache_targets import SITE_GENERATION_KEY, start_site_generation

SITES_KEY = "sites-by-host"


def _find(request: HttpRequest) -> Site | None:
    raw_host = request._get_raw_host()  # type: ignore[attr-defined]  # as Wagtail reads it
    host = (split_domain_port(raw_host)[0], request.get_port())
    found = cache.get_many([SITE_GENERATION_KEY, SITES_KEY])
    generation, entry = found.get(SITE_GENERATION_KEY), found.get(SITES_KEY)
    if generation is None:
        generation = start_site_generation()
    if generation is not None and entry is not None and entry[0] == generation:
        sites = entry[1]
        if host in sites:
            return sites[host]
    else:
        sites = {}
    site = Site._find_for_request(request)
    if site is not None:
        # Its root page as served (Wagtail routes from root_page.specific).
        site.root_page = site.root_page.specific
    if generation is not None:
        cache.set(SITES_KEY, (generation, {**sites, host: site}), timeout=None)
    return site


class SiteMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # With the database down, a view that needs the site says so (/healthz too).
        with suppress(DatabaseError):
            request._wagtail_site = _find(request)  # type: ignore[attr-defined]
        return self.get_response(request)


def _forget(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Site) or (
        isinstance(instance, Page) and Site.objects.filter(root_page_id=instance.pk).exists()
    ):
        cache.delete(SITES_KEY)


def connect() -> None:
    post_save.connect(_forget, dispatch_uid="sites.saved")
    post_delete.connect(_forget, dispatch_uid="sites.deleted")
