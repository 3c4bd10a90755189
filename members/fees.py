"""The annual membership fee: paying it through Stripe Checkout (a yearly
subscription), what each change of that payment means for the membership, and
the waivers and offline payments staff record.

The money side (Checkout, webhooks, reading Stripe's state) is the one payment
flow in network_site.payments.services; ``MembershipFeeHandler`` gives those
payments their meaning here and is registered by ``members.signals`` (the app's
wiring, run at start-up). A membership's fee payments are linked to it by
``MembershipPayment``; whether the fee can be paid now is the membership's to say
(``Membership.why_fee_cannot_be_paid``, ``Membership.fee_state``).
Amounts always come from the membership's own ``fee_due``, never from a request.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from typing import TYPE_CHECKING, Any

import stripe
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from network_site.emails import send_templated_email
from network_site.models import OrganisationSettings
from network_site.payments import services as payment_services
from network_site.payments import stripe_api
from network_site.payments.models import Payment
from network_site.payments.services import (
    PaymentMismatch,
    PurposeHandler,
)
from network_site.payments.stripe_api import StripeUnavailable
from network_site.refusals import Refused
from network_site.roles import MEMBERSHIP_OFFICERS, staff_to_notify

from .models import Membership, MembershipFees, MembershipPayment, day_display
from .services import admin_url, lock_membership, may_decide

if TYPE_CHECKING:
    from django.http import HttpRequest

    from network_site.payments.services import SubscriptionState

    from .models import User

logger = logging.getLogger(__name__)

Status = Membership.Status
PURPOSE = Payment.Purpose.MEMBERSHIP

# An open Checkout Session is offered again only while it has this long left.
REUSE_MARGIN = datetime.timedelta(minutes=10)
# What Stripe says of a subscription that is being paid for.
PAYING = ("active", "trialing")


def one_year_after(moment: datetime.datetime) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)


def _organisation_name() -> str:
    site = Site.objects.filter(is_default_site=True).first()
    return OrganisationSettings.for_site(site).name if site else OrganisationSettings().name


def fee_description() -> str:
    return f"{_organisation_name()} membership, one year"


# Paying through Stripe Checkout


def _reusable_checkout(membership: Membership, now: datetime.datetime) -> Payment | None:
    """The member's open Checkout for this very amount, still open long enough to
    use, so that pressing "Pay" twice does not start two payments."""
    return (
        membership.fee_payments()
        .filter(
            status=Payment.Status.PENDING,
            amount=membership.fee_due_pence,
            expires_at__gt=now + REUSE_MARGIN,
        )
        .exclude(Q(stripe_checkout_session_id__isnull=True) | Q(checkout_url=""))
        .first()
    )


def _close_stale_checkouts(membership: Membership) -> None:
    """End the member's open Checkouts (the fee changed since they started one, or
    staff recorded the fee) so that a year can never be paid for twice. Best
    effort: Stripe expires them within a day in any case, and says so by webhook."""
    for payment in membership.fee_payments().filter(status=Payment.Status.PENDING):
        with contextlib.suppress(StripeUnavailable, PaymentMismatch):
            payment_services.expire_checkout(payment)


def _refuse_unless_payable(membership: Membership, now: datetime.datetime) -> None:
    problem = membership.why_fee_cannot_be_paid(now=now)
    if problem:
        raise Refused(problem)


def start_fee_checkout(membership: Membership, *, request: HttpRequest) -> str:
    """Open (or reopen) a Stripe Checkout for the membership's annual fee and return
    its URL. Raises Refused when there is nothing to pay, StripeUnavailable
    when Stripe cannot be reached (the payment is then cancelled: nothing is held)."""
    now = timezone.now()
    dashboard = request.build_absolute_uri(reverse("members:dashboard"))
    unreachable = None
    with transaction.atomic():
        # Locked, so that two presses of "Pay" at once start one payment.
        locked = lock_membership(membership.pk)
        if locked is None:
            raise Refused("You are not a member yet.")
        _refuse_unless_payable(locked, now)
        open_payment = _reusable_checkout(locked, now)
        if open_payment is not None:
            return open_payment.checkout_url
        if locked.fee_payments().filter(status=Payment.Status.PENDING).exists():
            _close_stale_checkouts(locked)
            locked.refresh_from_db()  # an old Checkout may have been paid at the last moment
            _refuse_unless_payable(locked, now)
        payment = _new_fee_payment(locked)
        methods = ["card"]
        if MembershipFees.load().offer_bacs_direct_debit:
            methods.append("bacs_debit")
        return_url = request.build_absolute_uri(reverse("members:fee_return"))
        try:
            return payment_services.start_checkout(
                payment,
                name=f"{_organisation_name()} membership ({locked.get_category_display()})",
                # Stripe fills in {CHECKOUT_SESSION_ID} itself.
                success_url=return_url + "?session_id={CHECKOUT_SESSION_ID}",
                cancel_url=dashboard,
                payment_method_types=methods,
                recurring_interval="year",
                customer_id=locked.stripe_customer_id,
                customer_email="" if locked.stripe_customer_id else locked.user.email,
            )
        except StripeUnavailable as error:
            # start_checkout cancelled the payment; that is kept, so nothing is held.
            unreachable = error
    raise unreachable


def open_billing_portal(membership: Membership, *, return_url: str) -> str:
    """A Stripe customer portal session where the member manages their card and
    sees their receipts; returns its URL."""
    if not membership.stripe_customer_id:
        raise Refused("You have no card or Direct Debit with us to manage.")
    try:
        portal = stripe_api.client().v1.billing_portal.sessions.create(
            {"customer": membership.stripe_customer_id, "return_url": return_url}
        )
    except stripe.StripeError as error:
        logger.warning("Stripe billing portal failed: %s", error)
        raise StripeUnavailable(str(error)) from error
    return portal["url"]


# What Stripe's news means for the membership


def membership_id_of(payment: Payment) -> int | None:
    """The id of the membership a fee payment is for, or None once it is gone."""
    link = getattr(payment, "membership_link", None)
    return link.membership_id if link is not None else None


def _locked_membership(payment: Payment) -> Membership | None:
    membership_id = membership_id_of(payment)
    return lock_membership(membership_id) if membership_id else None


def _tell_member(name: str, membership: Membership, **context: Any) -> None:
    member = membership.user
    send_templated_email(
        name,
        member.email,
        {"membership": membership, "member": member, **context},
        user=member,
    )


def _tell_officers(name, membership, **context):
    for officer in staff_to_notify(MEMBERSHIP_OFFICERS):
        send_templated_email(
            name,
            officer.email,
            {
                "membership": membership,
                "member": membership.user,
                "admin_url": admin_url(membership),
                **context,
            },
            user=officer,
        )


def _is_current_subscription(
    membership: Membership, payment: Payment, state: SubscriptionState
) -> bool:
    """Whether ``state`` is the membership's subscription now (not one that ended
    before the member rejoined with a new one)."""
    current = membership.stripe_subscription_id
    if not current or current == state.id:
        return True
    earlier = membership.fee_payments().filter(stripe_subscription_id=current).first()
    return earlier is None or earlier.pk < payment.pk


class MembershipFeeHandler(PurposeHandler):
    """Gives fee payments their meaning. Each method told of a change runs in the
    transaction that changed the payment; the membership row is locked here, and
    every change is a move from one state to another, so a repeated event changes
    nothing twice."""

    reference_heading = "Membership"
    listing_related = ("membership_link",)

    def product(self, payment: Payment) -> str:
        return f"membership:{membership_id_of(payment)}"

    def buyer(self, payment: Payment) -> Membership | None:
        link = getattr(payment, "membership_link", None)
        return link.membership if link is not None else None

    def buyer_admin_url(self, payment: Payment) -> str:
        membership = self.buyer(payment)
        return admin_url(membership) if membership is not None else ""

    def attach_renewal(self, renewal: Payment, first: Payment) -> None:
        membership_id = membership_id_of(first)
        if membership_id:
            MembershipPayment.objects.create(membership_id=membership_id, payment=renewal)

    def paid(self, payment: Payment, *, first_time: bool) -> None:
        if not first_time:
            return
        membership = _locked_membership(payment)
        if membership is None:
            return
        if membership.status not in (Status.AWAITING_PAYMENT, Status.ACTIVE, Status.LAPSED):
            payment_services.alert_staff(
                "A fee was paid for a membership that is not open",
                f"{membership.user} paid {payment.amount_display} while their membership is "
                f"{membership.get_status_display().lower()}. Consider refunding it.",
                payment,
            )
            return
        now = timezone.now()
        membership.status = Status.ACTIVE
        membership.stripe_customer_id = payment.stripe_customer_id or membership.stripe_customer_id
        membership.stripe_subscription_id = (
            payment.stripe_subscription_id or membership.stripe_subscription_id
        )
        if payment.period_end:
            membership.expires_at = payment.period_end
        elif not membership.expires_at or membership.expires_at < now:
            # Until the subscription's own dates arrive (in the same event, as a rule).
            membership.expires_at = one_year_after(payment.paid_at or now)
        membership.save()
        _tell_member("members/membership_fee_received", membership, payment=payment)

    def failed(self, payment: Payment) -> None:
        membership = _locked_membership(payment)
        if membership is None:
            return
        _tell_member(
            "members/membership_fee_failed",
            membership,
            payment=payment,
            may_pay=membership.may_pay_fee(),
        )

    def subscription_changed(self, payment: Payment, subscription: SubscriptionState) -> None:
        membership = _locked_membership(payment)
        if membership is None or not _is_current_subscription(membership, payment, subscription):
            return
        membership.stripe_customer_id = subscription.customer or membership.stripe_customer_id
        if payment.status not in Payment.SETTLED:
            # The first payment is still on its way (Direct Debit) or never came.
            membership.save(update_fields=["stripe_customer_id"])
            return
        membership.stripe_subscription_id = subscription.id
        lapsed_now = False
        if subscription.given_up:
            if membership.status == Status.ACTIVE:
                membership.status = Status.LAPSED
                lapsed_now = True
        elif subscription.status in PAYING:
            if subscription.period_end:
                membership.expires_at = subscription.period_end
            if membership.status in (Status.AWAITING_PAYMENT, Status.LAPSED):
                membership.status = Status.ACTIVE  # paid after all, e.g. from "unpaid"
        # past_due: Stripe is retrying. The member stays active and the expiry
        # stays at the end of the year they have paid for.
        membership.save()
        if lapsed_now:
            ended_by_member = subscription.cancel_at_period_end
            _tell_member(
                "members/membership_fee_lapsed", membership, ended_by_member=ended_by_member
            )
            _tell_officers(
                "members/membership_fee_lapsed_staff", membership, ended_by_member=ended_by_member
            )

    def renewal(self, payment: Payment, *, paid: bool) -> None:
        membership = _locked_membership(payment)
        if membership is None:
            return
        if paid:
            if payment.period_end and (
                not membership.expires_at or payment.period_end > membership.expires_at
            ):
                membership.expires_at = payment.period_end
            if membership.status == Status.LAPSED:
                membership.status = Status.ACTIVE
            membership.save()
            _tell_member("members/membership_fee_renewed", membership, payment=payment)
        elif membership.status == Status.ACTIVE:
            # (News of a failure that arrives after Stripe gave up is old news: the
            # member has been told their membership lapsed.)
            _tell_member("members/membership_fee_renewal_failed", membership, payment=payment)
            _tell_officers(
                "members/membership_fee_renewal_failed_staff", membership, payment=payment
            )

    def alert_recipients(self):
        return staff_to_notify(MEMBERSHIP_OFFICERS, superusers=True)


# Recorded by staff: a waiver, or a fee paid by invoice or bank transfer


OFFLINE_METHODS = {"invoice": "Invoice", "bank-transfer": "Bank transfer (BACS)"}


def why_staff_cannot_record(membership: Membership) -> str | None:
    if membership.status not in (Status.AWAITING_PAYMENT, Status.ACTIVE, Status.LAPSED):
        return (
            f"This membership is {membership.get_status_display().lower()}: a fee can be "
            "recorded only for an approved membership."
        )
    if membership.fee_due_pence <= 0:
        return "No fee is due for this membership. Change the fee due first if one should be."
    if membership.has_live_subscription():
        return (
            "This member pays through a Stripe subscription that renews by itself. "
            "Cancel it in Stripe first, or the member will be charged as well."
        )
    return None


def _new_fee_payment(membership: Membership, **fields: Any) -> Payment:
    """A payment of a year's fee, at the amount our records say is due."""
    payment = Payment.objects.create(
        purpose=PURPOSE,
        user=membership.user,
        description=fee_description(),
        amount=membership.fee_due_pence,
        currency="gbp",
        livemode=stripe_api.livemode(),
        **fields,
    )
    MembershipPayment.objects.create(membership=membership, payment=payment)
    return payment


