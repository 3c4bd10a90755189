"""What Stripe's webhooks do to paid places: a completed Checkout confirms the place
once, however often it is delivered; an expired one releases the hold to the
waitlist; a payment that arrives after its hold lapsed takes a free place or is
refunded; a session that does not match what we sold changes nothing."""

import datetime

import pytest

from events import rules, services, tasks, tickets
from events.models import Registration
from network_site.payments import stripe_api
from network_site.payments.models import Payment, StripeEvent

from .test_tickets import (
    PENCE,
    assert_hold_passed_on,
    emails,
    make_paid_event,
    refund_requests,
    session_id,
    verified_user,
)

Status = Registration.Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home_page):
    return make_paid_event(home_page, capacity=1)


@pytest.fixture
def deliver(webhook, django_capture_on_commit_callbacks):
    """Deliver a Stripe event and run what waits for its commit (refunds, emails)."""

    def deliver(stripe_event):
        with django_capture_on_commit_callbacks(execute=True):
            response = webhook(stripe_event)
        assert response.status_code == 200, response.content
        return response

    return deliver


def lapse_while_stripe_is_away(stripe_fake, registration, django_capture_on_commit_callbacks):
    """The hold runs out while Stripe cannot be reached to end the session: our side
    releases the place anyway, and the session stays open at Stripe."""
    stripe_fake.unreachable = True
    later = registration.hold_expires_at + tickets.RELEASE_WITHOUT_STRIPE_AFTER
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_payment_holds.call(now=later) == 1
    stripe_fake.unreachable = False
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert stripe_fake.get(session_id(registration))["status"] == "open"


def test_a_completed_checkout_confirms_the_place_once_however_often_it_arrives(
    event, stripe_fake, deliver
):
    registration = services.register_member(event, verified_user())
    completed = stripe_fake.complete_session(session_id(registration))
    for _ in range(5):
        deliver(completed)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registration.confirmed_at is not None
    payment = tickets.latest_payment(registration)
    assert payment.status == Payment.Status.PAID
    assert payment.amount == PENCE
    assert payment.stripe_payment_intent_id
    assert payment.receipt_url
    assert StripeEvent.objects.filter(stripe_id=completed["id"]).count() == 1
    assert emails("events/event_registration_confirmed", registration.email).count() == 1
    assert rules.places_taken(event) == 1


def test_an_expired_checkout_releases_the_hold_and_offers_the_waitlist(event, stripe_fake, deliver):
    holder = services.register_member(event, verified_user())
    waiting = services.register_member(event, verified_user())
    expired = stripe_fake.expire_session(session_id(holder))
    deliver(expired)
    deliver(expired)
    assert_hold_passed_on(holder, waiting)
    assert rules.places_taken(event) == 1


