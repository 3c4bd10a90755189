"""What Stripe's webhooks do to a membership fee, proved through the real SDK over
the fake Stripe with events signed as Stripe signs them: each event counts once,
the order of arrival does not matter, a failure part-way changes nothing, renewals
extend or (when Stripe gives up) lapse the membership, Direct Debits arrive late,
and anything that does not match what we sold changes nothing and alerts staff."""

import contextlib
import datetime

import pytest

from members.models import Membership
from network_site.models import OutboundEmail
from network_site.payments import services as payment_services
from network_site.payments import stripe_api
from network_site.payments.models import Payment, StripeEvent

from .fees import (
    FEE_PENCE,
    deliver_all,
    fee_emails,
    offer_direct_debit,
    organisation_member,
    sent,
    started_payment,
    status_now,
    statuses,
)

pytestmark = pytest.mark.django_db

MEMBER = "fatima@foodbank.example"
OFFICER = "olu@network.example"


def when(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


@pytest.fixture
def membership(officer_on_duty):
    return organisation_member()


@pytest.fixture
def delivered(stripe_fake, webhook):
    """``with delivered(): ...``: every event Stripe sends in the block is delivered
    to the webhook at its end, in the order Stripe sent them."""

    @contextlib.contextmanager
    def block():
        since = len(stripe_fake.events)
        yield
        deliver_all(webhook, stripe_fake.events[since:])

    return block


@pytest.fixture
def paying(client, stripe_fake, membership):
    """The member pressed "Pay": a pending payment and an open Checkout Session."""
    return started_payment(client, membership)


def pay(stripe_fake, payment, **options):
    """The member pays on Stripe's page; returns the checkout.session.completed event."""
    return stripe_fake.complete_session(payment.stripe_checkout_session_id, **options)


def subscription_of(stripe_fake, payment):
    session = stripe_fake.get(payment.stripe_checkout_session_id)
    return stripe_fake.get(session["subscription"])


def period_end(subscription):
    return when(subscription["items"]["data"][0]["current_period_end"])


def active_member(stripe_fake, webhook, payment):
    pay(stripe_fake, payment)
    deliver_all(webhook, stripe_fake.events)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    return subscription_of(stripe_fake, payment)


# Once only


def test_the_same_completed_event_five_times_activates_once_with_one_email(
    stripe_fake, webhook, membership, paying
):
    event = pay(stripe_fake, paying)
    answers = [webhook(event) for _ in range(5)]
    assert [a.status_code for a in answers] == [200] * 5
    assert answers[0].content == b"Applied"
    assert {a.content for a in answers[1:]} == {b"Already applied."}

    assert StripeEvent.objects.filter(stripe_id=event["id"]).count() == 1
    assert list(Payment.objects.values_list("status", flat=True)) == ["paid"]
    assert status_now(membership) == Membership.Status.ACTIVE
    assert fee_emails() == [("members/membership_fee_received", MEMBER)]


# Order of arrival


def final_state(stripe_fake, membership, payment):
    membership.refresh_from_db()
    payment.refresh_from_db()
    subscription = subscription_of(stripe_fake, payment)
    invoice = stripe_fake.get(subscription["latest_invoice"])
    return {
        "payment": (
            payment.status,
            payment.amount,
            payment.stripe_subscription_id == subscription["id"],
            payment.stripe_customer_id == subscription["customer"],
            payment.stripe_invoice_id == invoice["id"],
            payment.receipt_url == invoice["hosted_invoice_url"],
            payment.period_end == period_end(subscription),
        ),
        "membership": (
            membership.status,
            membership.expires_at == period_end(subscription),
            membership.stripe_subscription_id == subscription["id"],
            membership.stripe_customer_id == subscription["customer"],
        ),
        "emails": [
            (email.template, email.to, invoice["hosted_invoice_url"] in email.body_text)
            for email in OutboundEmail.objects.filter(template__startswith="members/membership_fee")
        ],
        "payments": Payment.objects.count(),
    }


@pytest.mark.parametrize("invoice_first", [True, False], ids=["invoice-first", "session-first"])
def test_invoice_paid_before_or_after_checkout_completed_ends_the_same(
    stripe_fake, webhook, membership, paying, invoice_first
):
    completed = pay(stripe_fake, paying)
    subscription = subscription_of(stripe_fake, paying)
    invoice_paid = stripe_fake.invoice_paid_event(subscription["latest_invoice"])
    first, second = (invoice_paid, completed) if invoice_first else (completed, invoice_paid)
    deliver_all(webhook, [first, second])
    # Stripe's other news about the subscription, delivered last, changes nothing more.
    deliver_all(webhook, stripe_fake.events)

    assert final_state(stripe_fake, membership, paying) == {
        "payment": ("paid", FEE_PENCE, True, True, True, True, True),
        "membership": ("active", True, True, True),
        "emails": [("members/membership_fee_received", MEMBER, True)],
        "payments": 1,
    }


# A failure part-way


def test_a_failure_part_way_changes_nothing_and_the_redelivery_succeeds(
    stripe_fake, webhook, membership, paying
):
    event = pay(stripe_fake, paying)
    # The payment is marked paid and the membership active before the email to the
    # member is written; an address the email step refuses makes it fail there.
    membership.user.email = "no longer an address"
    membership.user.save()

    response = webhook(event)
    assert response.status_code == 500
    assert not StripeEvent.objects.filter(stripe_id=event["id"]).exists()
    paying.refresh_from_db()
    membership.refresh_from_db()
    assert paying.status == Payment.Status.PENDING
    assert (membership.status, membership.expires_at, membership.stripe_subscription_id) == (
        Membership.Status.AWAITING_PAYMENT,
        None,
        "",
    )
    assert not OutboundEmail.objects.exists()

    membership.user.email = MEMBER
    membership.user.save()
    assert webhook(event).status_code == 200
    paying.refresh_from_db()
    membership.refresh_from_db()
    assert paying.status == Payment.Status.PAID
    assert membership.status == Membership.Status.ACTIVE
    assert fee_emails() == [("members/membership_fee_received", MEMBER)]


def test_stripe_failing_mid_event_rolls_back_and_the_redelivery_succeeds(
    stripe_fake, webhook, membership, paying
):
    pay(stripe_fake, paying)
    subscription = subscription_of(stripe_fake, paying)
    event = stripe_fake.invoice_paid_event(subscription["latest_invoice"])
    # The invoice is read, then the subscription read fails.
    stripe_fake.fail_next(500, method="GET", path="/v1/subscriptions/")

    assert webhook(event).status_code == 500
    assert not StripeEvent.objects.exists()
    paying.refresh_from_db()
    assert (paying.status, paying.stripe_invoice_id) == (Payment.Status.PENDING, None)
    assert status_now(membership) == Membership.Status.AWAITING_PAYMENT
    assert not OutboundEmail.objects.exists()

    assert webhook(event).status_code == 200
    assert status_now(membership) == Membership.Status.ACTIVE
    assert membership.expires_at == period_end(subscription)
    assert fee_emails() == [("members/membership_fee_received", MEMBER)]


# Renewals


def test_a_paid_renewal_extends_the_membership_and_sends_a_receipt(
    stripe_fake, webhook, membership, paying, delivered
):
    subscription = active_member(stripe_fake, webhook, paying)
    first_year_end = period_end(subscription)
    with delivered():
        event = stripe_fake.renew_subscription(subscription["id"])
    assert webhook(event).status_code == 200  # delivered again

    membership.refresh_from_db()
    renewed = stripe_fake.get(subscription["id"])
    assert membership.status == Membership.Status.ACTIVE
    assert membership.expires_at == period_end(renewed)
    assert membership.expires_at.year == first_year_end.year + 1
    renewal = Payment.objects.exclude(pk=paying.pk).get()
    invoice = stripe_fake.get(event["data"]["object"]["id"])
    assert (renewal.status, renewal.amount, renewal.stripe_invoice_id) == (
        "paid",
        FEE_PENCE,
        invoice["id"],
    )
    assert renewal.receipt_url == invoice["hosted_invoice_url"]
    assert fee_emails() == [
        ("members/membership_fee_received", MEMBER),
        ("members/membership_fee_renewed", MEMBER),
    ]
    assert invoice["hosted_invoice_url"] in sent("members/membership_fee_renewed")[0].body_text


def test_a_failed_renewal_tells_member_and_officers_and_keeps_the_membership(
    client, stripe_fake, webhook, membership, paying, delivered
):
    subscription = active_member(stripe_fake, webhook, paying)
    paid_until = period_end(subscription)
    with delivered():
        failed = stripe_fake.fail_renewal(subscription["id"])
    webhook(failed)  # delivered again
    with delivered():
        stripe_fake.fail_renewal(subscription["id"])  # Stripe's retry fails too

    assert status_now(membership) == Membership.Status.ACTIVE
    assert membership.expires_at == paid_until  # the year paid for, not the one unpaid
    assert Payment.objects.exclude(pk=paying.pk).get().status == Payment.Status.FAILED
    assert fee_emails() == [
        ("members/membership_fee_received", MEMBER),
        ("members/membership_fee_renewal_failed", MEMBER),
        ("members/membership_fee_renewal_failed_staff", OFFICER),
    ]
    client.force_login(membership.user)
    page = client.get("/members/dashboard/").text
    assert "Your renewal payment did not go through." in page
    assert "Manage your card and see receipts" in page

    # Stripe's next retry succeeds: the membership runs on to the new period's end.
    with delivered():
        stripe_fake.renew_subscription(subscription["id"])
    membership.refresh_from_db()
    assert membership.expires_at == period_end(stripe_fake.get(subscription["id"]))
    assert membership.expires_at > paid_until
    assert sent("members/membership_fee_renewed", MEMBER)


def test_when_stripe_gives_up_the_membership_lapses_and_everyone_is_told_once(
    client, stripe_fake, webhook, membership, paying, delivered
):
    subscription = active_member(stripe_fake, webhook, paying)
    with delivered():
        stripe_fake.fail_renewal(subscription["id"])
    with delivered():
        stripe_fake.fail_renewal(subscription["id"])  # Stripe's last retry
        ended = stripe_fake.give_up_subscription(subscription["id"])
    webhook(ended)  # delivered again

    assert status_now(membership) == Membership.Status.LAPSED
    assert fee_emails() == [
        ("members/membership_fee_received", MEMBER),
        ("members/membership_fee_renewal_failed", MEMBER),
        ("members/membership_fee_renewal_failed_staff", OFFICER),
        ("members/membership_fee_lapsed", MEMBER),
        ("members/membership_fee_lapsed_staff", OFFICER),
    ]
    assert "could not be collected" in sent("members/membership_fee_lapsed")[0].body_text
    client.force_login(membership.user)
    assert "Pay £50.00 to rejoin" in client.get("/members/dashboard/").text


def test_news_of_a_failed_renewal_arriving_after_stripe_gave_up_is_not_sent_on(
    stripe_fake, webhook, membership, paying, delivered
):
    subscription = active_member(stripe_fake, webhook, paying)
    with delivered():
        stripe_fake.fail_renewal(subscription["id"])
        stripe_fake.give_up_subscription(subscription["id"])
        # Each event reads the subscription as it is now (ended), whatever its own story.

    assert status_now(membership) == Membership.Status.LAPSED
    assert fee_emails() == [
        ("members/membership_fee_received", MEMBER),
        ("members/membership_fee_lapsed", MEMBER),
        ("members/membership_fee_lapsed_staff", OFFICER),
    ]


def test_a_member_who_cancels_lapses_at_the_end_of_the_year_paid_for(
    stripe_fake, webhook, membership, paying, delivered
):
    subscription = active_member(stripe_fake, webhook, paying)
    with delivered():
        stripe_fake.cancel_subscription(subscription["id"], at_period_end=True)
    assert status_now(membership) == Membership.Status.ACTIVE

    with delivered():
        stripe_fake.cancel_subscription(subscription["id"])
    assert status_now(membership) == Membership.Status.LAPSED
    assert "as you asked" in sent("members/membership_fee_lapsed")[0].body_text


def test_a_lapsed_member_who_rejoins_follows_the_new_subscription(
    client, stripe_fake, webhook, membership, paying, delivered
):
    old = active_member(stripe_fake, webhook, paying)
    with delivered():
        stripe_fake.give_up_subscription(old["id"])

    rejoining = started_payment(client, membership)
    with delivered():
        pay(stripe_fake, rejoining)
    new = subscription_of(stripe_fake, rejoining)
    # News of the old subscription, arriving now, does not touch the new membership.
    with delivered():
        stripe_api.client().v1.subscriptions.update(old["id"], {"metadata": {"note": "ended"}})
    assert stripe_fake.events[-1]["type"] == "customer.subscription.updated"

    assert status_now(membership) == Membership.Status.ACTIVE
    assert membership.stripe_subscription_id == new["id"] != old["id"]
    assert membership.stripe_customer_id == old["customer"] == new["customer"]
    assert membership.expires_at == period_end(new)


# Direct Debit: the money arrives days later


@pytest.fixture
def direct_debit(client, stripe_fake, webhook, membership):
    """The member chose Direct Debit on Checkout: the mandate is set up, the money
    is on its way, and Stripe's events so far are delivered."""
    offer_direct_debit()
    payment = started_payment(client, membership)
    pay(stripe_fake, payment, payment_method="bacs_debit", async_pending=True)
    deliver_all(webhook, stripe_fake.events)
    return payment


def test_direct_debit_is_processing_until_the_money_arrives(
    client, stripe_fake, webhook, membership, direct_debit, delivered
):
    payment = direct_debit
    payment.refresh_from_db()
    membership.refresh_from_db()
    assert payment.status == Payment.Status.PROCESSING
    assert membership.status == Membership.Status.AWAITING_PAYMENT
    assert not fee_emails()
    assert "Direct Debit set up: payment on its way" in client.get("/members/dashboard/").text

    with delivered():
        succeeded = stripe_fake.async_payment_succeeded(payment.stripe_checkout_session_id)
    webhook(succeeded)  # delivered again

    assert statuses(payment, membership) == (Payment.Status.PAID, Membership.Status.ACTIVE)
    assert membership.expires_at == period_end(subscription_of(stripe_fake, payment))
    assert fee_emails() == [("members/membership_fee_received", MEMBER)]


def test_a_direct_debit_that_fails_tells_the_member_who_may_pay_again(
    client, stripe_fake, webhook, membership, direct_debit, delivered
):
    payment = direct_debit
    with delivered():
        failed = stripe_fake.async_payment_failed(payment.stripe_checkout_session_id)
    webhook(failed)  # delivered again

    assert statuses(payment, membership) == (
        Payment.Status.FAILED,
        Membership.Status.AWAITING_PAYMENT,
    )
    assert fee_emails() == [("members/membership_fee_failed", MEMBER)]
    assert "You can pay again" in sent("members/membership_fee_failed")[0].body_text
    page = client.get("/members/dashboard/").text
    assert "Pay £50.00 now" in page
    assert "<td>Failed</td>" in page


# Not what we sold


@pytest.mark.parametrize("change", ["amount", "product"])
def test_a_completed_checkout_that_does_not_match_what_we_sold_changes_nothing(
    stripe_fake, webhook, membership, paying, change
):
    event = pay(stripe_fake, paying)
    # The handler reads the session back from Stripe: change it there.
    stored = stripe_fake._objects[paying.stripe_checkout_session_id]
    if change == "amount":
        stored["amount_total"] = 100
    else:
        stored["metadata"]["product"] = "membership:999999"

    response = webhook(event)
    assert response.status_code == 200
    record = StripeEvent.objects.get(stripe_id=event["id"])
    assert record.outcome == StripeEvent.Outcome.MISMATCH
    assert f"payment {paying.pk}" in record.detail
    paying.refresh_from_db()
    membership.refresh_from_db()
    assert paying.status == Payment.Status.PENDING
    assert membership.status == Membership.Status.AWAITING_PAYMENT
    assert not fee_emails()
    (alert,) = sent("payments/payment_alert")
    assert alert.to == OFFICER
    assert "did not match what we sold" in alert.subject
    assert event["id"] in alert.body_text


# Refunds of a fee


def test_a_paid_fee_and_a_renewal_can_be_refunded_through_their_invoices_payments(
    stripe_fake, webhook, membership, paying, delivered
):
    """Subscription payments are paid through their invoice's PaymentIntent: that is
    what a refund goes through, for the first year and for each renewal."""
    subscription = active_member(stripe_fake, webhook, paying)
    with delivered():
        stripe_fake.renew_subscription(subscription["id"])
    paying.refresh_from_db()
    renewal = Payment.objects.exclude(pk=paying.pk).get()
    for payment in (paying, renewal):
        assert payment.stripe_payment_intent_id.startswith("pi_")
        assert payment.refundable_amount == FEE_PENCE

    refund = payment_services.refund(renewal, amount=1000, reason="Joined late in the year")
    stripe_refund = stripe_fake.get(refund.stripe_refund_id)
    assert stripe_refund["payment_intent"] == renewal.stripe_payment_intent_id
    assert stripe_refund["amount"] == 1000
    renewal.refresh_from_db()
    assert renewal.status == Payment.Status.PARTLY_REFUNDED
    assert renewal.refundable_amount == FEE_PENCE - 1000
    assert paying.stripe_payment_intent_id != renewal.stripe_payment_intent_id
