"""Registration for events: the one place where places are decided.

Views, admin actions and tasks call these functions; none of them changes a
registration's status any other way. Every function that decides a place runs in
one transaction that first locks the event row (``SELECT ... FOR UPDATE`` on
PostgreSQL), so concurrent requests for the same event queue up behind each other
and capacity is never exceeded. Emails are queued in the same transaction (see
``network_site.emails``): nothing is sent for work that is rolled back.

Rule violations raise ``network_site.refusals.Refused`` with a message fit to show the person.

Paid events: a place that must be paid for is held while the buyer pays (see
events.tickets, which also explains who may buy and what happens to late
payments). The hold is decided here, under the same lock, like any other place;
the Checkout Session is opened after the lock is released.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from network_site.emails import send_templated_email
from network_site.refusals import Refused

from . import tickets
from .models import EventPage, Registration
from .places import (
    AlreadyRegistered,
    active_registration_for,
    announce,
    has_active_membership,
    lock_event,
    lock_event_and_registration,
    offer_free_places,
    registration_links,
    send_registration_email,
)
from .rules import Availability, accepts_registrations, availability, places_left

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, _User

    from .models import RegistrationQuerySet

logger = logging.getLogger(__name__)

Status = Registration.Status


LINK_NO_LONGER_VALID = "This link is no longer valid. Nothing has been changed."
TICKETS_NEED_AN_ACCOUNT = (
    "Tickets for this event are bought online by people signed in to the site. "
    "Sign in, or create an account, and then buy your ticket."
)

REFUSALS = {
    Availability.CANCELLED: "This event has been cancelled, so it no longer takes registrations.",
    Availability.PAST: "This event has already taken place.",
    Availability.CLOSED: "Registration for this event has closed.",
    Availability.NOT_YET_OPEN: "Registration for this event has not opened yet.",
}


# Checks ----------------------------------------------------------------------


def has_verified_email(user: _User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def _check_open(event: EventPage, now: datetime.datetime) -> Availability:
    state = availability(event, now=now)
    if not accepts_registrations(state):
        raise Refused(REFUSALS.get(state, "This event does not take registrations."))
    return state


def _refuse_if_registered(event: EventPage, *, user: _User | None = None, email: str = "") -> None:
    existing = active_registration_for(event, user=user, email=email)
    if existing is not None:
        raise AlreadyRegistered(_already_message(existing), registration=existing)


def _already_message(registration: Registration) -> str:
    if registration.status == Status.PENDING_CONFIRMATION:
        return (
            "You have already registered with this email address. Use the link in the "
            "email we sent you to confirm your place."
        )
    if registration.status == Status.WAITLISTED:
        return "You are already on the waitlist for this event."
    if registration.status == Status.OFFERED:
        return "You have been offered a place at this event: accept it from the link in your email."
    return "You are already registered for this event."


# Seats -----------------------------------------------------------------------


def _seat_status(event: EventPage) -> str:
    """Confirmed while places are left and nobody is queueing ahead; else the waitlist.
    Call with the event locked."""
    has_queue = Registration.objects.filter(event=event).waitlisted().exists()
    if places_left(event) > 0 and not has_queue:
        return Status.CONFIRMED
    return Status.WAITLISTED


def _create(event: EventPage, status: str, now: datetime.datetime, **fields: Any) -> Registration:
    registration = Registration(event=event, status=status, created_at=now, **fields)
    if status == Status.CONFIRMED:
        registration.confirmed_at = now
    try:
        # A savepoint: a unique-constraint race (only possible without the lock)
        # must not break the caller's transaction.
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        existing = active_registration_for(
            event, user=fields.get("user"), email=fields.get("guest_email", "")
        )
        raise AlreadyRegistered(
            _already_message(existing) if existing else "You are already registered.",
            registration=existing,
        ) from None
    return registration


# Registering -----------------------------------------------------------------


def register_member(
    event: EventPage,
    user: _User | AnonymousUser,
    *,
    access_needs: str = "",
    dietary_needs: str = "",
    share_with_hosts: bool = False,
    now: datetime.datetime | None = None,
) -> Registration:
    """A signed-in member's registration: confirmed, or waitlisted when the event is full.
    At a paid event a free place is held while it is paid for (a member with an
    active membership may get one of the event's free member places instead): the
    registration is then PENDING_PAYMENT and ``registration.checkout_url`` is where
    the buyer pays. Raises tickets.PaymentUnavailable (and holds nothing) if Stripe
    cannot be reached."""
    now = now or timezone.now()
    if not user.is_authenticated:
        raise Refused("Sign in to register for this event.")
    if not has_verified_email(user):
        raise Refused(
            "Please verify your email address first: use the link we emailed you, "
            "then register again."
        )
    with transaction.atomic():
        event = lock_event(event)
        _check_open(event, now)
        if event.members_only and not has_active_membership(user):
            raise Refused(
                "This event is for members only. It opens to you once your membership is active."
            )
        _refuse_if_registered(event, user=user)
        status = _seat_status(event)
        free_member_place = False
        if status == Status.CONFIRMED and tickets.needs_payment(event):
            free_member_place = tickets.member_place_free(event, user)
        registration = _create(
            event,
            status,
            now,
            user=user,
            free_member_place=free_member_place,
            access_needs=access_needs.strip(),
            dietary_needs=dietary_needs.strip(),
            share_with_hosts=bool(share_with_hosts),
        )
        payment = None
        if status == Status.CONFIRMED and tickets.needs_payment(event) and not free_member_place:
            payment = tickets.hold_place(registration, now)
        else:
            announce(registration)
    if payment is not None:
        registration.checkout_url = tickets.start_checkout(registration, payment)
    return registration


def register_guest(
    event: EventPage,
    name: str,
    email: str,
    *,
    access_needs: str = "",
    dietary_needs: str = "",
    share_with_hosts: bool = False,
    now: datetime.datetime | None = None,
) -> Registration:
    """A guest (not signed in). The registration waits for the guest to use the
    emailed link; only then does it take a place (``confirm_guest``)."""
    now = now or timezone.now()
    name, email = name.strip(), email.strip().lower()
    if not (name and email):
        raise Refused("Enter your name and email address.")
    with transaction.atomic():
        event = lock_event(event)
        _check_open(event, now)
        if event.members_only:
            raise Refused("This event is for members only. Sign in to register.")
        if tickets.needs_payment(event):
            raise Refused(TICKETS_NEED_AN_ACCOUNT)
        _refuse_if_registered(event, email=email)
        registration = _create(
            event,
            Status.PENDING_CONFIRMATION,
            now,
            guest_name=name,
            guest_email=email,
            access_needs=access_needs.strip(),
            dietary_needs=dietary_needs.strip(),
            share_with_hosts=bool(share_with_hosts),
        )
        send_registration_email("events/event_guest_confirm", registration)
    return registration


def confirm_guest(registration: Registration, now: datetime.datetime | None = None) -> Registration:
    """The guest used the emailed link: now the registration takes a place (or queues)."""
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = lock_event_and_registration(registration)
        if registration.status != Status.PENDING_CONFIRMATION:
            raise Refused(LINK_NO_LONGER_VALID)
        _check_open(event, now)
        if tickets.needs_payment(event):
            # The event became a paid one after the guest registered.
            raise Refused(TICKETS_NEED_AN_ACCOUNT)
        registration.status = _seat_status(event)
        if registration.status == Status.CONFIRMED:
            registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        registration.event = event
        announce(registration)
    return registration


# Cancelling and the waitlist -------------------------------------------------


def cancel_registration(
    registration: Registration, now: datetime.datetime | None = None, *, reason: str = ""
) -> Registration:
    """Cancel one registration; a freed place is offered to the waitlist at once.
    A paid place is refunded in full before the event's refund deadline and not
    after (events.tickets.settle_cancellation); the email says which."""
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = lock_event_and_registration(registration)
        if registration.status == Status.CANCELLED:
            raise Refused("This registration has already been cancelled.")
        if registration.status == Status.ATTENDED:
            raise Refused("This registration is marked as attended and cannot be cancelled.")
        held_place = registration.holds_place
        registration.event = event
        money = tickets.settle_cancellation(registration, now)
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.offer_expires_at = None
        registration.save(
            update_fields=["status", "cancelled_at", "offer_expires_at", "hold_expires_at"]
        )
        if event.end > now:
            send_registration_email(
                "events/event_registration_cancelled", registration, reason=reason, **money
            )
        if held_place:
            offer_free_places(event, now)
    return registration


def offer_next_place(event: EventPage, now: datetime.datetime | None = None) -> list[Registration]:
    """Offer free places to the first people on the waitlist. Returns the offers made."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(event)
        return offer_free_places(event, now)


def accept_offer(registration: Registration, now: datetime.datetime | None = None) -> Registration:
    """The person offered a waitlist place takes it. At a paid event the place is
    then held while it is paid for, as when registering (``checkout_url``)."""
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = lock_event_and_registration(registration)
        if registration.status != Status.OFFERED:
            raise Refused(LINK_NO_LONGER_VALID)
        if registration.offer_expires_at and registration.offer_expires_at <= now:
            raise Refused(
                "Sorry, this offer has expired and the place has passed to the next person "
                "on the waitlist."
            )
        if event.is_cancelled or event.end <= now:
            raise Refused(REFUSALS[availability(event, now=now)])
        registration.event = event
        payment = None
        if tickets.needs_payment(event) and not registration.free_member_place:
            registration.free_member_place = tickets.member_place_free(event, registration.user)
        if tickets.needs_payment(event) and not registration.free_member_place:
            # The offer's end is kept: should Checkout fail to start, the offer stands.
            payment = tickets.hold_place(registration, now)
        else:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            registration.offer_expires_at = None
            registration.save(
                update_fields=["status", "confirmed_at", "offer_expires_at", "free_member_place"]
            )
            announce(registration)
    if payment is not None:
        registration.checkout_url = tickets.start_checkout(registration, payment)
    return registration


GUEST_CONFIRMATION_WINDOW = datetime.timedelta(hours=48)


def expire_unconfirmed_guests(now: datetime.datetime | None = None) -> int:
    """Guest registrations whose emailed link was not used within the window lapse
    (they never held a place, so nobody else is affected). Returns how many."""
    now = now or timezone.now()
    return Registration.objects.filter(
        status=Status.PENDING_CONFIRMATION, created_at__lte=now - GUEST_CONFIRMATION_WINDOW
    ).update(status=Status.CANCELLED, cancelled_at=now)


def expire_offers(now: datetime.datetime | None = None) -> int:
    """Offers not accepted in time are withdrawn and the place passes to the next
    person on the waitlist; free places of upcoming events are offered. Safe to run
    late, twice or concurrently. Returns how many offers expired."""
    now = now or timezone.now()
    expired = 0
    event_ids = set(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).values_list(
            "event_id", flat=True
        )
    )
    # Upcoming events whose waitlist could move (capacity raised, a staff move).
    event_ids |= set(
        Registration.objects.filter(
            status=Status.WAITLISTED, event__start__gt=now, event__cancelled_at__isnull=True
        ).values_list("event_id", flat=True)
    )
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = lock_event(EventPage(pk=event_id))
            due = (
                Registration.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(event=event, status=Status.OFFERED, offer_expires_at__lte=now)
            )
            for registration in due:
                registration.status = Status.CANCELLED
                registration.cancelled_at = now
                registration.save(update_fields=["status", "cancelled_at"])
                registration.event = event
                send_registration_email("events/event_offer_expired", registration)
                expired += 1
            offer_free_places(event, now)
    return expired


