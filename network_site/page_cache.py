"""Whole-response cache for anonymous readers, purged page by page.

Most visitors are anonymous and read the same pages, so each response to an
anonymous GET is kept in the shared cache. It counts only while two version
numbers are what they were when it was stored: the site-wide *generation*, and
the *version of its path* (all query strings of a path share one). A change to
content sets new versions, once its transaction commits, for only the paths of
the pages that show it (network_site.cache_targets): publishing an article
purges the article, its index, the home page and its authors' pages, a
registration purges its event's page and listings, an email purges nothing. A
change that may show anywhere (site settings, a move) bumps the generation and
so empties everything. Every app server sees the new versions on its next
request. Entries also expire after PAGE_CACHE_SECONDS so that time-based content
(upcoming events) moves on by itself.

A hit costs one cache round trip (the entry and both versions in one
``get_many``), and the middleware sits first in the stack, so a hit runs no
other middleware. The stored response already carries every header the stack
added (security headers, the policy).

A response is stored only when it is safe to share: status 200, no cookie set,
not marked private, and the request carried no session cookie. Anything under
the account, member, admin or payment paths is never stored. When frontend caches
are configured (WAGTAILFRONTENDCACHE: nginx, a CDN), the same URLs are purged
there through Wagtail's frontend cache, in the task worker.
"""

import hashlib
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_delete
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django_tasks.signals import task_finished
from modelcluster.fields import ParentalKey
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Site
from wagtail.signals import post_page_move

from network_site.cache import CacheUnavailable

from .cache_targets import (
    EVERY_PAGE,
    SITE_GENERATION_KEY,
    Subtree,
    Target,
    Targets,
    targets_for,
)

GENERATION_KEY = SITE_GENERATION_KEY
PATH_KEY = "page-cache:path:"
TREE_KEY = "page-cache:tree:"
ENTRY_KEY = "page-cache:entry:"
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/members/",
    "/payments/",
    "/events/request/",
    "/healthz",
    "/static/",
    "/media/",
)
# Content apps whose saved or deleted rows can change what a public page shows.
CONTENT_APPS = {
    "network_site",
    "blog",
    "events",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "taggit",
}
# Rows that change on every request or in the background and never alter a page.
IGNORED_MODELS = {
    "network_site.outboundemail",
    "network_site.undeliverableaddress",
    "events.registrationpayment",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.grouppagepermission",
    "wagtailcore.groupcollectionpermission",
    "wagtailimages.rendition",
}


# Saves that touch only these fields change nothing a reader sees: draft and
# lock bookkeeping of a page (every "Save draft"), and an image's file metadata
# filled in on first render.
PRIVATE_FIELDS = frozenset(
    {
        "comments",
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "file_size",
        "file_hash",
    }
)


# A purge that could not reach the cache (Redis down) is made again, as a bump of
# the generation, by this process on its next request or task, so that pages
# cached before the outage are not served after it.
_bump_pending = False


def _new_version() -> int:
    # From the clock: a lost key (eviction, flush) never comes back at a number
    # that old entries may still carry.
    return time.time_ns()


def _bump_generation() -> None:
    global _bump_pending
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, _new_version(), timeout=None)
    except CacheUnavailable:
        _bump_pending = True
    else:
        _bump_pending = False


def flush_pending_bump(**kwargs: Any) -> None:
    if _bump_pending:
        _bump_generation()


def _path_key(path: str) -> str:
    return PATH_KEY + hashlib.sha256(path.encode()).hexdigest()


def _tree_key(path: str) -> str:
    # The whole site's subtree is the generation.
    return GENERATION_KEY if path == "/" else TREE_KEY + hashlib.sha256(path.encode()).hexdigest()


def _version_keys(path: str) -> list[str]:
    """The versions a cached copy of ``path`` depends on: the subtree of each of
    its ancestors and of itself ("/", "/blog/", "/blog/an-article/"), and its own."""
    ancestors = ["/"]
    for segment in path.strip("/").split("/"):
        if segment:
            ancestors.append(f"{ancestors[-1]}{segment}/")
    if not path.endswith("/"):
        ancestors[-1] = path
    return [*map(_tree_key, ancestors), _path_key(path)]


class _Purge:
    """The version keys and frontend-cache URLs a set of targets comes to."""

    def __init__(self, targets: list[Target]) -> None:
        self.keys: set[str] = set()
        self.urls: set[str] = set()
        for target in targets:
            if isinstance(target, Subtree):
                self.keys.add(_tree_key(target.path))
                # Frontend caches purge by URL: the subtree's own pages.
                self._add_path(target.path)
            elif isinstance(target, str):
                self._add_path(target)
            # The purge caches the sites' root paths (a page may hold an old copy).
            elif page_url := target.get_full_url(self):
                page = target.specific_deferred
                for path in page.get_cached_paths():
                    self._add_url(page_url + path.lstrip("/"))

    @cached_property
    def _default_root(self) -> str:
        site = Site.objects.filter(is_default_site=True).first()
        return site.root_url if site else ""

    def _add_path(self, path: str) -> None:
        self._add_url(self._default_root + path)

    def _add_url(self, url: str) -> None:
        self.urls.add(url)
        self.keys.add(_path_key(urlsplit(url).path))


