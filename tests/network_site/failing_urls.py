from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from network_site.urls import handler400, handler403, handler404, handler500  # noqa: F401
from network_site.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("A deliberately bad request")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("bad/", suspicious),
    *site_urlpatterns,
]
