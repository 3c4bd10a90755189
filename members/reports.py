"""A report in the admin's Reports menu (network_site.staff_dashboard.StaffReport):
members by local authority."""

from django.db.models import Count, Q
from django.urls import reverse
from wagtail.admin.ui.tables import Column, TitleColumn

from network_site.spreadsheets import listing_export
from network_site.staff_dashboard import StaffReport

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


class MembersByAuthorityReport(StaffReport):
    page_title = "Members by local authority"
    header_icon = "group"
    index_url_name = "members_by_authority"
    export_filename = "members-by-local-authority"
    model = Membership
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
    # The export has the GSS code beside each authority's name.
    list_export, export_headings = listing_export(
        [columns[0], ("gss_code", "GSS code"), *columns[1:]]
    )

    def get_queryset(self):
        return with_members()
