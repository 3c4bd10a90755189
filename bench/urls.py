"""The site's URLs plus bare views that measure the framework ceiling, and the
uploaded media (in production the proxy or object storage serves them)."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, re_path
from django.views.decorators.cache import never_cache
from django.views.static import serve

from network_site import urls as site_urls


def ceiling(request):
    """The least a Django view can do: the cost of the server and the middleware alone."""
    return HttpResponse("ok")


@never_cache
def ceiling_uncached(request):
    """The same, but never stored by the page cache: the view runs on every request."""
    return HttpResponse("ok")


# Before the site's patterns, whose last entry is Wagtail's catch-all.
urlpatterns = [
    path("__bench__/ceiling/", ceiling),
    path("__bench__/ceiling-uncached/", ceiling_uncached),
    # Pages show the demo's images; without them a browser (Lighthouse) sees broken images.
    re_path(
        r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    *site_urls.urlpatterns,
]

handler404 = site_urls.handler404
handler500 = site_urls.handler500
