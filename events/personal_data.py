"""What events hold about a member: their entries of the personal-data register
and their part of erasure (registered in events.wagtail_hooks; see
network_site.member_data and members.personal_data)."""

from network_site.member_data import Exported, NotExported

from .models import EventHostContact, Registration
from .record_fields import REGISTRATION_DETAILS

REGISTRY = {
    "events.Registration": Exported(
        rows=lambda user: Registration.objects.filter(user=user),
        fields=(
            "id",
            *REGISTRATION_DETAILS,
            "hold_expires_at",
            "free_member_place",
            "refund_owed",
            "reminder_2_days_sent_at",
            "reminder_2_hours_sent_at",
            "thank_you_sent_at",
            "payments",
        ),
        withheld={"cancel_token": "A secret that works as a cancel link; never shown again."},
    ),
    "events.EventHostContact": Exported(
        rows=lambda user: EventHostContact.objects.filter(user=user),
        fields=("id", "page", "user", "sort_order"),
    ),
    "events.Venue": NotExported("Places where events are held; no personal data."),
    "events.RegistrationPayment": NotExported(
        "Which payments are a registration's tickets: exported as the registration's payments."
    ),
}


def erase(user):
    """Remove what events say about ``user`` (see members.personal_data.erase_member)."""
    # Attendance records stay for the event's figures; what they say about the person goes.
    Registration.objects.filter(user=user).update(
        access_needs="", dietary_needs="", share_with_hosts=False
    )
    EventHostContact.objects.filter(user=user).delete()
