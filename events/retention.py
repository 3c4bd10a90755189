"""How long events keep what they hold about people (the retention settings;
network_site.housekeeping prunes the base's records the same way)."""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Registration

ERASED_GUEST_DOMAIN = "invalid.example"


def forget_people(registrations: "QuerySet[Registration]") -> int:
    """Keep the registrations (attendance counts, payments) but not what they say
    about the person: access and dietary needs, and a guest's name and address (a
    guest row keeps an address unique for its event, on a domain that cannot
    receive email). Returns how many guests were forgotten."""
    registrations.update(access_needs="", dietary_needs="", share_with_hosts=False)
    guests = registrations.filter(user=None).exclude(
        guest_email__endswith=f"@{ERASED_GUEST_DOMAIN}"
    )
    forgotten = 0
    for guest in guests.only("pk"):
        guest.guest_name = ""
        guest.guest_email = f"erased-guest-{guest.pk}@{ERASED_GUEST_DOMAIN}"
        guest.save(update_fields=["guest_name", "guest_email"])
        forgotten += 1
    return forgotten


def prune_past_registrations(now: datetime.datetime | None = None) -> int:
    """Forget the people of events that ended more than
    EVENT_PERSONAL_DATA_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.EVENT_PERSONAL_DATA_RETENTION_DAYS)
    remembered = (
        ~Q(access_needs="")
        | ~Q(dietary_needs="")
        | Q(share_with_hosts=True)
        | (Q(user=None) & ~Q(guest_email__endswith=f"@{ERASED_GUEST_DOMAIN}"))
    )
    return forget_people(Registration.objects.filter(event__end__lt=cutoff).filter(remembered))
