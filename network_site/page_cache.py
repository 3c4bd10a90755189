"""Whole-response cache for anonymous readers, emptied by every publish.

Most visitors are anonymous and read the same pages, so each response to an
anonymous GET is kept in the shared cache under a key that includes a site-wide
*generation* number. Publishing, unpublishing, moving or deleting a page, or
saving any content model, bumps the generation: every app server sees the new
number on its next request, so nobody is served a page older than the last
publish. Entries also expire after PAGE_CACHE_SECONDS so that time-based content
(upcoming events) moves on by itself.

A response is stored only when it is safe to share: status 200, no cookie set,
not marked private, and the request carried no session cookie. Anything under
the account, member, admin or payment paths is never stored.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import cc_delim_re
from django_tasks.signals import task_finished
from wagtail.signals import page_published, page_unpublished, post_page_move

from network_site.cache import CacheUnavailable

GENERATION_KEY = "page-cache:generation"
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
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
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


# A bump that could not reach the cache (Redis down) is made again by this
# process on its next request or task, so that pages cached before the outage
# are not served after it.
_bump_pending = False


def current_generation() -> int | None:
    """The generation to key pages by, or None when the cache cannot be reached
    (then nothing is read or stored)."""
    flush_pending_bump()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A lost key (eviction, flush) restarts from the clock, never from a
        # number that old entries may still carry.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _bump_generation() -> None:
    global _bump_pending
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    except CacheUnavailable:
        _bump_pending = True
    else:
        _bump_pending = False


def flush_pending_bump(**kwargs: Any) -> None:
    if _bump_pending:
        _bump_generation()


def invalidate(**kwargs: Any) -> None:
    """Make every cached page stale, on every app server, once the change is
    committed. Bumping earlier would let a reader render the old content in the
    moment before the commit and store it under the new generation."""
    transaction.on_commit(_bump_generation)


def _content_changed(
    sender: type[Model], update_fields: Iterable[str] | None = None, **kwargs: Any
) -> None:
    if getattr(sender._meta, "label_lower", "") in IGNORED_MODELS:
        return
    if update_fields and PRIVATE_FIELDS.issuperset(update_fields):
        return
    if sender._meta.app_label in CONTENT_APPS:
        invalidate()


def connect_invalidation() -> None:
    page_published.connect(invalidate, dispatch_uid="page_cache.published")
    page_unpublished.connect(invalidate, dispatch_uid="page_cache.unpublished")
    post_page_move.connect(invalidate, dispatch_uid="page_cache.moved")
    post_save.connect(_content_changed, dispatch_uid="page_cache.saved")
    post_delete.connect(_content_changed, dispatch_uid="page_cache.deleted")
    # The task worker serves no pages: it retries a pending bump after each task.
    task_finished.connect(flush_pending_bump, dispatch_uid="page_cache.flush_pending")


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
    )


def _shareable_response(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not cache_control & {"private", "no-cache", "no-store"}


def _key(request: HttpRequest, generation: int) -> str:
    location = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(location.encode()).hexdigest()
    return f"page-cache:{generation}:{digest}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _cacheable_request(request):
            return self.get_response(request)
        generation = current_generation()
        if generation is None:
            return self.get_response(request)
        key = _key(request, generation)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        # A page whose policy names a nonce is for one response only.
        if _shareable_response(response) and not getattr(request, "_csp_nonce", None):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
