"""What bulletins hold about a member: their deliveries (which bulletins they were
sent, and when they unsubscribed), in their export and on their dashboard.

Erasure needs nothing of its own here: a delivery says only which bulletin went
to which account, and points at the anonymised account afterwards; its email is
scrubbed with every other email to the member (members.personal_data)."""

from network_site.member_data import Exported, NotExported

from .models import BulletinDelivery

REGISTRY = {
    "bulletins.BulletinDelivery": Exported(
        rows=lambda user: BulletinDelivery.objects.filter(user=user),
        fields=(
            "id",
            "bulletin",
            "user",
            "status",
            "created_at",
            "processed_at",
            "unsubscribed_at",
        ),
        withheld={"email": "The copy of the email, exported with the emails sent to the member."},
    ),
    "bulletins.Bulletin": NotExported("What staff wrote to the members; no member's data."),
}


def dashboard_context(user):
    """When the member last unsubscribed with a bulletin's link, if they did."""
    return {
        "bulletin_unsubscribe": BulletinDelivery.objects.filter(
            user=user, unsubscribed_at__isnull=False
        )
        .select_related("bulletin")
        .order_by("-unsubscribed_at")
        .first()
    }
