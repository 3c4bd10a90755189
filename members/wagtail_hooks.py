from wagtail import hooks
from wagtail.permissions import register_permission_policy

from network_site.staff_dashboard import (
    STAFF_DASHBOARD_COUNTS,
    STAFF_DASHBOARD_FIGURES,
    register_report,
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


register_report(reports.MembersByAuthorityReport, "members-by-authority", order=800)
