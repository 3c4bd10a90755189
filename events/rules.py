"""How many places an event has left and whether it takes registrations now.
Pages, views, tasks and the admin all ask here; nothing else decides it."""

import datetime
from enum import StrEnum

from django.db.models import Count, Max, Q
from django.utils import timezone

from .models import EventPage, Registration

FEW_PLACES_LEFT = 5


class Availability(StrEnum):
    NOT_YET_OPEN = "not-yet-open"
    OPEN = "open"
    FEW_PLACES_LEFT = "few-places-left"
    FULL = "full"  # registrations join the waitlist
    CLOSED = "closed"
    CANCELLED = "cancelled"
    PAST = "past"


def places_taken(event: EventPage) -> int:
    return Registration.objects.filter(event=event).holding_places().count()


def places_taken_and_latest(event: EventPage, user) -> tuple[int, int | None]:
    """places_taken, and the id of the person's latest active registration (None
    without one), in one query."""
    counted = Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=Q(status__in=Registration.PLACE_HOLDING)),
        mine=Max("pk", filter=Q(user=user) & ~Q(status=Registration.Status.CANCELLED)),
    )
    return counted["taken"], counted["mine"]


def places_left(event: EventPage, taken: int | None = None) -> int:
    taken = places_taken(event) if taken is None else taken
    return max(event.capacity - taken, 0)


def availability(
    event: EventPage, now: datetime.datetime | None = None, taken: int | None = None
) -> Availability:
    now = now or timezone.now()
    if event.is_cancelled:
        return Availability.CANCELLED
    if event.end <= now:
        return Availability.PAST
    if event.registration_opens_at and now < event.registration_opens_at:
        return Availability.NOT_YET_OPEN
    if now >= event.registration_closes:
        return Availability.CLOSED
    left = places_left(event, taken)
    if left == 0:
        return Availability.FULL
    if left <= FEW_PLACES_LEFT:
        return Availability.FEW_PLACES_LEFT
    return Availability.OPEN


def accepts_registrations(state: Availability) -> bool:
    """Registrations are taken (as places or onto the waitlist) in these states."""
    return state in (Availability.OPEN, Availability.FEW_PLACES_LEFT, Availability.FULL)
