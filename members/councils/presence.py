"""What the network has in each local authority: the members listed in the
directory (as the reader may see them), the community organisations working in
its area, and the network events held there or co-hosted by it. The council
pages read it here, in a fixed number of queries however big the network grows.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from events.models import EventPage

from ..models import LocalAuthority, Membership, Organisation

if TYPE_CHECKING:
    from ..models import User


class SubqueryCount(Subquery):
    """The number of rows of a subquery, as a column of the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def network_events() -> QuerySet[EventPage]:
    """Published network events that were not called off."""
    return EventPage.objects.published().filter(cancelled_at__isnull=True)


def events_in(authority: LocalAuthority | OuterRef) -> QuerySet[EventPage]:
    """The network events an authority co-hosted."""
    return network_events().filter(host_authority=authority)


def organisations_in(authority: LocalAuthority | OuterRef) -> QuerySet[Organisation]:
    """Community organisations in the network (their membership active) that
    work in the authority's area."""
    active = Membership.objects.active().filter(
        organisation=OuterRef("pk"), contact_for__isnull=True
    )
    return Organisation.objects.filter(
        Exists(active), kind=Organisation.Kind.COMMUNITY, local_authorities=authority
    )


def listed_in(authority: LocalAuthority | OuterRef, viewer: User) -> QuerySet[Membership]:
    """The members listed in the directory, as ``viewer`` may see them, whose
    council (their own, or their organisation's home) is the authority."""
    return Membership.objects.listed_for(viewer).filter(local_authority=authority)


def with_presence(
    authorities: QuerySet[LocalAuthority], viewer: User, now: datetime.datetime | None = None
) -> QuerySet[LocalAuthority]:
    """Each authority with ``listed_count``, ``organisation_count``, ``events_coming``
    and ``events_held`` counted in the same query,"""
    now = now or timezone.now()
    here = OuterRef("pk")
    authorities = authorities.annotate(
        listed_count=SubqueryCount(listed_in(here, viewer).values("pk")),
        organisation_count=SubqueryCount(organisations_in(here).values("pk")),
        events_coming=SubqueryCount(events_in(here).filter(end__gte=now).values("pk")),
        events_held=SubqueryCount(events_in(here).filter(end__lt=now).values("pk")),
    )
    return authorities


def present(authorities: QuerySet[LocalAuthority]) -> QuerySet[LocalAuthority]:
    """Only the authorities (annotated by ``with_presence``) where the network is."""
    return authorities.filter(
        Q(listed_count__gt=0)
        | Q(organisation_count__gt=0)
        | Q(events_coming__gt=0)
        | Q(events_held__gt=0)
    )
