"""Reports (Wagtail ReportView, in the admin's Reports menu): event attendance over
time, exportable as CSV and XLSX like every admin listing."""

import datetime

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import EventPage, Registration


class AttendanceReport(ReportView):
    page_title = "Event attendance"
    header_icon = "date"
    index_url_name = "event_attendance"
    index_results_url_name = "event_attendance_results"
    permission_policy = ModelPermissionPolicy(Registration)
    permission_required = "view"
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
    list_export = ["title", "start", "capacity", "taken", "attended", "attendance_rate"]
    export_headings = {
        "title": "Event",
        "start": "Held on",
        "capacity": "Places",
        "taken": "Places taken",
        "attended": "Attended (checked in)",
        "attendance_rate": "Attended, of places taken (%)",
    }

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

    def get_filename(self):
        return f"event-attendance-{datetime.date.today():%Y-%m-%d}"
