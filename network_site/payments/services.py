"""The one payment flow of the site: start a Stripe Checkout Session for something
we sell, and bring our records in line with what Stripe says happened.

Everything that learns about a payment (the webhook, the buyer's return page, the
expiry task, ``reconcile_payments``) calls the ``sync_*`` functions here. They read
the *current* state of the object from Stripe and apply it, so the order in which
events arrive does not matter and applying the same state twice changes nothing.

What a payment *means* belongs to the app that sold it: members (the annual fee)
and events (tickets) register a ``PurposeHandler`` with ``register_purpose``. The
handler is told when a payment becomes paid, fails or expires, and (for the fee)
when the subscription behind it changes.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import stripe
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from network_site.emails import send_templated_email
from network_site.refusals import Refused
from network_site.roles import staff_to_notify

from . import stripe_api
from .models import Payment, Refund
from .money import pounds
from .stripe_api import StripeUnavailable

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # the configured user model (django-stubs)

logger = logging.getLogger(__name__)

Status = Payment.Status


class PaymentMismatch(Exception):
    """Stripe reports something other than what we sold (amount, currency, product
    or the payment it names). Nothing is changed and staff are alerted (those the
    payment's purpose names, when the payment is known)."""

    def __init__(self, message: str, payment: Payment | None = None) -> None:
        super().__init__(message)
        self.payment = payment


class StripeNotFound(StripeUnavailable):
    """Stripe no longer has the object an event or a record names."""


class StripeRefused(StripeUnavailable):
    """Stripe answered and refused the request: it did nothing."""


class RefundUnconfirmed(StripeUnavailable):
    """Stripe may or may not have made a refund (its answer was lost, or it failed
    on its side). The refund is kept with its idempotency key: asking again for it
    either finds the refund Stripe made or makes it, never a second one."""

    def __init__(self, refund: Refund) -> None:
        super().__init__(
            f"Stripe did not confirm the refund of {pounds(refund.amount)}: it may "
            "or may not have been made. Refund the same amount again to finish it "
            "(the retry cannot refund twice)."
        )
        self.refund = refund


# What each purpose does when its payments change, and who each payment is for
# (members and events register a handler; this app never imports them).


class PurposeHandler:
    """What a purpose means. The app that sells it keeps the buyer's record (and the
    link from it to the payment) and answers for it here.

    The ``paid`` ... ``renewal`` methods run inside the transaction that changes
    the payment, with the payment row locked. The others describe a payment for
    Stripe's metadata, the admin, alerts and reconciliation."""

    # The heading of the payments export's column that names the buyer's record
    # (``buyer(payment).pk``), and the lookups that bring that record (and whatever
    # ``buyer_name`` reads) with each payment of a listing, so that a listing makes
    # no query per row.
    reference_heading = ""
    listing_related: tuple[str, ...] = ()

    def paid(self, payment: Payment, *, first_time: bool) -> None:
        pass

    def failed(self, payment: Payment) -> None:
        pass

    def expired(self, payment: Payment) -> None:
        pass

    def refunded(self, payment: Payment, refund: Refund) -> None:
        pass

    def subscription_changed(self, payment: Payment, subscription: SubscriptionState) -> None:
        """``subscription`` is a SubscriptionState; ``payment`` the first fee."""

    def renewal(self, payment: Payment, *, paid: bool) -> None:
        """A renewal invoice of a subscription was paid (or its payment failed)."""

    def attach_renewal(self, renewal: Payment, first: Payment) -> None:
        """A renewal of the subscription ``first`` started has just been recorded:
        give it the same buyer."""

    def alert_recipients(self):
        """The staff told when a payment of this purpose needs a human."""
        return staff_to_notify(superusers=True)

    def product(self, payment: Payment) -> str:
        """What was sold, as written into Stripe's metadata (and checked on the way
        back): it scopes a payment to the thing bought."""
        return payment.purpose

    def buyer(self, payment: Payment) -> Any:
        """The record the payment is for (a membership, a registration), or None
        once that record is gone."""
        return None

    def buyer_name(self, payment: Payment) -> str:
        if payment.user_id and payment.user:
            return payment.user.get_full_name() or payment.user.email
        return ""

    def buyer_email(self, payment: Payment) -> str:
        return payment.user.email if payment.user_id and payment.user else ""

    def buyer_admin_url(self, payment: Payment) -> str:
        """The admin page of the buyer's record, or ""."""
        return ""

    def search(self, term: str) -> Q:
        """Payments whose buyer matches the admin listing's search ``term``."""
        return Q(pk__in=[])


_handlers: dict[str, PurposeHandler] = {}


def register_purpose(purpose: str, handler: PurposeHandler) -> None:
    _handlers[purpose] = handler


def handler_for(payment: Payment) -> PurposeHandler:
    return _handlers.get(payment.purpose) or PurposeHandler()


def registered_purposes() -> list[tuple[str, PurposeHandler]]:
    """Every purpose with its handler, in the order the apps registered them."""
    return list(_handlers.items())


def registered_handlers() -> list[PurposeHandler]:
    return list(_handlers.values())


@dataclass(frozen=True)
class SubscriptionState:
    id: str
    status: str  # Stripe's: active, past_due, unpaid, canceled, incomplete, ...
    customer: str
    period_end: datetime.datetime | None
    cancel_at_period_end: bool

    @property
    def given_up(self) -> bool:
        """Stripe stopped retrying: the subscription ended without being paid."""
        return self.status in ("canceled", "unpaid", "incomplete_expired")


# Helpers for Stripe's objects (StripeObject is a dict).


def _id(value: str | dict[str, Any] | None) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return value.get("id", "")


def _when(timestamp: int | None) -> datetime.datetime | None:
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC) if timestamp else None


