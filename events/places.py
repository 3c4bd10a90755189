"""Places at events: what every place decision is made of, for free registrations
(events.services) and paid tickets (events.tickets) alike.

Call these inside one transaction that first locks the event row (``lock_event``:
``SELECT ... FOR UPDATE`` on PostgreSQL), so that concurrent requests for the same
event queue up behind each other and capacity is never exceeded. Emails are queued
in the same transaction (see ``network_site.emails``): nothing is sent for work
that is rolled back.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q

from network_site.emails import send_templated_email
from network_site.refusals import Refused

from .ical import event_ics
from .models import EventPage, Registration
from .rules import places_left

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, _User

logger = logging.getLogger(__name__)

# Test-only switch: the negative-control concurrency tests set this to False to
# show that, without the row lock, concurrent registrations overbook.
LOCK_EVENTS = True

Status = Registration.Status
ACTIVE_EXCLUDED = (Status.CANCELLED,)


class AlreadyRegistered(Refused):
    """The person already holds an active registration; ``registration`` is it."""

    def __init__(self, message, registration=None):
        super().__init__(message)
        self.registration = registration


# Locks -----------------------------------------------------------------------


def lock_event(event: EventPage) -> EventPage:
    """The event, re-read with its row locked until the transaction ends."""
    queryset = EventPage.objects.all()
    if LOCK_EVENTS:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=event.pk)


def lock_registration(registration: Registration) -> Registration:
    """The registration, re-read with its row locked (and its user) until the
    transaction ends. Lock the event first: the same order everywhere."""
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=registration.pk)
    )


def lock_event_and_registration(registration):
    """The registration's event and the registration, re-read with their rows
    locked in that order (the order used everywhere) until the transaction ends."""
    return lock_event(registration.event), lock_registration(registration)


# Who holds what ---------------------------------------------------------------


def has_active_membership(user: _User | AnonymousUser) -> bool:
    """Whether ``user`` (signed in or not) is a member with an active membership."""
    membership = getattr(user, "membership", None) if user.pk else None
    return bool(membership and membership.is_active)


def active_registration_for(
    event: EventPage, *, user: _User | None = None, email: str = ""
) -> Registration | None:
    """The person's registration that is not cancelled, or None."""
    registrations = Registration.objects.filter(event=event).exclude(status__in=ACTIVE_EXCLUDED)
    if user is not None:
        return registrations.filter(user=user).first()
    email = email.strip()
    return registrations.filter(
        Q(user__isnull=True, guest_email__iexact=email) | Q(user__email__iexact=email)
    ).first()


# Emails and the waitlist -----------------------------------------------------


def registration_links(registration: Registration) -> dict[str, str]:
    """Absolute addresses for a registration's emails: the event page, its .ics and
    the token links that confirm, accept or cancel."""
    event = registration.event
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    page_path = event.get_url_parts()[2] if event.get_url_parts() else f"/events/{event.slug}/"
    event_url = f"{base}{page_path}"

    def action(name: str) -> str:
        return event_url + event.reverse_subpage(
            "registration_action", args=(registration.cancel_token, name)
        )

    return {
        "event_url": event_url,
        "ics_url": f"{event_url}event.ics",
        "cancel_url": action("cancel"),
        "confirm_url": action("confirm"),
        "accept_url": action("accept"),
        "pay_url": action("pay"),
        "paid_url": action("paid"),
        "dashboard_url": f"{base}/members/dashboard/",
    }


def send_registration_email(
    name: str,
    registration: Registration,
    attachments: Iterable[tuple[str, str, str]] = (),
    **context: Any,
) -> None:
    """Queue the email ``name`` to the person of ``registration``, with the event and
    its links (``registration_links``) in its context. An unsendable address is
    logged, never raised: it must not undo a place decision."""
    try:
        send_templated_email(
            name,
            registration.email,
            {
                "registration": registration,
                "event": registration.event,
                **registration_links(registration),
                **context,
            },
            user=registration.user,
            attachments=attachments,
        )
    except ValidationError:
        # An unsendable address must not undo a place decision; staff see the
        # registration in the admin.
        logger.exception("Could not queue %s for registration %s", name, registration.pk)


def announce(registration: Registration) -> None:
    """Send the email for a registration's new status (confirmed, with the event's
    .ics attached, or waitlisted)."""
    if registration.status == Status.CONFIRMED:
        calendar = (
            f"{registration.event.slug}.ics",
            event_ics(registration.event),
            "text/calendar",
        )
        send_registration_email(
            "events/event_registration_confirmed", registration, attachments=[calendar]
        )
    elif registration.status == Status.WAITLISTED:
        send_registration_email("events/event_waitlisted", registration)


def offer_free_places(event: EventPage, now: datetime.datetime) -> list[Registration]:
    """Offer every free place to the waitlist, in order, each with its email.
    Returns the offers made. Call with the event locked."""
    offered: list[Registration] = []
    if event.is_cancelled or event.start <= now:
        return offered
    left = places_left(event)
    if left <= 0:
        return offered
    queue = Registration.objects.filter(event=event).waitlisted().select_related("user")[:left]
    for registration in queue:
        registration.status = Status.OFFERED
        registration.offer_expires_at = min(
            now + datetime.timedelta(hours=event.offer_hours), event.start
        )
        registration.save(update_fields=["status", "offer_expires_at"])
        registration.event = event
        send_registration_email("events/event_waitlist_offer", registration)
        offered.append(registration)
    return offered