def _record_by_staff(
    membership: Membership,
    officer: User,
    *,
    status: str,
    method: str,
    note: str,
    when: datetime.datetime,
) -> tuple[Membership, Payment]:
    if not may_decide(officer):
        raise PermissionDenied("Only membership officers record fees.")
    locked = lock_membership(membership.pk)
    if locked is None:
        raise Refused("This membership no longer exists.")
    problem = why_staff_cannot_record(locked)
    if problem:
        raise Refused(problem)
    now = timezone.now()
    start = max(now, locked.expires_at) if locked.expires_at else now
    locked.expires_at = one_year_after(start)
    locked.status = Status.ACTIVE
    locked.save(update_fields=["expires_at", "status"])
    payment = _new_fee_payment(
        locked,
        status=status,
        method=method,
        paid_at=when,
        period_end=locked.expires_at,
        recorded_by=officer,
        note=note,
    )
    membership.status, membership.expires_at = locked.status, locked.expires_at
    return locked, payment


@transaction.atomic
def waive_fee(membership: Membership, officer: User, reason: str | None) -> Payment:
    """Let a member off this year's fee: they are active for a year, and the
    waiver is kept with who made it and why."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Give a reason for waiving the fee.")
    locked, payment = _record_by_staff(
        membership,
        officer,
        status=Payment.Status.WAIVED,
        method=Payment.Method.WAIVED,
        note=reason,
        when=timezone.now(),
    )
    _tell_member("members/membership_fee_waived", locked, payment=payment)
    transaction.on_commit(lambda: _close_stale_checkouts(locked))
    return payment


@transaction.atomic
def record_offline_payment(
    membership: Membership,
    officer: User,
    *,
    method: str,
    reference: str | None,
    received_on: datetime.date,
) -> Payment:
    """Record a fee paid by invoice or bank transfer (``method`` is a key of
    OFFLINE_METHODS) and received on ``received_on`` (a date)."""
    if method not in OFFLINE_METHODS:
        raise Refused("Choose how the fee was paid.")
    reference = (reference or "").strip()
    if not reference:
        raise Refused("Give the invoice number or the bank transfer's reference.")
    if received_on > timezone.localdate():
        raise Refused("The date received cannot be in the future.")
    when = timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))
    locked, payment = _record_by_staff(
        membership,
        officer,
        status=Payment.Status.PAID,
        method=Payment.Method.OFFLINE,
        note=(
            f"{OFFLINE_METHODS[method]}, reference {reference}, "
            f"received {day_display(received_on)}."
        ),
        when=when,
    )
    _tell_member("members/membership_fee_received", locked, payment=payment)
    transaction.on_commit(lambda: _close_stale_checkouts(locked))
    return payment