def _purge_now(purge: _Purge | None) -> None:
    global _bump_pending
    if purge is None:
        _bump_generation()
    elif cache.set_many(dict.fromkeys(purge.keys, _new_version()), timeout=None):
        _bump_pending = True  # the keys it could not set
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        urls = purge.urls if purge else {site.root_url + "/" for site in Site.objects.all()}
        purge_urls_from_cache(sorted(urls))


def purge(targets: Targets) -> None:
    """Make the cached copies of these targets stale (EVERY_PAGE: all of them), on
    every app server and in the frontend caches, once the change is committed.
    Purging earlier would let a reader render the old content in the moment
    before the commit and store it under the new version. The URLs are worked
    out now, while a deleted page still has its place in the tree."""
    purge = None if targets is EVERY_PAGE else _Purge(targets)
    if purge is not None and not purge.keys:
        return
    transaction.on_commit(lambda: _purge_now(purge))


def invalidate(**kwargs: Any) -> None:
    """Make every cached page stale (a page moved: its URL and its children's)."""
    purge(EVERY_PAGE)


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    meta = sender._meta
    if meta.app_label not in CONTENT_APPS or meta.label_lower in IGNORED_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and PRIVATE_FIELDS.issuperset(update_fields):
        return
    if kwargs.get("raw"):
        return
    if sender.__module__ == "__fake__":
        # A data migration's historical model: the tables may not match the code
        # yet, so nothing is read; every cached page goes when it commits.
        transaction.on_commit(_bump_generation)
        return
    if any(isinstance(field, ParentalKey) for field in meta.get_fields()):
        return  # part of a page (an author line, a tag): saved with it, purged with it
    purge(targets_for(instance))


def connect_invalidation() -> None:
    post_save.connect(_changed, dispatch_uid="page_cache.saved")
    pre_delete.connect(_changed, dispatch_uid="page_cache.deleted")
    post_page_move.connect(invalidate, dispatch_uid="page_cache.moved")
    # The task worker serves no pages: it retries a pending bump after each task.
    task_finished.connect(flush_pending_bump, dispatch_uid="page_cache.flush_pending")


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
        # SecurityMiddleware, after this one, redirects plain HTTP to HTTPS.
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
    )


def _shareable_response(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not cache_control & {"private", "no-cache", "no-store"}


def _entry_key(request: HttpRequest) -> str:
    location = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return ENTRY_KEY + hashlib.sha256(location.encode()).hexdigest()


class AnonymousPageCacheMiddleware:
    """First in the stack: answers a hit from one cache read, stores a shareable
    anonymous response with the versions it was rendered under."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            return self.get_response(request)
        flush_pending_bump()
        entry_key, version_keys = _entry_key(request), _version_keys(request.path)
        found = cache.get_many([entry_key, *version_keys])
        versions = tuple(found.get(key) for key in version_keys)
        entry = found.get(entry_key)
        if entry is not None and None not in versions and entry[0] == versions:
            return self._hit(entry)
        if None in versions:
            # A lost version (eviction, a flush, the first request) starts anew
            # from the clock; if the cache cannot be reached, nothing is stored.
            for key, version in zip(version_keys, versions, strict=True):
                if version is None:
                    cache.add(key, _new_version(), timeout=None)
            found = cache.get_many(version_keys)
            versions = tuple(found.get(key) for key in version_keys)
        # The versions are read before rendering: a purge during it leaves the
        # stored copy stale at once.
        response = self.get_response(request)
        # A page whose policy names a nonce is for one response only.
        if (
            None not in versions
            and _shareable_response(response)
            and not getattr(request, "_csp_nonce", None)
        ):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            self._share(response)
            cache.set(
                entry_key,
                (versions, response.status_code, list(response.items()), response.content),  # type: ignore[attr-defined]
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _share(response: HttpResponseBase) -> None:
        """The headers a shared copy is served with, to browsers and to any proxy
        or CDN in front: it differs by cookie (a signed-in member sees another
        page), and a CDN may keep it for FRONTEND_CACHE_SECONDS when purges reach
        it (deploy/nginx keeps its own microcache, purged the same way)."""
        patch_vary_headers(response, ["Cookie"])
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.FRONTEND_CACHE_SECONDS
        )

    @staticmethod
    def _hit(entry: tuple[Any, ...]) -> HttpResponse:
        _versions, status, headers, content = entry
        response = HttpResponse(content, status=status, headers=dict(headers))
        response["X-Page-Cache"] = "hit"
        return response
