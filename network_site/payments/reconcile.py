"""Reconciliation: what Stripe knows about recent payments, brought into our records.

Webhooks can be missed (an outage, an endpoint misconfigured for a while). On a
schedule, and by hand with ``manage.py reconcile_payments``, this reads recent
Checkout Sessions, subscriptions, invoices and refunds from Stripe and applies
each one of ours with the very functions the webhook uses (``services.sync_*`` and
``services.apply_refund``), so there is no second way of changing a payment.
Those functions apply Stripe's current state, so running this twice, or after the
missed webhooks finally arrive, changes nothing more.

Everything is read from Stripe before anything is applied: if Stripe cannot be
reached, nothing changes. What changed is found by comparing our rows (the
payments concerned, their refunds and the buyers' records) before and
after each object is applied. A dry run applies everything inside a transaction
that is rolled back, with Stripe only read, so it reports exactly what a real run
would do.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
from dataclasses import dataclass, field
from functools import partial
from io import TextIOBase
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import stripe
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import services, stripe_api
from .models import Payment, Refund, StripeEvent
from .money import pounds
from .services import PaymentMismatch
from .stripe_api import StripeUnavailable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from django.db import models

    from .models import PaymentQuerySet

    # Our rows an object can change, by (kind, pk): each row's field values.
    Snapshot = dict[tuple[str, int], dict[str, Any]]

logger = logging.getLogger(__name__)

LONDON = ZoneInfo("Europe/London")
OPEN = (Payment.Status.PENDING, Payment.Status.PROCESSING)
# A refund we asked Stripe for whose call never came back, once this old.
STRANDED_REFUND_AFTER = datetime.timedelta(minutes=15)

KINDS = {
    "session": ("Checkout Session", "Checkout Sessions"),
    "subscription": ("subscription", "subscriptions"),
    "invoice": ("invoice", "invoices"),
    "refund": ("refund", "refunds"),
}


@dataclass
class Report:
    """What one reconciliation found: what it applied, and the differences that
    need a person (for those, nothing is changed)."""

    since: datetime.datetime
    dry_run: bool = False
    checked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    applied: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def in_step(self) -> bool:
        return not (self.applied or self.differences or self.errors)

    def summary(self) -> str:
        counts = ", ".join(_counted(kind, number) for kind, number in self.checked.items())
        verb = "would apply" if self.dry_run else "applied"
        differences = len(self.differences)
        text = (
            f"Checked {counts} of ours: {verb} {len(self.applied)}, "
            f"{differences} difference{'' if differences == 1 else 's'}"
        )
        if self.errors:
            text += f", {len(self.errors)} not applied"
        return text + "."

    def lines(self) -> list[str]:
        mode = "live" if stripe_api.livemode() else "test"
        since = timezone.localtime(self.since, LONDON)
        lines = [
            f"Reconciled with Stripe ({mode} mode) since {since:%d %b %Y %H:%M} London time"
            + (": a dry run, nothing was changed." if self.dry_run else "."),
            self.summary(),
        ]
        sections = [
            ("Would apply" if self.dry_run else "Applied", self.applied),
            ("Differences (nothing was changed for these)", self.differences),
            ("Not applied: Stripe failed part-way, run again", self.errors),
        ]
        for heading, items in sections:
            if items:
                lines.append(f"{heading}:")
                lines.extend(f"  - {item}" for item in items)
        if self.in_step:
            lines.append("Nothing to do: our records match Stripe.")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _counted(kind: str, number: int) -> str:
    singular, plural = KINDS[kind]
    return f"{number} {singular if number == 1 else plural}"


# Reading Stripe: everything, before anything is applied.


def _every(resource: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every object of a Stripe list, all pages."""
    return services._call(lambda: list(resource.list({"limit": 100, **params}).auto_paging_iter()))


def _not_found(error: BaseException) -> bool:
    cause = error.__cause__
    return isinstance(cause, stripe.InvalidRequestError) and cause.http_status == 404


@dataclass
class FromStripe:
    sessions: list
    subscriptions: list  # those that may have changed in the period
    invoices: list
    refunds: list
    unknown_payments: list  # payments whose Checkout Session Stripe does not know
    unknown_subscriptions: dict  # subscription id -> a payment that names it


