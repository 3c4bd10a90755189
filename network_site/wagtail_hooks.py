from wagtail import hooks

from . import staff_dashboard
from .models import OutboundEmail
from .viewsets import email_viewset_group


@hooks.register("register_admin_viewset")
def register_email_viewsets():
    return email_viewset_group


hooks.register("construct_homepage_panels", staff_dashboard.construct_homepage_panels)
# After Wagtail's own apps have added their summary items (pages, images, documents).
hooks.register(
    "construct_homepage_summary_items",
    staff_dashboard.construct_homepage_summary_items,
    order=1000,
)


@hooks.register(staff_dashboard.STAFF_DASHBOARD_COUNTS)
def emails_waiting(user):
    """Emails that failed for good: the provider refused them or kept failing."""
    if user.has_perm("network_site.view_outboundemail"):
        yield staff_dashboard.ListingCount(
            "Emails that failed",
            OutboundEmail.objects.all(),
            "outbound_emails:index",
            {"status": OutboundEmail.Status.FAILED},
            order=80,
        )
