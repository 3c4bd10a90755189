"""The stories as a report in the admin (Reports menu): every published story with
its structured fields, exportable as CSV and XLSX for the network's own reports.
Quotes are exported only with their recorded consent, like everywhere else."""

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from network_site.spreadsheets import listing_export
from network_site.staff_dashboard import StaffReport

from .models import OUTCOME_AREAS, StoryPage

# (attribute of the decorated story, heading) of every exported column.
EXPORT_COLUMNS = [
    ("title", "Title"),
    ("address", "Address"),
    ("first_published_on", "First published"),
    ("authority_name", "Council"),
    ("authority_region", "Region"),
    ("organisation_names", "Organisations"),
    ("service_area_name", "Service area"),
    ("approach_name", "Commissioning approach"),
    *((f"outcome_{key}_text", name) for key, (_field, name) in OUTCOME_AREAS.items()),
    ("period_start", "From"),
    ("period_end", "To"),
    ("summary", "Summary"),
    ("quotes_text", "Quotes (with consent)"),
    ("figures_text", "Figures (with sources)"),
]


class StoriesReport(StaffReport):
    page_title = "Stories"
    header_icon = "openquote"
    index_url_name = "stories_report"
    export_filename = "stories"
    model = StoryPage
    permission_required = "export"
    columns = [
        TitleColumn("title", label="Story", get_url=lambda story: story.url),
        Column("authority_name", label="Council"),
        Column("service_area_name", label="Service area"),
        Column("approach_name", label="Approach"),
        DateColumn("first_published_at", label="First published"),
    ]
    list_export, export_headings = listing_export(EXPORT_COLUMNS)

    def get_queryset(self):
        return (
            StoryPage.objects.published()
            .select_related("local_authority", "service_area")
            .prefetch_related("organisations", "quotes", "figures", "withdrawals")
            .order_by("-first_published_at", "-pk")
        )

    def decorate_paginated_queryset(self, object_list):
        for story in object_list:
            decorate(story, self.request)
        return object_list


def decorate(story, request):
    """Set the exported values on the story (quotes: only those with consent)."""
    story.address = story.get_full_url(request)
    story.first_published_on = story.first_published_at.date() if story.first_published_at else None
    story.authority_name = story.local_authority.name
    story.authority_region = story.local_authority.region
    story.organisation_names = "; ".join(o.name for o in story.organisations.all())
    story.service_area_name = story.service_area.name
    story.approach_name = story.get_approach_display()
    for key, (field, _name) in OUTCOME_AREAS.items():
        setattr(story, f"outcome_{key}_text", getattr(story, field))
    story.quotes_text = "\n".join(
        f"{q.text} ({q.attribution})" if q.attribution else q.text for q in story.consented_quotes()
    )
    story.figures_text = "\n".join(
        f"{f.value}: {f.label} (source: {f.source})" for f in story.figures.all()
    )
    return story
