"""The site's URLs plus uploaded media, for the browser tests' live server.

In production a proxy or object storage serves media; the live server runs with
DEBUG off, so without this the browser would show broken images in every card.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from network_site.urls import handler404, handler500
from network_site.urls import urlpatterns as site_urlpatterns


def serve_media(request, path):
    # Read MEDIA_ROOT per request: each test writes its images to its own folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")), serve_media),
    *site_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