def test_a_late_payment_for_a_place_that_was_resold_is_refunded(
    event, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    late = services.register_member(event, verified_user())
    lapse_while_stripe_is_away(stripe_fake, late, django_capture_on_commit_callbacks)

    # The place goes to someone else, who pays for it.
    other = services.register_member(event, verified_user())
    assert other.status == Status.PENDING_PAYMENT
    deliver(stripe_fake.complete_session(session_id(other)))
    assert rules.places_taken(event) == 1

    # Then the first buyer's payment goes through after all.
    completed = stripe_fake.complete_session(session_id(late))
    deliver(completed)
    deliver(completed)

    late.refresh_from_db()
    other.refresh_from_db()
    assert late.status == Status.CANCELLED
    assert not late.refund_owed
    assert other.status == Status.CONFIRMED
    assert rules.places_taken(event) == event.capacity == 1

    payment = tickets.latest_payment(late)
    assert payment.status == Payment.Status.REFUNDED
    assert payment.refunded_amount == PENCE
    (request,) = refund_requests(stripe_fake)
    assert request.params["payment_intent"] == payment.stripe_payment_intent_id
    assert request.idempotency_key == f"refund-{payment.refunds.get().pk}"
    (stripe_refund,) = stripe_fake.all("refund")
    assert stripe_refund["amount"] == PENCE
    assert stripe_refund["payment_intent"] == payment.stripe_payment_intent_id

    (email,) = emails("events/event_ticket_late_refund", late.email)
    assert "the place had gone to someone else" in email.body_text
    assert "£12.00" in email.body_text
    assert not emails("events/event_registration_confirmed", late.email).exists()


def test_a_late_payment_takes_a_place_that_is_still_free(
    event, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    late = services.register_member(event, verified_user())
    lapse_while_stripe_is_away(stripe_fake, late, django_capture_on_commit_callbacks)
    assert rules.places_left(event) == 1

    deliver(stripe_fake.complete_session(session_id(late)))
    late.refresh_from_db()
    assert late.status == Status.CONFIRMED
    assert late.cancelled_at is None
    assert tickets.latest_payment(late).status == Payment.Status.PAID
    assert emails("events/event_registration_confirmed", late.email).count() == 1
    assert not refund_requests(stripe_fake)
    assert rules.places_taken(event) == 1


def test_a_payment_for_a_place_the_buyer_cancelled_meanwhile_is_refunded(
    event, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    registration = services.register_member(event, verified_user())
    stripe_fake.complete_session(session_id(registration))  # paid, webhook not yet here
    stripe_fake.unreachable = True  # so the cancel cannot end the session either
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration)
    stripe_fake.unreachable = False
    deliver(stripe_fake.event_about("checkout.session.completed", session_id(registration)))
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert tickets.latest_payment(registration).status == Payment.Status.REFUNDED
    (email,) = emails("events/event_ticket_late_refund", registration.email)
    assert "cancelled" in email.body_text


def test_a_session_that_does_not_match_what_we_sold_changes_nothing_and_alerts_staff(
    event, stripe_fake, deliver
):
    admin = verified_user(is_staff=True, is_superuser=True)
    registration = services.register_member(event, verified_user())
    payment = tickets.latest_payment(registration)
    # A session naming our payment, for less than the price (made with Stripe's API,
    # as anyone holding the key could).
    cheap = stripe_api.client().v1.checkout.sessions.create(
        {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "gbp",
                        "unit_amount": 100,
                        "product_data": {"name": "Cheap ticket"},
                    },
                }
            ],
            "metadata": {
                "payment_id": str(payment.pk),
                "purpose": "ticket",
                "product": f"ticket:{event.pk}",
            },
            "success_url": "https://example.org/",
        }
    )
    completed = stripe_fake.complete_session(cheap["id"])
    deliver(completed)

    registration.refresh_from_db()
    payment.refresh_from_db()
    assert registration.status == Status.PENDING_PAYMENT
    assert payment.status == Payment.Status.PENDING
    assert payment.stripe_checkout_session_id == session_id(registration) != cheap["id"]
    assert StripeEvent.objects.get(stripe_id=completed["id"]).outcome == (
        StripeEvent.Outcome.MISMATCH
    )
    (alert,) = emails("payments/payment_alert", admin.email)
    assert "100 pence, not 1200" in alert.body_text
    assert not emails("events/event_registration_confirmed").exists()


def test_a_refund_made_by_staff_is_announced_to_the_buyer(
    event, stripe_fake, deliver, django_capture_on_commit_callbacks
):
    from network_site.payments import services as payment_services

    registration = services.register_member(event, verified_user())
    deliver(stripe_fake.complete_session(session_id(registration)))
    payment = tickets.latest_payment(registration)
    with django_capture_on_commit_callbacks(execute=True):
        payment_services.refund(payment, amount=500, reason="Goodwill: the lunch was late")
    (email,) = emails("events/event_ticket_refunded", registration.email)
    assert "£5.00" in email.body_text
    assert "Your place at the event is unchanged" in email.body_text
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_the_hold_end_leaves_time_for_stripes_minimum(event, stripe_fake):
    registration = services.register_member(event, verified_user())
    session = stripe_fake.get(session_id(registration))
    payment = tickets.latest_payment(registration)
    assert session["expires_at"] == int(payment.expires_at.timestamp())
    assert abs(payment.expires_at - registration.hold_expires_at) < datetime.timedelta(seconds=1)
