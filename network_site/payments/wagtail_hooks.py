from wagtail import hooks
from wagtail.permissions import register_permission_policy

from network_site.staff_dashboard import STAFF_DASHBOARD_COUNTS, ListingCount
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


@hooks.register(STAFF_DASHBOARD_COUNTS)
def payments_waiting(user):
    """Stripe events that did not match what we sold: nothing was changed, and
    someone has to look."""
    if user.has_perm("payments.view_stripeevent"):
        yield ListingCount(
            "Stripe events that did not match",
            StripeEvent.objects.all(),
            "stripe_events:index",
            {"outcome": StripeEvent.Outcome.MISMATCH},
            order=90,
        )
