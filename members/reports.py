"""Reports (Wagtail ReportView, in the admin's Reports menu): members by local
authority, exportable as CSV and XLSX like every admin listing."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .models import LocalAuthority, Membership

ACTIVE = Membership.active_q("memberships__")


def with_members():
    """Councils with at least one active member, counted by category, by region and name."""
    counts = {
        category: Count("memberships", filter=ACTIVE & Q(memberships__category=category))
        for category in (Membership.Category.COUNCILLOR, Membership.Category.OFFICER)
    }
    return (
        LocalAuthority.objects.annotate(
            councillors=counts[Membership.Category.COUNCILLOR],
            officers=counts[Membership.Category.OFFICER],
            members=Count("memberships", filter=ACTIVE),
            pending=Count("memberships", filter=Q(memberships__status=Membership.Status.PENDING)),
        )
        .filter(Q(members__gt=0) | Q(pending__gt=0))
        .order_by("region", "name")
    )


class MembersByAuthorityReport(ReportView):
    page_title = "Members by local authority"
    header_icon = "group"
    index_url_name = "members_by_authority"
    index_results_url_name = "members_by_authority_results"
    permission_policy = ModelPermissionPolicy(Membership)
    permission_required = "view"
    columns = [
        TitleColumn(
            "name",
            label="Local authority",
            get_url=lambda authority: (
                reverse("memberships:index") + f"?local_authority={authority.pk}"
            ),
        ),
        Column("region"),
        Column("councillors"),
        Column("officers", label="Officers and commissioners"),
        Column("members", label="Active members"),
        Column("pending", label="Applications waiting"),
    ]
    list_export = ["name", "gss_code", "region", "councillors", "officers", "members", "pending"]
    export_headings = {
        "name": "Local authority",
        "gss_code": "GSS code",
        "region": "Region",
        "councillors": "Councillors",
        "officers": "Officers and commissioners",
        "members": "Active members",
        "pending": "Applications waiting",
    }

    def get_queryset(self):
        return with_members()

    def get_filename(self):
        return f"members-by-local-authority-{datetime.date.today():%Y-%m-%d}"
