"""Who may receive a bulletin: the one gate (``consenting_members``) and the
audience a bulletin's segments make of it."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower

from events.models import Registration
from members.models import MarketingConsent, Membership
from network_site.models import UndeliverableAddress

from .models import Bulletin


def consenting_members() -> QuerySet:
    """Accounts that may get a bulletin now: an active membership, marketing consent
    given in their latest record, and an address that has not bounced or complained."""
    latest_consent = (
        MarketingConsent.objects.filter(user=OuterRef("pk"))
        .order_by("-recorded_at", "-pk")
        .values("given")[:1]
    )
    undeliverable = UndeliverableAddress.objects.filter(email=Lower(OuterRef("email")))
    return (
        get_user_model()
        .objects.filter(Membership.active_q("membership__"), is_active=True)
        .annotate(consents=Subquery(latest_consent))
        .filter(consents=True)
        .exclude(Exists(undeliverable))
        .exclude(email="")
    )


def audience(bulletin: Bulletin) -> QuerySet:
    """The bulletin's recipients: consenting members narrowed by each segment chosen."""
    members = consenting_members()
    if bulletin.categories:
        members = members.filter(membership__category__in=bulletin.categories)
    if bulletin.regions:
        members = members.filter(membership__local_authority__region__in=bulletin.regions)
    if bulletin.pk and bulletin.local_authorities.exists():
        members = members.filter(membership__local_authority__in=bulletin.local_authorities.all())
    if bulletin.pk and bulletin.events.exists():
        members = members.filter(
            Exists(
                Registration.objects.filter(
                    user=OuterRef("pk"),
                    event__in=bulletin.events.all(),
                    status__in=(Registration.Status.CONFIRMED, Registration.Status.ATTENDED),
                )
            )
        )
    return members


def recipient_count(bulletin: Bulletin) -> int:
    return audience(bulletin).count()
