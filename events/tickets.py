"""Paid tickets: what a ticket payment means for a place at an event.

Buying a ticket needs an account on the site (a signed-in person with a verified
email): guests are asked to sign in or create one. The place is decided the way
every place is (events.services, under the event lock, with events.places). A
place that must be paid for is *held* (``Registration.Status.PENDING_PAYMENT``,
counted against capacity) until ``hold_expires_at``, which is also when the
Stripe Checkout Session ends.

The payment flow itself belongs to ``network_site.payments.services``; this module
gives the "ticket" purpose its meaning (``TicketPurpose``, registered at start-up
by ``events.signals``, the app's wiring), links each ticket payment to its
registration (``RegistrationPayment``), and is told when a ticket payment is
paid, expires, fails or is refunded:

- paid while the place is held: the place is confirmed (one confirmation email);
- paid after the hold ran out: the place is confirmed again if one is free,
  otherwise the payment is refunded in full and the buyer told;
- expired or failed: the hold is released and the waitlist offered the place.

Refunds that are owed (a cancellation before the event's refund deadline, a
cancelled event, a late payment with no place for it) are marked on the
registration (``refund_owed``) in the transaction that decides them, and made
through Stripe once that transaction commits. If Stripe cannot be reached, staff
are alerted and ``expire_holds`` (a task run every minute) tries again until the
refund is made: the fact that money is owed is never lost.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from network_site.payments import services as payment_services
from network_site.payments.models import Payment, Refund
from network_site.payments.money import pounds
from network_site.payments.stripe_api import StripeUnavailable
from network_site.refusals import Refused
from network_site.roles import EVENT_MANAGERS, staff_to_notify

from . import places
from .models import Registration, RegistrationPayment
from .rules import places_left

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, _User

    from network_site.payments.models import PaymentQuerySet

    from .models import EventPage

logger = logging.getLogger(__name__)

Status = Registration.Status
PaymentStatus = Payment.Status

STRIPE_UNREACHABLE = (
    "We could not reach our payment provider, so no place is held and nothing was "
    "charged. Please try again in a few minutes."
)
STRIPE_UNREACHABLE_OFFER = (
    "We could not reach our payment provider, so nothing was charged. The place "
    "offered to you is still yours to accept: please try again in a few minutes."
)
# Stripe refuses a Checkout Session that ends less than 30 minutes after it is
# created. The minute covers the moments between our decision and Stripe's.
STRIPE_MINIMUM_SESSION = datetime.timedelta(minutes=30)
CHECKOUT_MARGIN = datetime.timedelta(minutes=1)
# When Stripe cannot be reached to end a session whose hold is over, the place is
# released on our side after this long anyway; a payment that still arrives is a
# late payment (confirmed if a place is free, refunded if not).
RELEASE_WITHOUT_STRIPE_AFTER = datetime.timedelta(minutes=5)

# Refunds the site makes on its own start with this; the buyer has already been
# told about them. Any other refund (made by staff) is announced when it is made.
AUTOMATIC = "Automatic: "
REFUND_CANCELLED = AUTOMATIC + "cancelled before the refund deadline"
REFUND_EVENT_CANCELLED = AUTOMATIC + "the event was cancelled"
REFUND_NO_PLACE = AUTOMATIC + "paid after the hold ended, no place free"
REFUND_NOT_WANTED = AUTOMATIC + "paid for a registration that had been cancelled"
REFUND_RETRIED = AUTOMATIC + "a refund owed, retried"


class PaymentUnavailable(Refused):
    """Stripe could not be reached to take a payment: nothing was charged and no
    new place is held."""


# Prices and places ------------------------------------------------------------


def needs_payment(event: EventPage) -> bool:
    return not event.is_free


def member_place_free(event: EventPage, user: _User | AnonymousUser | None) -> bool:
    """Whether ``user`` gets one of the event's free places for members. Call with
    the event locked: the allocation is counted like any other place."""
    if not (event.member_free_places and user is not None and user.is_authenticated):
        return False
    if not places.has_active_membership(user):
        return False
    used = Registration.objects.filter(event=event, free_member_place=True).holding_places()
    return used.count() < event.member_free_places


def hold_length() -> datetime.timedelta:
    return max(datetime.timedelta(minutes=settings.PAYMENT_HOLD_MINUTES), STRIPE_MINIMUM_SESSION)


def hold_place(registration: Registration, now: datetime.datetime) -> Payment:
    """Hold the place of a saved registration while its ticket is paid for, and
    open the Payment (its amount from the event, never from the browser). Call in
    the transaction that decided the place, with the event locked."""
    event = registration.event
    hold_end = now + hold_length() + CHECKOUT_MARGIN
    registration.status = Status.PENDING_PAYMENT
    registration.hold_expires_at = hold_end
    registration.save(update_fields=["status", "hold_expires_at"])
    payment = Payment.objects.create(
        purpose=Payment.Purpose.TICKET,
        user=registration.user,
        amount=event.price_in_pence,
        currency="gbp",
        description=f"{event.title}: ticket"[:255],
        expires_at=hold_end,
        created_at=now,
    )
    RegistrationPayment.objects.create(registration=registration, payment=payment)
    return payment


def start_checkout(registration: Registration, payment: Payment) -> str:
    """Open the Checkout Session for a held place (outside the event lock: Stripe
    may be slow). Returns the Checkout URL. If Stripe cannot be reached, the hold
    is given up (an accepted waitlist offer goes back to being an offer) and
    ``PaymentUnavailable`` says so to the buyer."""
    links = places.registration_links(registration)
    try:
        return payment_services.start_checkout(
            payment,
            name=payment.description,
            success_url=links["paid_url"],
            cancel_url=f"{links['event_url']}#register",
            customer_email=registration.email,
        )
    except StripeUnavailable:
        offer_stands = _give_up_hold(registration)
        raise PaymentUnavailable(
            STRIPE_UNREACHABLE_OFFER if offer_stands else STRIPE_UNREACHABLE
        ) from None


def _give_up_hold(registration: Registration, now: datetime.datetime | None = None) -> bool:
    """Checkout could not start: undo the hold. Returns True when the registration
    went back to an offer that still stands."""
    now = now or timezone.now()
    with transaction.atomic():
        event, locked = places.lock_event_and_registration(registration)
        if locked.status != Status.PENDING_PAYMENT:
            return False
        locked.event = event
        locked.hold_expires_at = None
        if locked.offer_expires_at and locked.offer_expires_at > now:
            locked.status = Status.OFFERED
            locked.save(update_fields=["status", "hold_expires_at"])
            return True
        locked.status = Status.CANCELLED
        locked.cancelled_at = now
        locked.offer_expires_at = None
        locked.save(update_fields=["status", "cancelled_at", "hold_expires_at", "offer_expires_at"])
        places.offer_free_places(event, now)
    registration.status = locked.status
    return False


def ticket_payments(registration: Registration) -> PaymentQuerySet:
    """The ticket payments of a registration."""
    return registration.payments.filter(purpose=Payment.Purpose.TICKET)


def registration_of(payment: Payment) -> Registration | None:
    """The registration a ticket payment is for, or None once it is gone."""
    link = getattr(payment, "registration_link", None)
    return link.registration if link is not None else None


def open_payment(registration: Registration) -> Payment | None:
    """The ticket payment still waiting for the buyer, if any."""
    return (
        ticket_payments(registration)
        .filter(status=PaymentStatus.PENDING)
        .order_by("-created_at", "-pk")
        .first()
    )


def latest_payment(registration: Registration) -> Payment | None:
    return ticket_payments(registration).order_by("-created_at", "-pk").first()


def _paid_payments(registration: Registration) -> PaymentQuerySet:
    return ticket_payments(registration).settled()


def amount_paid(registration: Registration) -> int:
    """Pence paid for the registration and not yet refunded."""
    return sum(payment.refundable_amount for payment in _paid_payments(registration))


# Cancelling ------------------------------------------------------------------


def refund_terms(
    registration: Registration, now: datetime.datetime | None = None
) -> dict[str, Any] | None:
    """What cancelling a paid place means for the money, or None when nothing was
    paid: {"amount": "£12.00", "refundable": bool, "deadline": datetime}."""
    paid = amount_paid(registration)
    if not paid:
        return None
    now = now or timezone.now()
    event = registration.event
    return {
        "amount": pounds(paid),
        "refundable": now < event.refund_deadline,
        "deadline": event.refund_deadline,
    }


def settle_cancellation(
    registration: Registration, now: datetime.datetime, *, event_cancelled: bool = False
) -> dict[str, Any]:
    """The money side of cancelling ``registration`` (locked, in the cancelling
    transaction): a held place's Checkout Session is ended once the transaction
    commits; a paid place is refunded in full before the event's refund deadline
    (always when the event is cancelled) and not after. Returns what the
    cancellation email says about it."""
    registration.hold_expires_at = None  # cancelled on purpose: not a lapsed hold
    for payment in ticket_payments(registration).filter(status=PaymentStatus.PENDING):
        transaction.on_commit(partial(_end_checkout, payment.pk))
    terms = refund_terms(registration, now)
    if terms is None:
        return {}
    if event_cancelled or terms["refundable"]:
        owe_refund(registration, REFUND_EVENT_CANCELLED if event_cancelled else REFUND_CANCELLED)
        return {"ticket_refund": terms["amount"]}
    return {"ticket_kept": terms["amount"], "refund_deadline": terms["deadline"]}


def _end_checkout(payment_id: int) -> None:
    """Best effort: a session Stripe cannot end now is ended by ``expire_holds``."""
    payment = Payment.objects.filter(pk=payment_id).first()
    if payment is None or payment.status != PaymentStatus.PENDING:
        return
    with contextlib.suppress(StripeUnavailable, payment_services.PaymentMismatch):
        payment_services.expire_checkout(payment)


# Refunds ---------------------------------------------------------------------


def owe_refund(registration: Registration, reason: str) -> None:
    """Mark a full refund of what was paid for ``registration`` as owed, and make it
    through Stripe once the current transaction commits."""
    if not registration.refund_owed:
        registration.refund_owed = True
        Registration.objects.filter(pk=registration.pk).update(refund_owed=True)
    transaction.on_commit(partial(make_owed_refund, registration.pk, reason=reason, alert=True))


def make_owed_refund(
    registration_id: int, *, reason: str = REFUND_RETRIED, alert: bool = False
) -> bool:
    """Refund in full every paid ticket payment of a registration that is owed a
    refund. Returns True when nothing is left owing. Stripe unreachable: the
    registration stays marked (the task retries) and, with ``alert``, staff are told."""
    registration = Registration.objects.filter(pk=registration_id, refund_owed=True).first()
    if registration is None:
        return True
    for payment in _paid_payments(registration):
        if not payment.refundable_amount:
            continue
        try:
            payment_services.refund(payment, reason=reason)
        except Refused:
            continue  # refunded meanwhile (in Stripe, or by another worker)
        except StripeUnavailable as error:
            logger.warning("Refund of payment %s failed: %s", payment.pk, error)
            if alert:
                payment_services.alert_staff(
                    "A ticket refund could not be made yet",
                    f"{payment.amount_display} is owed back to {registration.email} "
                    f"({registration.event.title}), but Stripe could not be reached "
                    f"({error}). The site tries again every minute; nothing needs doing "
                    "unless this alert repeats.",
                    payment=payment,
                )
            return False
    Registration.objects.filter(pk=registration_id).update(refund_owed=False)
    return True


# What Stripe tells us (the "ticket" purpose) ---------------------------------


class TicketPurpose(payment_services.PurposeHandler):
    """Runs inside the transaction that changes the payment, with its row locked
    (the payment is always locked before the event: the same order everywhere)."""

    reference_heading = "Registration"
    listing_related = ("registration_link__registration__user",)

    def paid(self, payment: Payment, *, first_time: bool) -> None:
        registration = registration_of(payment)
        if not first_time or registration is None:
            return
        now = timezone.now()
        event, registration = places.lock_event_and_registration(registration)
        registration.event = event
        _place_paid_for(event, registration, payment, now)

    def expired(self, payment: Payment) -> None:
        registration = registration_of(payment)
        if registration is not None:
            release_hold(registration, payment=payment)

    def failed(self, payment: Payment) -> None:
        self.expired(payment)

    def refunded(self, payment: Payment, refund: Refund) -> None:
        registration = registration_of(payment)
        if registration is None:
            return
        if registration.refund_owed and not amount_paid(registration):
            Registration.objects.filter(pk=registration.pk).update(refund_owed=False)
        announced = refund.reason.startswith(AUTOMATIC)
        if refund.status in (Refund.Status.PENDING, Refund.Status.SUCCEEDED) and not announced:
            places.send_registration_email(
                "events/event_ticket_refunded",
                registration,
                refund_amount=pounds(refund.amount),
                fully_refunded=payment.refunded_amount >= payment.amount,
            )

    def alert_recipients(self):
        return staff_to_notify(EVENT_MANAGERS, superusers=True)

    def product(self, payment: Payment) -> str:
        registration = registration_of(payment)
        return f"ticket:{registration.event_id}" if registration is not None else "ticket"

    def buyer(self, payment: Payment) -> Registration | None:
        return registration_of(payment)

    def buyer_name(self, payment: Payment) -> str:
        """The account, or the guest of a ticket bought without one."""
        if payment.user_id:
            return super().buyer_name(payment)
        registration = registration_of(payment)
        return registration.name if registration is not None else ""

    def buyer_email(self, payment: Payment) -> str:
        if payment.user_id:
            return super().buyer_email(payment)
        registration = registration_of(payment)
        return registration.email if registration is not None else ""

    def buyer_admin_url(self, payment: Payment) -> str:
        link = getattr(payment, "registration_link", None)
        if link is None:
            return ""
        return reverse("registrations:inspect", args=[link.registration_id])

    def search(self, term: str) -> Q:
        return Q(registration_link__registration__guest_name__icontains=term) | Q(
            registration_link__registration__guest_email__icontains=term
        )


def _place_paid_for(
    event: EventPage, registration: Registration, payment: Payment, now: datetime.datetime
) -> None:
    """A ticket payment has just been paid: give it its place, or the money back."""
    status = registration.status
    if status in (Status.CONFIRMED, Status.ATTENDED):
        # The place was given without waiting for the money (by staff): keep it.
        if _paid_payments(registration).exclude(pk=payment.pk).exists():
            # Our flows open one payment per place at a time; should a second one
            # ever be paid, a person decides which to refund.
            payment_services.alert_staff(
                "A place was paid for twice",
                f"{registration.email} has paid twice for one place at {event.title}. "
                "Refund one of the payments from the admin.",
                payment=payment,
            )
        return
    if status in (Status.PENDING_PAYMENT, Status.OFFERED):
        _confirm(registration, now)
        return
    lapsed = status == Status.CANCELLED and registration.hold_expires_at is not None
    if not (lapsed or status == Status.WAITLISTED):
        why = (
            "the event had been cancelled"
            if event.is_cancelled
            else "your registration had been cancelled by then"
        )
        _refund_late(registration, REFUND_NOT_WANTED, why)
        return
    if event.is_cancelled or event.start <= now:
        _refund_late(registration, REFUND_NO_PLACE, "the event no longer takes registrations")
        return
    other = (
        places.active_registration_for(event, user=registration.user)
        if registration.user_id
        else places.active_registration_for(event, email=registration.guest_email)
    )
    if other is not None and other.pk != registration.pk:
        _refund_late(registration, REFUND_NO_PLACE, "you already hold another registration")
        return
    if places_left(event) <= 0:
        _refund_late(registration, REFUND_NO_PLACE, "the place had gone to someone else")
        return
    _confirm(registration, now)


def _confirm(registration: Registration, now: datetime.datetime) -> None:
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    registration.cancelled_at = None
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "cancelled_at", "offer_expires_at"])
    places.announce(registration)


def _refund_late(registration: Registration, reason: str, why: str) -> None:
    owe_refund(registration, reason)
    places.send_registration_email(
        "events/event_ticket_late_refund",
        registration,
        why=why,
        refund_amount=pounds(amount_paid(registration)),
    )


def release_hold(
    registration: Registration,
    *,
    payment: Payment | None = None,
    now: datetime.datetime | None = None,
) -> bool:
    """End a hold whose payment was not completed: the registration is cancelled
    (its ``hold_expires_at`` kept, so that a payment arriving later is known as
    late), the buyer told, and the place offered to the waitlist. Does nothing if
    the place is no longer held for payment, or is held for another open payment."""
    now = now or timezone.now()
    with transaction.atomic():
        event, registration = places.lock_event_and_registration(registration)
        if registration.status != Status.PENDING_PAYMENT:
            return False
        others = ticket_payments(registration).filter(status=PaymentStatus.PENDING)
        if payment is not None and others.exclude(pk=payment.pk).exists():
            return False
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.offer_expires_at = None
        registration.hold_expires_at = registration.hold_expires_at or now
        registration.save(
            update_fields=["status", "cancelled_at", "offer_expires_at", "hold_expires_at"]
        )
        registration.event = event
        if event.end > now and not event.is_cancelled:
            places.send_registration_email("events/event_ticket_hold_ended", registration)
        places.offer_free_places(event, now)
    return True


# The clock (events.tasks.expire_payment_holds) --------------------------------


def expire_holds(now: datetime.datetime | None = None) -> int:
    """End the holds whose time is up: each open ticket payment past its end is
    expired at Stripe and the state Stripe reports applied (a payment made at the
    last moment confirms its place). When Stripe cannot be reached, the place is
    released on our side a few minutes later anyway. Refunds still owed are tried
    again. Safe to run late, twice or in two workers at once. Returns how many
    holds ended."""
    now = now or timezone.now()
    ended = 0
    due = Payment.objects.filter(
        purpose=Payment.Purpose.TICKET, status=PaymentStatus.PENDING, expires_at__lte=now
    ).select_related("registration_link__registration")
    for payment in due.order_by("expires_at", "pk"):
        try:
            payment_services.expire_checkout(payment)
        except (StripeUnavailable, payment_services.PaymentMismatch) as error:
            logger.warning("Could not end the Checkout of payment %s: %s", payment.pk, error)
            registration = registration_of(payment)
            # The query asked for expires_at__lte=now: never None here.
            if registration and payment.expires_at <= now - RELEASE_WITHOUT_STRIPE_AFTER:  # type: ignore[operator]
                ended += release_hold(registration, payment=payment, now=now)
            continue
        payment.refresh_from_db(fields=["status"])
        ended += payment.status == PaymentStatus.EXPIRED
    # Holds left without an open payment (Checkout never started): release them.
    stranded = Registration.objects.filter(
        status=Status.PENDING_PAYMENT, hold_expires_at__lte=now - RELEASE_WITHOUT_STRIPE_AFTER
    ).exclude(payments__status=PaymentStatus.PENDING)
    for registration in stranded:
        ended += release_hold(registration, now=now)
    for registration_id in Registration.objects.filter(refund_owed=True).values_list(
        "pk", flat=True
    ):
        make_owed_refund(registration_id)
    return ended
