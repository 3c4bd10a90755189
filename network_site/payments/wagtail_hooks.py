from wagtail import hooks
from wagtail.permissions import register_permission_policy

from network_site.viewsets import SystemRecordPermissionPolicy

from .models import Payment, StripeEvent
from .viewsets import PaymentsViewSetGroup

# Records of what Stripe did: seen in the admin, never added, edited or deleted
# there. Registered before the viewsets are, so Wagtail makes no default policy.
register_permission_policy(Payment, SystemRecordPermissionPolicy(Payment, {"view"}))
register_permission_policy(StripeEvent, SystemRecordPermissionPolicy(StripeEvent, {"view"}))


@hooks.register("register_admin_viewset")
def register_payments_viewsets():
    return PaymentsViewSetGroup()