def read_stripe(since: datetime.datetime) -> FromStripe:
    client = stripe_api.client()
    start = int(since.timestamp())
    created = {"created": {"gte": start}}
    mode = stripe_api.livemode()

    sessions = _every(
        client.v1.checkout.sessions,
        {
            **created,
            # What services.retrieve_session expands, for each session of the list.
            "expand": [
                "data.payment_intent.latest_charge",
                "data.subscription",
                "data.invoice",
            ],
        },
    )
    # Our recent payments, and every open one however old, whose session the list
    # did not bring: read each one (or learn that Stripe does not know it).
    listed = {session["id"] for session in sessions}
    unknown_payments = []
    others = (
        Payment.objects.filter(livemode=mode, stripe_checkout_session_id__isnull=False)
        .filter(Q(created_at__gte=since) | Q(status__in=OPEN))
        .exclude(stripe_checkout_session_id__in=listed)
        .order_by("pk")
    )
    for payment in others:
        try:
            sessions.append(
                services.retrieve_session(payment.stripe_checkout_session_id)  # type: ignore[arg-type]  # the query excludes None
            )
        except StripeUnavailable as error:
            if not _not_found(error):
                raise
            unknown_payments.append(payment)

    every_subscription = _every(client.v1.subscriptions, {"status": "all"})
    known = {subscription["id"] for subscription in every_subscription}
    unknown_subscriptions: dict[str, int] = {}
    for subscription_id, payment_id in (
        Payment.objects.filter(livemode=mode)
        .exclude(stripe_subscription_id="")
        .order_by("pk")
        .values_list("stripe_subscription_id", "pk")
    ):
        if subscription_id not in known:
            unknown_subscriptions.setdefault(subscription_id, payment_id)
    # One that ended before the period cannot have changed in it.
    subscriptions = [
        subscription
        for subscription in every_subscription
        if (subscription.get("ended_at") or start) >= start
    ]

    invoices = [
        invoice
        for invoice in _every(client.v1.invoices, created)
        if invoice.get("status") == "paid"
        or (invoice.get("status") in ("open", "uncollectible") and invoice.get("attempt_count"))
    ]
    refunds = _every(client.v1.refunds, created)
    return FromStripe(
        sessions, subscriptions, invoices, refunds, unknown_payments, unknown_subscriptions
    )


# Which objects are ours


def _named_payment_id(metadata: dict[str, Any] | None) -> int | None:
    """The payment our metadata names (as a number), or None."""
    value = str((metadata or {}).get("payment_id", ""))
    return int(value) if value.isdigit() else None


def _looks_ours(metadata: dict[str, Any] | None) -> bool:
    """Written by services.start_checkout (so we should have its payment)."""
    metadata = metadata or {}
    return bool(metadata.get("payment_id")) and metadata.get("purpose") in Payment.Purpose.values


def _payments(q: Q) -> PaymentQuerySet:
    return Payment.objects.filter(q).order_by("pk")


def _named(metadata: dict[str, Any] | None) -> Q:
    """The payment our metadata names, as a query (one that finds nothing if none)."""
    payment_id = _named_payment_id(metadata)
    return Q(pk=payment_id) if payment_id is not None else Q(pk__in=[])


# Before and after: what applying an object changed


def _row(instance: models.Model) -> dict[str, Any]:
    return {
        model_field.attname: getattr(instance, model_field.attname)
        for model_field in instance._meta.concrete_fields
        if not getattr(model_field, "auto_now", False)
    }


# The models of the rows a snapshot holds, by the kind that names them in reports
# (a buyer's record is named by its model: "membership", "registration").
_KINDS = {"payment": Payment, "refund": Refund}


def _snapshot(q: Q) -> Snapshot:
    """Our rows an object can change: the payments ``q`` finds, their refunds, and
    the record each is for (its purpose's handler says which)."""
    payments = list(_payments(q))
    state = {("payment", payment.pk): _row(payment) for payment in payments}
    for refund in Refund.objects.filter(payment__in=[p.pk for p in payments]).order_by("pk"):
        state[("refund", refund.pk)] = _row(refund)
    buyers = {}
    for payment in payments:  # each read afresh, with its buyer's record
        buyer = services.handler_for(payment).buyer(payment)
        if buyer is not None:
            kind = buyer._meta.model_name
            _KINDS.setdefault(kind, type(buyer))
            buyers[(kind, buyer.pk)] = _row(buyer)
    state.update(sorted(buyers.items()))
    return state


