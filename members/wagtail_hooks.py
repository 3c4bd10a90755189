from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .bulk_actions import ApproveMembershipsBulkAction
from .models import Membership
from .viewsets import MembershipPermissionPolicy, MembersViewSetGroup

register_permission_policy(Membership, MembershipPermissionPolicy(Membership))


@hooks.register("register_admin_viewset")
def register_members_viewsets():
    return MembersViewSetGroup()


hooks.register("register_bulk_action", ApproveMembershipsBulkAction)
