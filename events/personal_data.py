"""What events hold about a member: their entries of the personal-data register
and their part of erasure (registered in events.wagtail_hooks; see
network_site.member_data and members.personal_data)."""

from django.db.models import Q
from django.utils import timezone

from network_site.member_data import Exported, NotExported

from . import retention, services
from .models import EventHostContact, Registration
from .record_fields import REGISTRATION_DETAILS

REGISTRY = {
    "events.Registration": Exported.owned_by(
        Registration,
        "user",
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
    "events.EventHostContact": Exported.owned_by(
        EventHostContact,
        "user",
        fields=("id", "page", "user", "sort_order"),
    ),
    "events.Venue": NotExported("Places where events are held; no personal data."),
    "events.RegistrationPayment": NotExported(
        "Which payments are a registration's tickets: exported as the registration's payments."
    ),
}


def erase(user, addresses):
    """Remove what events say about ``user`` (see members.personal_data.erase_member).

    Their places at events still to come are cancelled, so the waitlist gets them
    (and a paid ticket is refunded as any cancellation is); guest registrations
    made under any of their ``addresses`` are theirs too. Attendance records stay
    for the events' figures; what they say about the person goes."""
    now = timezone.now()
    theirs = Q(user=user)
    for address in addresses:
        theirs |= Q(user=None, guest_email__iexact=address)
    registrations = Registration.objects.filter(theirs)
    for registration in registrations.filter(event__end__gt=now).exclude(
        status__in=(Registration.Status.CANCELLED, Registration.Status.ATTENDED)
    ):
        services.cancel_registration(registration, now)
    retention.forget_people(registrations)
    EventHostContact.objects.filter(user=user).delete()