def _status_label(kind: str, value: Any) -> Any:
    """The status as staff read it (its choice's label)."""
    model = _KINDS[kind]
    field = model._meta.get_field("status")
    return dict(field.flatchoices).get(value, value)  # type: ignore[union-attr]  # a concrete field


def _changes(before: Snapshot, after: Snapshot) -> list[str]:
    described = []
    for key, now in after.items():
        was = before.get(key)
        if was == now:
            continue
        kind, pk = key
        if was is None:
            # No number: a dry run's rows are rolled back, so theirs would mislead.
            what = f"{kind} of {pounds(now['amount'])}" if "amount" in now else kind
            status = _status_label(kind, now.get("status"))
            described.append(f"recorded a new {what}: {status}")
            continue
        if kind == "payment":
            name = f"payment {pk} ({now['description']}, {pounds(now['amount'])})"
        elif kind == "refund":
            name = f"refund {now['stripe_refund_id'] or pk} of {pounds(now['amount'])}"
        else:
            name = f"{kind} {pk}"
        if "status" in now and was["status"] != now["status"]:
            old, new = _status_label(kind, was["status"]), _status_label(kind, now["status"])
            described.append(f"{name}: {old} → {new}")
        else:
            fields = [field_name for field_name in now if was.get(field_name) != now[field_name]]
            described.append(f"{name}: {', '.join(fields)} updated")
    return described


# Applying


class Reconciliation:
    def __init__(self, report: Report, stripe_objects: FromStripe) -> None:
        self.report = report
        self.stripe = stripe_objects
        self.alerted: set[str] = set()

    def run(self) -> None:
        for session in self.stripe.sessions:
            q = Q(stripe_checkout_session_id=session["id"]) | _named(session.get("metadata"))
            self.apply(
                "session", session, q, partial(services.sync_session, session["id"], session)
            )
        for subscription in self.stripe.subscriptions:
            q = Q(stripe_subscription_id=subscription["id"]) | _named(subscription.get("metadata"))
            self.apply(
                "subscription",
                subscription,
                q,
                partial(services.sync_subscription, subscription["id"], subscription),
            )
        for invoice in self.stripe.invoices:
            subscription_id, metadata = services._invoice_subscription(invoice)
            if subscription_id:
                q = (
                    Q(stripe_invoice_id=invoice["id"])
                    | Q(stripe_subscription_id=subscription_id)
                    | _named(metadata)
                )
                self.apply(
                    "invoice", invoice, q, partial(services.sync_invoice, invoice["id"], invoice)
                )
        for refund in self.stripe.refunds:
            q = _named(refund.get("metadata"))
            payment_intent = services._id(refund.get("payment_intent"))
            if payment_intent:
                q |= Q(stripe_payment_intent_id=payment_intent)
            self.apply("refund", refund, q, partial(services.apply_refund, refund))
        self.local_differences()

    def apply(
        self, kind: str, stripe_object: dict[str, Any], q: Q, function: Callable[[], object]
    ) -> None:
        """Apply one object of ours (one ``q`` finds a payment for) with the webhook's
        own function and say what changed; a mismatch changes nothing, is reported
        and alerts staff."""
        if not _payments(q).exists():
            self.not_ours(kind, stripe_object)
            return
        self.report.checked[kind] += 1
        label = f"{KINDS[kind][0]} {stripe_object['id']}"
        try:
            with transaction.atomic():
                before = _snapshot(q)
                function()
                after = _snapshot(q)
        except PaymentMismatch as mismatch:
            self.mismatch(kind, stripe_object, mismatch, q)
        except StripeUnavailable as error:
            self.report.errors.append(f"{label}: {error}")
        else:
            changes = _changes(before, after)
            if changes:
                self.report.applied.append(f"{label}: {'; '.join(changes)}")

    def mismatch(
        self, kind: str, stripe_object: dict[str, Any], mismatch: PaymentMismatch, q: Q
    ) -> None:
        object_id = stripe_object["id"]
        self.report.differences.append(f"{mismatch} Nothing was changed.")
        if self.report.dry_run or object_id in self.alerted:
            return
        self.alerted.add(object_id)
        # Staff hear of each object once, however many runs still find it.
        _, created = StripeEvent.objects.get_or_create(
            stripe_id=f"reconcile:{object_id}",
            defaults={
                "type": f"reconcile.{kind}",
                "livemode": bool(stripe_object.get("livemode")),
                "created": services._when(stripe_object.get("created")) or timezone.now(),
                "outcome": StripeEvent.Outcome.MISMATCH,
                "detail": str(mismatch),
            },
        )
        if created:
            services.alert_staff(
                f"Reconciliation found a Stripe {KINDS[kind][0]} that does not match what we sold",
                f"{mismatch} Nothing was changed.",
                payment=mismatch.payment or _payments(q).first(),
            )

    def not_ours(self, kind: str, stripe_object: dict[str, Any]) -> None:
        """Our metadata on an object whose payment we do not have."""
        metadata = stripe_object.get("metadata") or {}
        if _looks_ours(metadata):
            self.report.differences.append(
                f"{KINDS[kind][0]} {stripe_object['id']} names payment "
                f"{metadata.get('payment_id')}, which we do not have."
            )

    def local_differences(self) -> None:
        differences = self.report.differences
        for payment in self.stripe.unknown_payments:
            differences.append(
                f"Payment {payment.pk} ({payment.description}, {payment.get_status_display()}) "
                f"names Checkout Session {payment.stripe_checkout_session_id}, "
                "which Stripe does not know."
            )
        for subscription_id, payment_id in self.stripe.unknown_subscriptions.items():
            differences.append(
                f"Payment {payment_id} names subscription {subscription_id}, "
                "which Stripe does not know."
            )
        stranded = Refund.objects.filter(
            stripe_refund_id__isnull=True,
            created_at__gte=self.report.since,
            created_at__lt=timezone.now() - STRANDED_REFUND_AFTER,
        ).order_by("pk")
        for refund in stranded:
            differences.append(
                f"Refund {refund.pk} of {pounds(refund.amount)} on payment {refund.payment_id} "
                "was asked for but Stripe never confirmed it: check the payment in Stripe."
            )


