"""The iCalendar address of every event page, mounted at the site's root (before
Wagtail's own pattern, which refuses paths ending in ".ics")."""

from django.urls import re_path

from .page_views import serve_ics

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)*)(?P<filename>[\w\-]+\.ics)$", serve_ics, name="page_ics"
    ),
]
