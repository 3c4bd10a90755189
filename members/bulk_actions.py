"""Approve many membership applications at once from the admin listing."""

from django.core.exceptions import PermissionDenied
from django.utils.functional import classproperty
from wagtail.admin.views.bulk_action import BulkAction

from . import services
from .models import Membership


class ApproveMembershipsBulkAction(BulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected applications"
    template_name = "members/admin/confirm_bulk_approve.html"
    action_priority = 10

    @classproperty
    def models(cls):
        return [Membership]

    def dispatch(self, request, *args, **kwargs):
        if not services.may_decide(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [pk for pk in object_ids if str(pk).isdigit()]
        return list(model.objects.select_related("user").filter(pk__in=ids))

    def check_perm(self, obj):
        # Only pending applications can be approved; the others are listed as not actionable.
        return obj.status == Membership.Status.PENDING

    def get_execution_context(self):
        return {"officer": self.request.user}

    @classmethod
    def execute_action(cls, objects, officer=None, **kwargs):
        result = services.approve_many(objects, officer)
        return len(result.approved), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        if num_parent_objects == 1:
            return "1 application was approved."
        return f"{num_parent_objects} applications were approved."