# A dry run reads Stripe but never writes to it.


class ReadOnlyHTTPClient(stripe.HTTPClient):
    """Passes reads to the real HTTP layer and refuses every write the way Stripe
    refuses a bad request (so the SDK does not retry it)."""

    name = "read-only"

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def request(self, method, url, headers, post_data=None, **kwargs):
        if method.lower() == "get":
            return self.inner.request(method, url, headers, post_data)
        body = {"error": {"type": "invalid_request_error", "message": "A dry run changes nothing."}}
        return json.dumps(body), 400, {}

    def request_stream(self, method, url, headers, post_data=None, **kwargs):
        raise stripe.APIConnectionError("A dry run does not stream.", should_retry=False)

    def close(self):
        self.inner.close()


@contextlib.contextmanager
def _stripe_read_only() -> Iterator[None]:
    # The HTTP layer the client is built with (the SDK's own unless tests set one).
    current = stripe_api._http_client
    stripe_api.set_http_client(ReadOnlyHTTPClient(current or stripe.new_default_http_client()))
    try:
        yield
    finally:
        stripe_api.set_http_client(current)


class _DryRunRollback(Exception):
    pass


def reconcile(
    *, since: datetime.datetime, stdout: TextIOBase | None = None, dry_run: bool = False
) -> Report:
    """Bring our records in line with what Stripe says happened since ``since``.
    Raises StripeUnavailable (having changed nothing) if Stripe cannot be read."""
    report = Report(since=since, dry_run=dry_run)
    stripe_objects = read_stripe(since)
    if stdout is not None:
        read = [
            _counted("session", len(stripe_objects.sessions)),
            _counted("subscription", len(stripe_objects.subscriptions)),
            _counted("invoice", len(stripe_objects.invoices)),
            _counted("refund", len(stripe_objects.refunds)),
        ]
        stdout.write(f"Read from Stripe: {', '.join(read)}.")
    run = Reconciliation(report, stripe_objects)
    if not dry_run:
        run.run()
        return report
    with contextlib.suppress(_DryRunRollback), _stripe_read_only(), transaction.atomic():
        run.run()
        raise _DryRunRollback
    return report
