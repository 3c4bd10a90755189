"""What bulletins hold about a member: their deliveries (which bulletins they were
sent, and when they unsubscribed), in their export and on their dashboard.

Erasure needs nothing of its own here: a delivery says only which bulletin went
to which account, and points at the anonymised account afterwards; its email is
scrubbed with every other email to the member (members.personal_data)."""

import functools

from network_site.member_data import Exported, NotExported

from .models import BulletinDelivery

REGISTRY = {
    "bulletins.BulletinDelivery": Exported.owned_by(
        BulletinDelivery,
        "user",
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


def dashboard_context(user, membership):
    """When the member last unsubscribed with a bulletin's link, if they did.

    Looked up only when the dashboard asks, at most once: the template asks only
    when the member's latest consent is a withdrawal (an unsubscribe records one),
    so the dashboard of a member who consents, or was never asked, costs no query.
    """

    @functools.cache
    def bulletin_unsubscribe():
        return (
            BulletinDelivery.objects.filter(user=user, unsubscribed_at__isnull=False)
            .select_related("bulletin")
            .order_by("-unsubscribed_at")
            .first()
        )

    return {"bulletin_unsubscribe": bulletin_unsubscribe}
