"""What the site sold and what Stripe told it: payments, refunds, and the Stripe
events already applied (each exactly once)."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .money import pounds


class PaymentQuerySet(models.QuerySet["Payment"]):
    def settled(self) -> Self:
        return self.filter(status__in=Payment.SETTLED)

    def open(self) -> Self:
        return self.filter(status__in=(Payment.Status.PENDING, Payment.Status.PROCESSING))


class Payment(models.Model):
    """One thing bought: a year's membership fee (the first, each renewal, or one
    recorded by staff) or a ticket. Amounts are in pence; prices always come from
    our own records, never from the browser.

    A payment knows its purpose, not its buyer: the app that sold it links its own
    record to the payment (a membership's fees, a registration's tickets) and
    answers for it through the purpose's handler (``services.PurposeHandler``)."""

    class Purpose(models.TextChoices):
        MEMBERSHIP = "membership", "Membership fee"
        TICKET = "ticket", "Event ticket"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the buyer"
        PROCESSING = "processing", "Payment on its way (Direct Debit)"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Not completed in time"
        CANCELLED = "cancelled", "Cancelled"
        REFUNDED = "refunded", "Refunded"
        PARTLY_REFUNDED = "partly-refunded", "Partly refunded"
        WAIVED = "waived", "Waived by staff"

    class Method(models.TextChoices):
        CARD = "card", "Card"
        BACS = "bacs_debit", "Bacs Direct Debit"
        OFFLINE = "offline", "Paid offline (invoice or bank transfer)"
        WAIVED = "waived", "Waived"

    SETTLED = (Status.PAID, Status.PARTLY_REFUNDED, Status.WAIVED)

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    description = models.CharField(max_length=255)
    amount = models.PositiveIntegerField(help_text="In pence.")
    currency = models.CharField(max_length=3, default="gbp")
    refunded_amount = models.PositiveIntegerField(default=0, help_text="In pence.")
    livemode = models.BooleanField(default=False)
    stripe_checkout_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_invoice_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_subscription_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    receipt_url = models.URLField(max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="When the Checkout Session (and any hold) ends."
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(
        null=True, blank=True, help_text="For a membership fee: the end of the year it pays for."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who recorded an offline payment or a waiver.",
    )
    note = models.TextField(max_length=2000, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("refund_payment", "Can refund payments through Stripe")]
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=models.F("amount")),
                name="payment_refund_not_above_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount_display} ({self.get_status_display()})"

    @property
    def amount_display(self) -> str:
        return pounds(self.amount)

    @property
    def refundable_amount(self) -> int:
        if self.status not in (self.Status.PAID, self.Status.PARTLY_REFUNDED):
            return 0
        if not self.stripe_payment_intent_id:
            return 0
        return self.amount - self.refunded_amount


class Refund(models.Model):
    """Money given back through Stripe, for one payment."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELED = "canceled", "Cancelled"
        REQUIRES_ACTION = "requires_action", "Needs action"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveIntegerField(help_text="In pence.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=255, blank=True)
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Refund of {pounds(self.amount)} on {self.payment}"


class StripeEvent(models.Model):
    """A Stripe event the webhook (or reconciliation) has applied. The unique id is
    what makes every event count once, however often Stripe delivers it: the row is
    written in the same transaction as the event's effects."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", "Applied"
        IGNORED = "ignored", "Not used by the site"
        MISMATCH = "mismatch", "Did not match what we sold: nothing changed, staff alerted"

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    livemode = models.BooleanField(default=False)
    created = models.DateTimeField(help_text="When Stripe created the event.")
    received_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.type} {self.stripe_id} ({self.get_outcome_display()})"