# Staff -----------------------------------------------------------------------


def move_to_confirmed(
    registration: Registration, by: _User, now: datetime.datetime | None = None
) -> Registration:
    """Staff give a place to someone waiting (never beyond capacity)."""
    return _staff_move(
        registration,
        Status.CONFIRMED,
        by=by,
        confirmed_at=now or timezone.now(),
        cannot="cannot be confirmed",
        logged="%s confirmed registration %s",
    )


def move_to_waitlist(
    registration: Registration, by: _User, now: datetime.datetime | None = None
) -> Registration:
    """Staff move someone back to the waitlist (their place is freed)."""
    return _staff_move(
        registration,
        Status.WAITLISTED,
        by=by,
        confirmed_at=None,
        cannot="cannot be moved to the waitlist",
        logged="%s moved registration %s to the waitlist",
    )


def _staff_move(registration, to_status, *, by, confirmed_at, cannot, logged):
    """Staff move a registration to ``to_status`` (nothing to do if it is there
    already); a confirmed place must be free. Refused for cancelled and attended
    registrations, with "A registration that is ... ``cannot``"."""
    with transaction.atomic():
        event, registration = lock_event_and_registration(registration)
        if registration.status == to_status:
            return registration
        if registration.status in (Status.CANCELLED, Status.ATTENDED):
            raise Refused(
                f"A registration that is {registration.get_status_display().lower()} {cannot}."
            )
        needs_place = to_status == Status.CONFIRMED and not registration.holds_place
        if needs_place and places_left(event) <= 0:
            raise Refused(
                "The event is full: raise its capacity or move someone to the waitlist first."
            )
        registration.status = to_status
        registration.confirmed_at = confirmed_at
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
        registration.event = event
        announce(registration)
        logger.info(logged, by, registration.pk)
    return registration


