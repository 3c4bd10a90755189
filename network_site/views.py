import logging
import re

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site

from .health import check
from .pagination import paginate
from .search import typed_search

logger = logging.getLogger(__name__)

SEARCH_QUERY_MAX_LENGTH = 200


@require_GET
def search(request):
    query = typed_search(request.GET.get("q", ""), SEARCH_QUERY_MAX_LENGTH)
    # Search on words only: quotes, brackets and operators would reach the search
    # backend's own query syntax and fail there.
    terms = " ".join(re.findall(r"\w+", query))
    results = None
    if query:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public().specific().defer_streamfields()
        if site is not None:
            pages = pages.descendant_of(site.root_page, inclusive=True)
        results = paginate(request, pages.search(terms) if terms else pages.none(), per_page=10)
    return TemplateResponse(request, "search/search.html", {"query": query, "results": results})


@never_cache
@require_GET
def healthz(request):
    """The site's health for load balancers and monitors (network_site/health.py):
    200 while the database answers, with what is degraded; 503 when it does not."""
    health = check()
    return JsonResponse(health.as_dict(), status=503 if health.status == "unavailable" else 200)


# ``fn() -> {name: django.contrib.sitemaps.Sitemap}``: what an app adds to
# /sitemap.xml beside the pages (the council pages).
SITEMAPS_HOOK = "register_sitemaps"


@require_GET
def sitemap(request):
    """Every live public page, and what the apps add."""
    sitemaps = {"pages": PageSitemap}
    for more in hooks.get_hooks(SITEMAPS_HOOK):
        sitemaps.update(more())
    return wagtail_sitemap(request, sitemaps=sitemaps)


@require_GET
@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request):
    """Browsers ask for /favicon.ico where a document names no icon (a feed, a JSON
    file): they are sent to the site's icon instead of a 404 logged each time. Not a
    permanent redirect: the icon's static name changes with its content."""
    return HttpResponseRedirect(static("images/favicon.svg"))


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /members/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
