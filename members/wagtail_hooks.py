from django.urls import path, reverse
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from network_site.staff_dashboard import (
    STAFF_DASHBOARD_COUNTS,
    STAFF_DASHBOARD_FIGURES,
    PermissionMenuItem,
)

from . import reports, staff_dashboard
from .bulk_actions import ApproveMembershipsBulkAction
from .models import Membership
from .viewsets import MembersViewSetGroup, membership_permission_policy

register_permission_policy(Membership, membership_permission_policy())


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    return MembersViewSetGroup()


hooks.register("register_bulk_action", ApproveMembershipsBulkAction)
hooks.register(STAFF_DASHBOARD_COUNTS, staff_dashboard.waiting)
hooks.register(STAFF_DASHBOARD_FIGURES, staff_dashboard.figures)


@hooks.register("register_admin_urls")
def register_report_urls():
    view = reports.MembersByAuthorityReport
    return [
        path("reports/members-by-authority/", view.as_view(), name=view.index_url_name),
        path(
            "reports/members-by-authority/results/",
            view.as_view(results_only=True),
            name=view.index_results_url_name,
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return PermissionMenuItem(
        "Members by local authority",
        reverse(reports.MembersByAuthorityReport.index_url_name),
        "members.view_membership",
        icon_name="group",
        order=800,
    )
