from django.urls import path

from network_site.urls import handler404, handler500  # noqa: F401


def boom(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


urlpatterns = [path("boom/", boom)]
