"""What shows an object: the pages whose cached copies a change to it makes stale.

A change is purged from the page cache (network_site.page_cache) and from any
frontend cache page by page, not all at once. What a change reaches is answered
here, by these rules in this order:

- A model that knows says so itself: ``obj.page_cache_targets()`` returns the
  pages (each with the paths of its ``get_cached_paths()``) and the URL paths
  that show it, or ``EVERY_PAGE``. Every site page has it (network_site.models
  BasePage: itself, its parent's listing, the pages that link to it); the apps
  extend it (an article is also on the home page and its authors' pages, a
  registration changes its event's availability).
- Site settings (the footer, the menu, the organisation) are on every page.
- Images, documents and snippets are shown by the pages that refer to them, which
  Wagtail's reference index records (a hero image, a chosen venue, an image in a
  body, a page link in the menu).
- Anything else a content app saves may be on any page: ``EVERY_PAGE``.

Apps add the pages that show an object through relations the reference index
does not follow (a many-to-many such as an event's related articles) with a
``page_cache_shown_on`` hook: ``fn(obj) -> iterable of targets``.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final, TypeAlias, TypeVar

from django.core.cache import cache
from django.db.models import Model
from wagtail import hooks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.snippets.models import get_snippet_models

T = TypeVar("T")
SHOWN_ON_HOOK = "page_cache_shown_on"
# The site-wide version: bumped by every change that reaches EVERY_PAGE
# (network_site.page_cache); what every page shows (site settings) is cached under it.
SITE_GENERATION_KEY = "page-cache:generation"


def cached_for_generation(key: str, compute: Callable[[], T]) -> T:
    """What ``compute`` returns, from the shared cache while the site-wide generation
    is the one it was stored under (so a change that reaches every page, such as
    saving a site setting, recomputes it). Readers that change the data within a
    transaction drop the key themselves."""
    found = cache.get_many([SITE_GENERATION_KEY, key])
    generation, entry = found.get(SITE_GENERATION_KEY), found.get(key)
    if generation is not None and entry is not None and entry[0] == generation:
        return entry[1]
    if generation is None:
        generation = start_site_generation()
    value = compute()
    if generation is not None:  # else the cache cannot be reached
        cache.set(key, (generation, value), timeout=None)
    return value


def start_site_generation() -> int | None:
    """The site-wide generation after starting it, if it was lost or never set,
    from the clock (never at a number old entries may carry); None when the cache
    cannot be reached."""
    cache.add(SITE_GENERATION_KEY, time.time_ns(), timeout=None)
    return cache.get(SITE_GENERATION_KEY)


@dataclass(frozen=True)
class Subtree:
    """Every path at or under ``path`` ("/blog/": the index, its articles, their
    feeds): for a change that too many pages of one section show to name each."""

    path: str


# A page, purged at each of its cached paths; a URL path ("/events/feed.ics"),
# with all its query strings; or a subtree.
Target: TypeAlias = Page | str | Subtree
# None: the change may show anywhere, so every cached page goes.
Targets: TypeAlias = list[Target] | None
EVERY_PAGE: Final = None
# Beyond this many pages, emptying everything is cheaper than naming each.
MOST_PAGES = 500


def targets_for(obj: Model) -> Targets:
    """The pages and paths that show ``obj``, or EVERY_PAGE."""
    if hasattr(obj, "page_cache_targets"):
        return obj.page_cache_targets()
    if isinstance(obj, BaseSiteSetting | BaseGenericSetting):
        return EVERY_PAGE
    if isinstance(obj, Page):
        return [obj, *_parent(obj)] if not obj.numchild else [subtree_of(obj)]
    if _shown_by_reference(type(obj)):
        return referring_targets(obj)
    return EVERY_PAGE


def referring_targets(obj: Model, *, follow_pages: bool = True) -> Targets:
    """The pages that refer to ``obj`` (by the reference index) with what shows
    them in turn (their listings), and what the apps' hooks add."""
    targets: list[Target] = []
    for source, _references in ReferenceIndex.get_grouped_references_to(obj):
        if isinstance(source, BaseSiteSetting | BaseGenericSetting):
            return EVERY_PAGE
        if isinstance(source, Page):
            found = (
                source.specific.page_cache_targets(follow_references=False)
                if follow_pages and hasattr(source.specific, "page_cache_targets")
                else [source]
            )
        elif hasattr(source, "page_cache_targets"):
            found = source.page_cache_targets()
        else:
            found = EVERY_PAGE
        if found is EVERY_PAGE:
            return EVERY_PAGE
        targets.extend(found)
    for shown_on in hooks.get_hooks(SHOWN_ON_HOOK):
        targets.extend(shown_on(obj))
    return targets if len(targets) <= MOST_PAGES else EVERY_PAGE


def combine(*groups: Targets | Iterable[Target]) -> Targets:
    """One list of the groups' targets, or EVERY_PAGE if any group is."""
    targets: list[Target] = []
    for group in groups:
        if group is EVERY_PAGE:
            return EVERY_PAGE
        targets.extend(group)
    return targets


def subtree_of(page: Page) -> Subtree:
    """The page and everything under it (a page with children: its title is in
    their links and breadcrumbs)."""
    parts = page.get_url_parts()
    return Subtree(parts[2] if parts else "/")


def _parent(page: Page) -> list[Page]:
    parent = page.get_parent()
    return [parent.specific] if parent is not None and not parent.is_root() else []


def _shown_by_reference(model: type[Model]) -> bool:
    return model in {get_image_model(), get_document_model(), *get_snippet_models()}