def _plain(value: Any) -> Any:
    """The SDK's objects as plain dicts (its StripeObject is no longer a dict)."""
    if isinstance(value, stripe.StripeObject):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call Stripe; a network failure or an error from Stripe is StripeUnavailable."""
    try:
        return _plain(function(*args, **kwargs))
    except stripe.InvalidRequestError as error:
        if error.http_status == 404:
            raise StripeNotFound(str(error)) from error
        logger.warning("Stripe refused a call: %s", error)
        raise StripeRefused(str(error)) from error
    except (stripe.CardError, stripe.AuthenticationError, stripe.PermissionError) as error:
        logger.warning("Stripe refused a call: %s", error)
        raise StripeRefused(str(error)) from error
    except stripe.StripeError as error:
        logger.warning("Stripe call failed: %s", error)
        raise StripeUnavailable(str(error)) from error


def _metadata(payment: Payment, product: str) -> dict[str, str]:
    return {"payment_id": str(payment.pk), "purpose": payment.purpose, "product": product}


def product_key(payment: Payment) -> str:
    """What we sold, as written into Stripe's metadata and checked on the way back."""
    return handler_for(payment).product(payment)


# Starting a payment


def start_checkout(
    payment: Payment,
    *,
    name: str,
    success_url: str,
    cancel_url: str,
    payment_method_types: Sequence[str] = ("card",),
    recurring_interval: str | None = None,
    customer_id: str = "",
    customer_email: str = "",
) -> str:
    """Open a Checkout Session for a saved, pending ``payment`` (its amount comes
    from our records). A yearly ``recurring_interval`` makes it a subscription.
    Returns the Checkout URL. Raises StripeUnavailable, in which case the payment
    is marked cancelled and the caller must release whatever it held."""
    product = product_key(payment)
    metadata = _metadata(payment, product)
    price_data = {
        "currency": payment.currency,
        "unit_amount": payment.amount,
        "product_data": {"name": name, "metadata": {"product": product}},
    }
    params: dict[str, Any] = {
        "mode": "subscription" if recurring_interval else "payment",
        "line_items": [{"quantity": 1, "price_data": price_data}],
        "allowed_payment_method_types": list(payment_method_types),
        "client_reference_id": str(payment.pk),
        "metadata": metadata,
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    if recurring_interval:
        price_data["recurring"] = {"interval": recurring_interval}
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["payment_intent_data"] = {"metadata": metadata}
    if payment.expires_at:
        params["expires_at"] = int(payment.expires_at.timestamp())
    if customer_id:
        params["customer"] = customer_id
    elif customer_email:
        params["customer_email"] = customer_email
    try:
        session = _call(
            stripe_api.client().v1.checkout.sessions.create,
            params,
            {"idempotency_key": f"checkout-{payment.pk}"},
        )
    except StripeUnavailable:
        Payment.objects.filter(pk=payment.pk, status=Status.PENDING).update(status=Status.CANCELLED)
        payment.status = Status.CANCELLED
        raise
    payment.stripe_checkout_session_id = session["id"]
    payment.checkout_url = session.get("url") or ""
    payment.livemode = bool(session.get("livemode"))
    if session.get("expires_at"):
        payment.expires_at = _when(session["expires_at"])
    payment.save(
        update_fields=["stripe_checkout_session_id", "checkout_url", "livemode", "expires_at"]
    )
    return payment.checkout_url


# Applying what Stripe says


def _lock(payment_id):
    return Payment.objects.select_for_update().filter(pk=payment_id).first()


def _check(
    payment: Payment,
    *,
    amount: int | None,
    currency: str | None,
    metadata: dict[str, Any],
    what: str,
) -> None:
    problems = []
    if metadata.get("payment_id") != str(payment.pk):
        problems.append(f"names payment {metadata.get('payment_id')!r}")
    if metadata.get("product") != product_key(payment):
        problems.append(f"is for {metadata.get('product')!r}, not {product_key(payment)!r}")
    if amount is not None and amount != payment.amount:
        problems.append(f"is for {amount} pence, not {payment.amount}")
    if currency and currency.lower() != payment.currency:
        problems.append(f"is in {currency}, not {payment.currency}")
    if problems:
        raise PaymentMismatch(
            f"{what} for payment {payment.pk} " + "; ".join(problems) + ".", payment
        )


def _payment_for(metadata: dict[str, Any] | None, *, session_id: str = "") -> Payment | None:
    payment_id = (metadata or {}).get("payment_id", "")
    if session_id:
        payment = Payment.objects.filter(stripe_checkout_session_id=session_id).first()
        if payment is not None:
            return payment
    if payment_id.isdigit():
        return Payment.objects.filter(pk=int(payment_id)).first()
    return None


def _receipt_url(payment_intent: str | dict[str, Any] | None) -> str:
    if not payment_intent or isinstance(payment_intent, str):
        return ""
    charge = payment_intent.get("latest_charge")
    if charge and not isinstance(charge, str):
        return charge.get("receipt_url") or ""
    return ""


def _invoice_receipt_url(invoice: str | dict[str, Any] | None) -> str:
    """A subscription's first invoice: once paid, Stripe's page for it is the receipt."""
    if not invoice or isinstance(invoice, str) or invoice.get("status") != "paid":
        return ""
    return invoice.get("hosted_invoice_url") or ""


def _mark_paid(
    payment: Payment,
    *,
    when: datetime.datetime | None = None,
    method: str = "",
    receipt_url: str = "",
) -> bool:
    first_time = payment.status not in (*Payment.SETTLED, Status.REFUNDED)
    if first_time:
        payment.status = Status.PAID
        payment.paid_at = when or timezone.now()
    if method and not payment.method:
        payment.method = method
    if receipt_url:
        payment.receipt_url = receipt_url
    payment.save()
    handler_for(payment).paid(payment, first_time=first_time)
    return first_time


def retrieve_session(session_id: str) -> dict[str, Any]:
    return _call(
        stripe_api.client().v1.checkout.sessions.retrieve,
        session_id,
        {"expand": ["payment_intent.latest_charge", "subscription", "invoice"]},
    )


@transaction.atomic
def sync_session(session_id: str, session: dict[str, Any] | None = None) -> bool:
    """Apply the current state of a Checkout Session to its payment. Returns
    True if anything changed."""
    session = session or retrieve_session(session_id)
    found = _payment_for(session.get("metadata"), session_id=session["id"])
    if found is None:
        logger.info("Checkout Session %s is not one of ours", session["id"])
        return False
    payment = _lock(found.pk)
    _check(
        payment,
        amount=session.get("amount_total"),
        currency=session.get("currency"),
        metadata=session.get("metadata") or {},
        what=f"Checkout Session {session['id']}",
    )
    before = (payment.status, payment.stripe_payment_intent_id, payment.stripe_subscription_id)
    payment.stripe_checkout_session_id = session["id"]
    payment.stripe_customer_id = _id(session.get("customer")) or payment.stripe_customer_id
    payment.stripe_payment_intent_id = (
        _id(session.get("payment_intent")) or payment.stripe_payment_intent_id
    )
    payment.stripe_subscription_id = (
        _id(session.get("subscription")) or payment.stripe_subscription_id
    )
    status, payment_status = session.get("status"), session.get("payment_status")
    method = ""
    types = session.get("payment_method_types") or []
    if len(types) == 1:
        method = types[0]
    changed = False
    if status == "complete" and payment_status in ("paid", "no_payment_required"):
        changed = _mark_paid(
            payment,
            method=method,
            receipt_url=_receipt_url(session.get("payment_intent"))
            or _invoice_receipt_url(session.get("invoice")),
        )
        subscription = session.get("subscription")
        if subscription and not isinstance(subscription, str):
            _apply_subscription(payment, subscription)
    elif status == "complete" and payment.status == Status.PENDING:
        # Bacs Direct Debit: the buyer finished, the money follows in days.
        payment.status = Status.PROCESSING
        payment.method = payment.method or Payment.Method.BACS
        payment.save()
        changed = True
    elif status == "expired" and payment.status in (Status.PENDING, Status.PROCESSING):
        payment.status = Status.EXPIRED
        payment.save()
        handler_for(payment).expired(payment)
        changed = True
    else:
        payment.save()
    return changed or before != (
        payment.status,
        payment.stripe_payment_intent_id,
        payment.stripe_subscription_id,
    )


@transaction.atomic
def fail_session(session_id: str) -> bool:
    """A delayed payment (Bacs Direct Debit) was not collected."""
    session = retrieve_session(session_id)
    found = _payment_for(session.get("metadata"), session_id=session["id"])
    if found is None:
        return False
    payment = _lock(found.pk)
    if payment.status not in (Status.PENDING, Status.PROCESSING):
        return False
    payment.status = Status.FAILED
    payment.save(update_fields=["status"])
    handler_for(payment).failed(payment)
    return True


def _subscription_state(subscription: dict[str, Any]) -> SubscriptionState:
    items = (subscription.get("items") or {}).get("data") or []
    period_end = max((item.get("current_period_end") or 0 for item in items), default=0)
    return SubscriptionState(
        id=subscription["id"],
        status=subscription.get("status", ""),
        customer=_id(subscription.get("customer")),
        period_end=_when(period_end),
        cancel_at_period_end=bool(subscription.get("cancel_at_period_end")),
    )


def _apply_subscription(payment: Payment, subscription: dict[str, Any]) -> SubscriptionState:
    state = _subscription_state(subscription)
    payment.stripe_subscription_id = state.id
    payment.stripe_customer_id = state.customer or payment.stripe_customer_id
    payment.save()
    handler_for(payment).subscription_changed(payment, state)
    return state


def retrieve_subscription(subscription_id: str) -> dict[str, Any]:
    return _call(stripe_api.client().v1.subscriptions.retrieve, subscription_id)


def _first_payment_of(subscription: dict[str, Any]) -> Payment | None:
    """The payment that started a subscription (its metadata names it)."""
    found = _payment_for(subscription.get("metadata"))
    if found is None:
        found = Payment.objects.filter(stripe_subscription_id=subscription["id"]).first()
    return found


@transaction.atomic
def sync_subscription(
    subscription_id: str, subscription: dict[str, Any] | None = None
) -> SubscriptionState | None:
    subscription = subscription or retrieve_subscription(subscription_id)
    found = _first_payment_of(subscription)
    if found is None:
        logger.info("Subscription %s is not one of ours", subscription_id)
        return None
    payment = _lock(found.pk)
    _check(
        payment,
        amount=None,
        currency="",
        metadata=subscription.get("metadata") or {},
        what=f"Subscription {subscription['id']}",
    )
    return _apply_subscription(payment, subscription)


def retrieve_invoice(invoice_id: str) -> dict[str, Any]:
    return _call(stripe_api.client().v1.invoices.retrieve, invoice_id, {"expand": ["payments"]})


def _invoice_payment_intent(invoice: dict[str, Any]) -> str:
    """The PaymentIntent that paid an invoice (what a refund of it goes through)."""
    payments = invoice.get("payments")
    if payments is None:  # listed without its payments: read it whole
        payments = retrieve_invoice(invoice["id"]).get("payments")
    rows = (payments or {}).get("data") or []
    rows = sorted(rows, key=lambda row: row.get("status") != "paid")
    for row in rows:
        intent = _id((row.get("payment") or {}).get("payment_intent"))
        if intent:
            return intent
    return ""


def _invoice_period_end(invoice: dict[str, Any]) -> datetime.datetime | None:
    """The end of the year an invoice pays for (its subscription line's period)."""
    lines = (invoice.get("lines") or {}).get("data") or []
    ends = [(line.get("period") or {}).get("end") or 0 for line in lines]
    return _when(max(ends, default=0))


def _invoice_subscription(invoice: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    details = ((invoice.get("parent") or {}).get("subscription_details")) or {}
    return _id(details.get("subscription")), details.get("metadata") or {}


@transaction.atomic
def sync_invoice(invoice_id: str, invoice: dict[str, Any] | None = None) -> bool:
    """A subscription's invoice: the first one pays the payment that started the
    subscription; each later one is a renewal, recorded as its own payment."""
    invoice = invoice or retrieve_invoice(invoice_id)
    subscription_id, metadata = _invoice_subscription(invoice)
    if not subscription_id:
        return False
    subscription = retrieve_subscription(subscription_id)
    found = _first_payment_of(subscription)
    if found is None:
        return False
    first = _lock(found.pk)
    paid = invoice.get("status") == "paid"
    _check(
        first,
        amount=invoice.get("amount_paid") if paid else invoice.get("amount_due"),
        currency=invoice.get("currency"),
        metadata=metadata or subscription.get("metadata") or {},
        what=f"Invoice {invoice['id']}",
    )
    paid_at = _when((invoice.get("status_transitions") or {}).get("paid_at"))
    if invoice.get("billing_reason") == "subscription_create" or (
        first.stripe_invoice_id == invoice["id"]
    ):
        changed = first.stripe_invoice_id != invoice["id"]
        first.stripe_invoice_id = invoice["id"]
        first.period_end = _invoice_period_end(invoice) or first.period_end
        if paid and not first.stripe_payment_intent_id:
            first.stripe_payment_intent_id = _invoice_payment_intent(invoice)
        first.receipt_url = first.receipt_url or invoice.get("hosted_invoice_url") or ""
        if paid:
            changed = _mark_paid(first, when=paid_at) or changed
        else:
            first.save()
        _apply_subscription(first, subscription)
        return changed
    renewal, created = Payment.objects.get_or_create(
        stripe_invoice_id=invoice["id"],
        defaults={
            "purpose": first.purpose,
            "user": first.user,
            "description": first.description,
            "amount": first.amount,
            "currency": first.currency,
            "livemode": bool(invoice.get("livemode")),
            "stripe_subscription_id": subscription_id,
            "stripe_customer_id": _id(invoice.get("customer")),
            "method": first.method,
            "status": Status.PENDING,
        },
    )
    if created:
        handler_for(first).attach_renewal(renewal, first)
    renewal = _lock(renewal.pk)
    renewal.receipt_url = invoice.get("hosted_invoice_url") or renewal.receipt_url
    changed = created
    if paid and not renewal.stripe_payment_intent_id:
        renewal.stripe_payment_intent_id = _invoice_payment_intent(invoice)
    if paid and renewal.status not in Payment.SETTLED:
        renewal.status = Status.PAID
        renewal.paid_at = paid_at or timezone.now()
        renewal.save()
        renewal.period_end = _invoice_period_end(invoice)
        renewal.save(update_fields=["period_end"])
        _apply_subscription(first, subscription)
        handler_for(renewal).renewal(renewal, paid=True)
        changed = True
    elif not paid and renewal.status == Status.PENDING and invoice.get("attempt_count"):
        renewal.status = Status.FAILED
        renewal.save()
        handler_for(renewal).renewal(renewal, paid=False)
        _apply_subscription(first, subscription)
        changed = True
    else:
        renewal.save()
    return changed


# Refunds


def retrieve_refund(refund_id: str) -> dict[str, Any]:
    return _call(stripe_api.client().v1.refunds.retrieve, refund_id)


def refunds_of_charge(charge_id: str) -> list[dict[str, Any]]:
    """Every refund of a charge, as plain dicts."""
    refunds = _call(stripe_api.client().v1.refunds.list, {"charge": charge_id, "limit": 100})
    return refunds.get("data") or []


def refund(
    payment: Payment, *, amount: int | None = None, by: _User | None = None, reason: str = ""
) -> Refund | None:
    """Give back ``amount`` pence (everything still refundable when None) through
    Stripe, with an idempotency key so a retried call never refunds twice.

    A refund Stripe did not confirm (``RefundUnconfirmed``) is kept; the next call
    for the payment finishes that one first, with the same key, after looking for
    it at Stripe (an idempotency key lasts 24 hours there, the row for ever)."""
    with transaction.atomic():
        locked = _lock(payment.pk)
        record = locked.refunds.filter(
            stripe_refund_id__isnull=True, status=Refund.Status.PENDING
        ).first()
        retrying = record is not None
        if record is not None:
            if amount not in (None, record.amount):
                raise Refused(
                    f"A refund of {pounds(record.amount)} of this payment is waiting "
                    "for Stripe's confirmation: refund that amount again to finish it first.",
                    field="amount",
                )
        else:
            available = locked.refundable_amount
            amount = available if amount is None else amount
            if amount <= 0 or amount > available:
                raise Refused(
                    f"Up to {pounds(available)} of this payment can be refunded."
                    if available
                    else "Nothing of this payment can be refunded.",
                    field="amount",
                )
            record = Refund.objects.create(
                payment=locked, amount=amount, reason=reason[:255], requested_by=by
            )
    try:
        stripe_refund = _made_at_stripe(locked, record) if retrying else None
        if stripe_refund is None:
            stripe_refund = _call(
                stripe_api.client().v1.refunds.create,
                {
                    "payment_intent": locked.stripe_payment_intent_id,
                    "amount": record.amount,
                    "metadata": {"payment_id": str(locked.pk), "refund_id": str(record.pk)},
                },
                {"idempotency_key": f"refund-{record.pk}"},
            )
    except StripeRefused:
        # Stripe said no, so it made nothing: the refund can be asked for afresh.
        record.delete()
        raise
    except StripeUnavailable as error:
        raise RefundUnconfirmed(record) from error
    return apply_refund(stripe_refund, record=record)


def _made_at_stripe(payment: Payment, record: Refund) -> dict[str, Any] | None:
    """The refund Stripe made for our unconfirmed ``record``, if it made one."""
    found = _call(
        stripe_api.client().v1.refunds.list,
        {"payment_intent": payment.stripe_payment_intent_id, "limit": 100},
    )
    for stripe_refund in found.get("data") or []:
        if (stripe_refund.get("metadata") or {}).get("refund_id") == str(record.pk):
            return stripe_refund
    return None


@transaction.atomic
def apply_refund(stripe_refund: dict[str, Any], record: Refund | None = None) -> Refund | None:
    """Bring a refund (and its payment's refunded total) in line with Stripe."""
    metadata = stripe_refund.get("metadata") or {}
    if record is None:
        record = Refund.objects.filter(stripe_refund_id=stripe_refund["id"]).first()
    if record is None and str(metadata.get("refund_id", "")).isdigit():
        record = Refund.objects.filter(pk=int(metadata["refund_id"])).first()
    payment = None
    if record is not None:
        payment = _lock(record.payment_id)
    else:
        intent = _id(stripe_refund.get("payment_intent"))
        found = Payment.objects.filter(stripe_payment_intent_id=intent).first() if intent else None
        if found is None:
            return None
        payment = _lock(found.pk)
        record = Refund(payment=payment, amount=stripe_refund["amount"], reason="Made in Stripe")
    record.stripe_refund_id = stripe_refund["id"]
    record.amount = stripe_refund["amount"]
    record.status = stripe_refund.get("status") or record.status
    record.save()
    refunded = sum(
        Refund.objects.filter(
            payment=payment, status__in=(Refund.Status.SUCCEEDED, Refund.Status.PENDING)
        ).values_list("amount", flat=True)
    )
    refunded = min(refunded, payment.amount)
    if refunded != payment.refunded_amount:
        payment.refunded_amount = refunded
        if payment.status in (Status.PAID, Status.PARTLY_REFUNDED, Status.REFUNDED):
            payment.status = (
                Status.REFUNDED if refunded >= payment.amount else Status.PARTLY_REFUNDED
            )
        payment.save()
        handler_for(payment).refunded(payment, record)
    return record


# Ending a subscription from our side


def cancel_subscription(subscription_id: str, *, comment: str) -> bool:
    """End a subscription at Stripe now, so nothing more is charged; True if it
    was still running. One that has ended, or that Stripe does not know, is
    fine. Raises StripeUnavailable, so the caller can change nothing and ask
    again. Stripe's webhook then reports the end as for any other."""
    client = stripe_api.client()
    try:
        subscription = _call(client.v1.subscriptions.retrieve, subscription_id)
    except StripeNotFound:
        return False
    if subscription.get("status") in ("canceled", "incomplete_expired"):
        return False
    with contextlib.suppress(StripeNotFound):
        _call(
            client.v1.subscriptions.cancel,
            subscription_id,
            {"cancellation_details": {"comment": comment}},
        )
    return True


# Forgetting a buyer


def forget_customer(customer_ids: Sequence[str], subscription_ids: Sequence[str]) -> None:
    """For an erased account: end its subscriptions now (nothing more is charged)
    and take its name, email, phone and address off its Stripe customer. The
    charges themselves stay at Stripe, as the accounts need. A subscription that
    has already ended is fine. Raises StripeUnavailable, before anything is
    erased on our side, so the erasure can simply be asked for again."""
    client = stripe_api.client()
    for subscription_id in dict.fromkeys(filter(None, subscription_ids)):
        cancel_subscription(subscription_id, comment="The member's account was erased.")
    for customer_id in dict.fromkeys(filter(None, customer_ids)):
        with contextlib.suppress(StripeNotFound):
            _call(
                client.v1.customers.update,
                customer_id,
                {
                    "name": "",
                    "email": "",
                    "phone": "",
                    "description": "Erased at the member's request",
                    "address": "",
                    "shipping": "",
                },
            )


# Ending an open payment from our side


def expire_checkout(payment: Payment) -> bool:
    """End the Checkout Session of a payment whose time is up, then apply whatever
    state Stripe reports (it may have been paid at the last moment)."""
    if payment.stripe_checkout_session_id:
        # Already complete or expired: the state read next says which.
        with contextlib.suppress(StripeUnavailable):
            _call(
                stripe_api.client().v1.checkout.sessions.expire,
                payment.stripe_checkout_session_id,
            )
        return sync_session(payment.stripe_checkout_session_id)
    with transaction.atomic():
        locked = _lock(payment.pk)
        if locked.status != Status.PENDING:
            return False
        locked.status = Status.EXPIRED
        locked.save(update_fields=["status"])
        handler_for(locked).expired(locked)
    return True


# Alerts


def alert_staff(subject_line: str, detail: str, payment: Payment | None = None) -> None:
    """Tell staff something about payments needs a human (a mismatch, a refund
    that could not be made)."""
    handler = handler_for(payment) if payment is not None else PurposeHandler()
    admin_url = ""
    if payment is not None:
        with contextlib.suppress(NoReverseMatch):
            admin_url = reverse("payments_admin:inspect", args=[payment.pk])
    for person in handler.alert_recipients():
        send_templated_email(
            "payments/payment_alert",
            person.email,
            {
                "subject_line": subject_line,
                "detail": detail,
                "payment": payment,
                "admin_url": admin_url,
            },
            user=person,
        )