def add_by_staff(
    event: EventPage,
    *,
    user: _User | None = None,
    name: str = "",
    email: str = "",
    by: _User,
    now: datetime.datetime | None = None,
) -> Registration:
    """Staff add a member or a guest: confirmed if a place is free, else waitlisted.
    Opening times and membership rules do not apply; capacity and duplicates do."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(event)
        if event.is_cancelled:
            raise Refused(REFUSALS[Availability.CANCELLED])
        if user is not None:
            _refuse_if_registered(event, user=user)
            fields: dict[str, Any] = {"user": user}
        else:
            name, email = name.strip(), email.strip().lower()
            if not (name and email):
                raise Refused("Enter the guest's name and email address.")
            _refuse_if_registered(event, email=email)
            fields = {"guest_name": name, "guest_email": email}
        registration = _create(event, _seat_status(event), now, **fields)
        announce(registration)
        logger.info("%s added registration %s", by, registration.pk)
    return registration


def mark_attended(
    registration: Registration, by: _User, now: datetime.datetime | None = None
) -> Registration:
    """Check-in: someone with a place has arrived. Harmless to repeat."""
    now = now or timezone.now()
    with transaction.atomic():
        _, registration = lock_event_and_registration(registration)
        if registration.status == Status.ATTENDED:
            return registration
        if registration.status not in (Status.CONFIRMED, Status.OFFERED, Status.PENDING_PAYMENT):
            raise Refused(
                f"{registration.name} is {registration.get_status_display().lower()}: "
                "give them a place before checking them in."
            )
        registration.status = Status.ATTENDED
        registration.attended_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "attended_at", "offer_expires_at"])
    return registration


def cancel_event(
    event: EventPage, reason: str, by: _User, now: datetime.datetime | None = None
) -> list[Registration]:
    """Cancel the whole event: every active registration is cancelled and told why."""
    now = now or timezone.now()
    with transaction.atomic():
        event = lock_event(event)
        if event.is_cancelled:
            raise Refused("This event has already been cancelled.")
        event.cancelled_at = now
        event.cancellation_reason = reason
        event.ical_sequence += 1
        EventPage.objects.filter(pk=event.pk).update(
            cancelled_at=now, cancellation_reason=reason, ical_sequence=event.ical_sequence
        )
        registrations = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(event=event)
            .exclude(status__in=(Status.CANCELLED, Status.ATTENDED))
        )
        cancelled = []
        for registration in registrations:
            registration.event = event
            money = tickets.settle_cancellation(registration, now, event_cancelled=True)
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.offer_expires_at = None
            registration.save(
                update_fields=["status", "cancelled_at", "offer_expires_at", "hold_expires_at"]
            )
            send_registration_email("events/event_cancelled", registration, reason=reason, **money)
            cancelled.append(registration)
        logger.info("%s cancelled event %s (%s registrations)", by, event.pk, len(cancelled))
    return cancelled


# Messages --------------------------------------------------------------------


def message_recipients(event: EventPage) -> RegistrationQuerySet:
    """Who a message to an event's attendees goes to: everyone with a confirmed
    place (and, after the day, everyone who came). Nobody waiting, offered a place,
    unconfirmed or cancelled."""
    return (
        Registration.objects.filter(event=event, status__in=(Status.CONFIRMED, Status.ATTENDED))
        .select_related("user")
        .order_by("created_at", "pk")
    )


def message_attendees(
    event: EventPage,
    *,
    subject: str,
    body: str,
    sender_name: str = "",
    reply_to: str | None = None,
    template: str = "events/event_message",
) -> int:
    """Email one message to each confirmed attendee (see ``message_recipients``),
    each their own copy, so no attendee sees another's address. Every email is
    queued in one transaction: all of them, or none if anything fails. Returns how
    many were queued. A bad ``reply_to`` raises ValidationError before anything
    is queued."""
    if reply_to:
        validate_email(reply_to)
    queued = 0
    with transaction.atomic():
        for registration in message_recipients(event):
            registration.event = event
            try:
                send_templated_email(
                    template,
                    registration.email,
                    {
                        "event": event,
                        "registration": registration,
                        **registration_links(registration),
                        "message_subject": subject,
                        "message_body": body,
                        "sender_name": sender_name,
                    },
                    reply_to=reply_to,
                    user=registration.user,
                )
            except ValidationError:
                # One unsendable address must not stop everyone else's copy.
                logger.exception(
                    "Could not queue %s for registration %s", template, registration.pk
                )
            else:
                queued += 1
    return queued
