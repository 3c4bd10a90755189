"""The same Stripe event delivered several times at once (Stripe retries while a
slow first delivery is still running): on PostgreSQL, real threads with their own
connections, released together. The unique event record makes one of them apply
it; the others wait for its commit, find the record and change nothing."""

import threading

import pytest
from django.db import connection
from django.test import Client

from members.models import Membership
from network_site.models import OutboundEmail
from network_site.payments import services
from network_site.payments.models import Payment, StripeEvent
from tests.events.test_concurrency import run_concurrently
from tests.factories import MembershipFactory

from .conftest import deliver

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DELIVERIES = 8


def fee_payment(stripe_fake):
    membership = MembershipFactory(
        category=Membership.Category.ORGANISATION,
        status=Membership.Status.AWAITING_PAYMENT,
        fee_due=150,
    )
    payment = Payment.objects.create(
        purpose=Payment.Purpose.MEMBERSHIP,
        user=membership.user,
        description="Membership, one year",
        amount=15000,
    )
    membership.payments.add(payment)
    services.start_checkout(
        payment,
        name="Membership, one year",
        success_url="https://example.org/ok?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="https://example.org/",
        recurring_interval="year",
        customer_email=membership.user.email,
    )
    payment.refresh_from_db()
    return payment


def test_concurrent_deliveries_of_one_event_apply_it_once(stripe_fake):
    payment = fee_payment(stripe_fake)
    event = stripe_fake.complete_session(payment.stripe_checkout_session_id)
    emails_before = OutboundEmail.objects.count()
    fake_lock = threading.Lock()  # the fake keeps its state in plain dicts

    original_request = stripe_fake.request

    def request(*args, **kwargs):
        with fake_lock:
            return original_request(*args, **kwargs)

    stripe_fake.request = request

    results, errors = run_concurrently(
        lambda _: deliver(Client(), event).status_code, range(DELIVERIES)
    )
    connection.connect()

    assert errors == []
    assert sorted(results) == [200] * DELIVERIES
    assert StripeEvent.objects.filter(stripe_id=event["id"]).count() == 1
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    membership = Membership.objects.get(payment_links__payment=payment)
    assert membership.status == Membership.Status.ACTIVE
    # One application sends the member one "fee received" email, whatever the race.
    sent = OutboundEmail.objects.count() - emails_before
    assert sent == OutboundEmail.objects.filter(to=membership.user.email).count()
    assert sent == 1
