"""A report in the admin's Reports menu (network_site.staff_dashboard.StaffReport):
event attendance over time."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from network_site.spreadsheets import listing_export
from network_site.staff_dashboard import StaffReport

from .models import EventPage, Registration


class AttendanceReport(StaffReport):
    page_title = "Event attendance"
    header_icon = "date"
    index_url_name = "event_attendance"
    export_filename = "event-attendance"
    model = Registration
    columns = [
        TitleColumn(
            "title",
            label="Event",
            get_url=lambda event: reverse("registrations:index") + f"?event={event.pk}",
        ),
        DateColumn("start", label="Held on"),
        Column("capacity", label="Places"),
        Column("taken", label="Places taken"),
        Column("attended", label="Attended (checked in)"),
        Column("attendance_rate", label="Attended, of places taken (%)"),
    ]
    list_export, export_headings = listing_export(columns)

    def get_queryset(self):
        """Events held, newest first."""
        return (
            EventPage.objects.live()
            .filter(cancelled_at__isnull=True, end__lt=timezone.now())
            .with_places()
            .order_by("-start", "-pk")
        )

    def decorate_paginated_queryset(self, object_list):
        for event in object_list:
            event.attendance_rate = round(100 * event.attended / event.taken) if event.taken else ""
        return object_list
