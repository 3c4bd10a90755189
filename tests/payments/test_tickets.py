"""Paid tickets (events.tickets with events.services): a held place while the buyer
pays, the price from our records only, Stripe being unreachable, free places for
members, the refund rule on cancelling, the hold ending, an event cancelled.

Stripe is tests/payments/fake_stripe.py under the real SDK; its webhooks are signed
as Stripe signs them (see conftest)."""

import datetime
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from events import places, rules, services, tasks, tickets
from events.models import Registration
from members.models import Membership
from network_site.models import OutboundEmail
from network_site.payments.models import Payment, Refund
from network_site.refusals import Refused
from tests.factories import MembershipFactory
from tests.members.membership_roles import event_manager, verified_user

from .sales import paid_event

Status = Registration.Status

pytestmark = pytest.mark.django_db

PRICE = Decimal("12.00")
PENCE = 1200


# Helpers shared with test_ticket_webhooks.py ---------------------------------


def make_paid_event(home_page, **fields):
    return paid_event(home_page, price=PRICE, **fields)


def active_member():
    user = verified_user()
    MembershipFactory(user=user, status=Membership.Status.ACTIVE)
    return user


def session_id(registration):
    return tickets.latest_payment(registration).stripe_checkout_session_id


def checkout_requests(stripe_fake):
    return [
        r for r in stripe_fake.requests if r.method == "POST" and r.path == "/v1/checkout/sessions"
    ]


def refund_requests(stripe_fake):
    return [r for r in stripe_fake.requests if r.method == "POST" and r.path == "/v1/refunds"]


def emails(template, to=None):
    sent = OutboundEmail.objects.filter(template=template)
    return sent.filter(to=to) if to else sent


def assert_hold_passed_on(holder, waiting):
    """The hold ended unpaid: the holder is told, the next in the queue offered it."""
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == Status.CANCELLED
    assert tickets.latest_payment(holder).status == Payment.Status.EXPIRED
    assert waiting.status == Status.OFFERED
    assert emails("events/event_ticket_hold_ended", holder.email).count() == 1
    assert emails("events/event_waitlist_offer", waiting.email).count() == 1


def paid_place(stripe_fake, webhook, capture, event, user=None):
    """A registration that has paid, through Checkout and the webhook."""
    registration = services.register_member(event, user or verified_user())
    with capture(execute=True):
        assert webhook(stripe_fake.complete_session(session_id(registration))).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    return registration


# The view: a held place, the event's price, Checkout -------------------------


@pytest.fixture
def event(home_page):
    return make_paid_event(home_page, capacity=1)


@pytest.fixture
def buyer(client):
    user = verified_user()
    client.force_login(user)
    return user


def register_url(event):
    return f"{event.url}register/"


def test_registering_holds_the_place_and_sends_the_buyer_to_checkout_at_our_price(
    client, event, buyer, stripe_fake
):
    before = timezone.now()
    response = client.post(
        register_url(event),
        {
            "registration-access_needs": "Step-free access",
            # A browser that tampers with prices changes nothing: they are not read.
            "price": "0.01",
            "registration-price": "0.01",
            "amount": "1",
            "unit_amount": "1",
        },
    )
    registration = Registration.objects.get(user=buyer)
    payment = Payment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == payment.checkout_url
    assert payment.checkout_url.startswith(stripe_fake.checkout_base_url)

    assert registration.status == Status.PENDING_PAYMENT
    assert registration.access_needs == "Step-free access"
    hold = registration.hold_expires_at - before
    assert datetime.timedelta(minutes=30) <= hold <= datetime.timedelta(minutes=32)
    assert rules.places_left(event) == 0

    assert payment.purpose == Payment.Purpose.TICKET
    assert payment.registration_link.registration == registration
    assert payment.user == buyer
    assert payment.amount == PENCE
    assert payment.currency == "gbp"
    assert payment.description == f"{event.title}: ticket"
    assert payment.status == Payment.Status.PENDING
    assert abs(payment.expires_at - registration.hold_expires_at) < datetime.timedelta(seconds=1)

    (request,) = checkout_requests(stripe_fake)
    params = request.params
    assert params["mode"] == "payment"
    (item,) = params["line_items"]
    assert item["price_data"]["unit_amount"] == str(PENCE)
    assert item["price_data"]["currency"] == "gbp"
    assert params["metadata"]["payment_id"] == str(payment.pk)
    assert params["metadata"]["product"] == f"ticket:{event.pk}"
    assert request.idempotency_key == f"checkout-{payment.pk}"
    expires_in = int(params["expires_at"]) - before.timestamp()
    assert 30 * 60 <= expires_in <= 32 * 60
    assert params["success_url"].endswith(f"/registrations/{registration.cancel_token}/paid/")
    assert params["cancel_url"].endswith(f"{event.url}#register")
    assert params["customer_email"] == buyer.email
    # Nothing is confirmed (or emailed as confirmed) until Stripe says it is paid.
    assert not emails("events/event_registration_confirmed").exists()


def test_a_held_place_counts_against_capacity(client, event, buyer, stripe_fake):
    client.post(register_url(event), {})
    second = verified_user()
    waiting = services.register_member(event, second)
    assert waiting.status == Status.WAITLISTED
    assert Payment.objects.count() == 1
    assert len(checkout_requests(stripe_fake)) == 1
    assert rules.availability(event) == rules.Availability.FULL
    body = client.get(event.url).content.decode()
    assert "Your place is held while you pay" in body
    assert f"registrations/{Registration.objects.get(user=buyer).cancel_token}/pay/" in body


def test_the_pay_link_goes_back_to_the_open_checkout(client, event, buyer, stripe_fake):
    client.post(register_url(event), {})
    registration = Registration.objects.get(user=buyer)
    response = client.get(f"{event.url}registrations/{registration.cancel_token}/pay/")
    assert response.status_code == 302
    assert response["Location"] == Payment.objects.get().checkout_url


def test_stripe_unreachable_gives_a_clear_message_and_holds_nothing(
    client, event, buyer, stripe_fake
):
    stripe_fake.unreachable = True
    response = client.post(register_url(event), {}, follow=True)
    assert response.status_code == 200
    assert "We could not reach our payment provider" in response.content.decode()
    assert "nothing was charged" in response.content.decode()
    assert not Registration.objects.holding_places().exists()
    assert rules.places_left(event) == 1
    assert Payment.objects.get().status == Payment.Status.CANCELLED
    # Stripe back: the same person can buy at once.
    stripe_fake.unreachable = False
    response = client.post(register_url(event), {})
    assert response.status_code == 302
    assert Registration.objects.get(user=buyer, status=Status.PENDING_PAYMENT)


def test_guests_are_asked_to_sign_in_to_buy(client, event):
    body = client.get(event.url).content.decode()
    assert "Sign in to buy a ticket" in body
    assert "/accounts/signup/" in body
    assert client.get(register_url(event)).status_code == 302
    response = client.post(
        register_url(event),
        {"registration-name": "Guest", "registration-email": "guest@example.org"},
        follow=True,
    )
    assert "signed in to the site" in response.content.decode()
    assert not Registration.objects.exists()
    with pytest.raises(Refused):
        services.register_guest(event, "Guest", "guest@example.org")


def test_a_bad_request_is_not_a_500(client, event, buyer, stripe_fake):
    response = client.post(register_url(event), {"registration-access_needs": "x" * 5000})
    assert response.status_code == 400
    assert not Registration.objects.exists()
    assert not stripe_fake.requests


# Free places for members --------------------------------------------------------


def test_members_take_the_free_allocation_then_pay(home_page, stripe_fake):
    event = make_paid_event(home_page, capacity=10, member_free_places=1)
    first, second, not_a_member = active_member(), active_member(), verified_user()

    free = services.register_member(event, first)
    assert free.status == Status.CONFIRMED
    assert free.free_member_place
    assert not Payment.objects.exists()
    assert emails("events/event_registration_confirmed", first.email).count() == 1

    paying = services.register_member(event, second)
    assert paying.status == Status.PENDING_PAYMENT
    assert not paying.free_member_place
    assert services.register_member(event, not_a_member).status == Status.PENDING_PAYMENT
    assert Payment.objects.count() == 2
    assert len(checkout_requests(stripe_fake)) == 2

    # A free place given back returns to the allocation.
    services.cancel_registration(free)
    again = services.register_member(event, active_member())
    assert again.status == Status.CONFIRMED
    assert again.free_member_place


def test_the_member_free_place_view_message(client, home_page, stripe_fake):
    event = make_paid_event(home_page, capacity=10, member_free_places=2)
    client.force_login(active_member())
    response = client.post(register_url(event), {}, follow=True)
    assert "one of the free places" in response.content.decode()
    assert not stripe_fake.requests


# Refund rule on cancelling ---------------------------------------------------------


def cancel_url(registration):
    event = registration.event
    return f"{event.url}registrations/{registration.cancel_token}/cancel/"


def test_cancelling_before_the_deadline_refunds_in_full(
    client, event, stripe_fake, webhook, django_capture_on_commit_callbacks
):
    registration = paid_place(stripe_fake, webhook, django_capture_on_commit_callbacks, event)
    waiting = services.register_member(event, verified_user())
    page = client.get(cancel_url(registration)).content.decode()
    assert "we refund it in full" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(registration))
    assert response.status_code == 200
    assert "being refunded in full" in response.content.decode()

    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert not registration.refund_owed
    payment = registration.payments.get()
    assert payment.status == Payment.Status.REFUNDED
    assert payment.refunded_amount == PENCE
    refund = Refund.objects.get()
    assert refund.amount == PENCE
    assert refund.status == Refund.Status.SUCCEEDED
    (request,) = refund_requests(stripe_fake)
    assert request.params["payment_intent"] == payment.stripe_payment_intent_id
    assert request.params["amount"] == str(PENCE)
    assert request.idempotency_key == f"refund-{refund.pk}"
    (stripe_refund,) = stripe_fake.all("refund")
    assert stripe_refund["amount"] == PENCE

    (email,) = emails("events/event_registration_cancelled", registration.email)
    assert "refunding the £12.00 you paid, in full" in email.body_text
    # The place passes on; the buyer of the next place pays for it when accepting.
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    # Cancelling twice refunds nothing more.
    with pytest.raises(Refused):
        services.cancel_registration(registration)
    assert len(refund_requests(stripe_fake)) == 1


def test_after_the_deadline_the_cancel_page_warns_and_nothing_is_refunded(
    client, event, stripe_fake, webhook, django_capture_on_commit_callbacks
):
    registration = paid_place(stripe_fake, webhook, django_capture_on_commit_callbacks, event)
    event.refund_until = timezone.now() - datetime.timedelta(hours=1)
    event.save_revision().publish()

    page = client.get(cancel_url(registration)).content.decode()
    assert "You will not get your money back" in page
    assert "Cancel without a refund" in page

    # A one-click cancel (as from the dashboard) only shows the warning.
    response = client.post(cancel_url(registration), {"next": "/members/dashboard/"})
    assert response.status_code == 200
    assert "You will not get your money back" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(registration), {"no_refund": "understood"})
    assert "is not refunded" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert not registration.refund_owed
    assert not Refund.objects.exists()
    assert not refund_requests(stripe_fake)
    assert Payment.objects.get().status == Payment.Status.PAID
    (email,) = emails("events/event_registration_cancelled", registration.email)
    assert "so the £12.00 you paid is not refunded" in email.body_text


def test_the_refund_deadline_cannot_be_after_the_start(event):
    from django.core.exceptions import ValidationError

    event.refund_until = event.start + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "refund_until" in raised.value.message_dict
    event.refund_until = event.start - datetime.timedelta(days=1)
    event.full_clean()


def test_a_refund_stripe_refuses_now_is_owed_and_retried(
    event, stripe_fake, webhook, django_capture_on_commit_callbacks
):
    manager = event_manager()
    registration = paid_place(stripe_fake, webhook, django_capture_on_commit_callbacks, event)
    stripe_fake.unreachable = True
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert registration.refund_owed
    # Kept unconfirmed, with its idempotency key: Stripe may have made it.
    assert Refund.objects.get().stripe_refund_id is None
    assert emails("payments/payment_alert", manager.email).count() == 1

    stripe_fake.unreachable = False
    with django_capture_on_commit_callbacks(execute=True):
        tasks.expire_payment_holds.call()
    registration.refresh_from_db()
    assert not registration.refund_owed
    assert Payment.objects.get().status == Payment.Status.REFUNDED
    assert len(stripe_fake.all("refund")) == 1
    # Once made, it is not made again.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.expire_payment_holds.call()
    assert len(stripe_fake.all("refund")) == 1


# The hold ending ----------------------------------------------------------------


def test_the_task_ends_a_hold_at_stripe_releases_the_place_and_offers_the_waitlist(
    event, stripe_fake, django_capture_on_commit_callbacks
):
    holder = services.register_member(event, verified_user())
    waiting = services.register_member(event, verified_user())
    assert waiting.status == Status.WAITLISTED

    # Before its end the hold stands.
    assert tasks.expire_payment_holds.call() == 0
    holder.refresh_from_db()
    assert holder.status == Status.PENDING_PAYMENT

    later = holder.hold_expires_at + datetime.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_payment_holds.call(now=later) == 1
    expire_calls = [r for r in stripe_fake.requests if r.path.endswith("/expire")]
    assert [r.path for r in expire_calls] == [f"/v1/checkout/sessions/{session_id(holder)}/expire"]
    assert stripe_fake.get(session_id(holder))["status"] == "expired"

    assert_hold_passed_on(holder, waiting)
    # Running again changes nothing.
    assert tasks.expire_payment_holds.call(now=later) == 0
    assert emails("events/event_ticket_hold_ended").count() == 1


def test_a_payment_made_at_the_last_moment_keeps_its_place(
    event, stripe_fake, django_capture_on_commit_callbacks
):
    holder = services.register_member(event, verified_user())
    stripe_fake.complete_session(session_id(holder))  # paid; the webhook is late
    later = holder.hold_expires_at + datetime.timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_payment_holds.call(now=later) == 0
    holder.refresh_from_db()
    assert holder.status == Status.CONFIRMED
    assert tickets.latest_payment(holder).status == Payment.Status.PAID
    assert emails("events/event_registration_confirmed", holder.email).count() == 1


def test_accepting_an_offer_at_a_paid_event_holds_it_and_goes_to_checkout(
    client, event, stripe_fake, django_capture_on_commit_callbacks
):
    holder = services.register_member(event, verified_user())
    waiting_user = verified_user()
    waiting = services.register_member(event, waiting_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(holder)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    accept = f"{event.url}registrations/{waiting.cancel_token}/accept/"
    assert "A ticket costs £12.00" in client.get(accept).content.decode()

    stripe_fake.unreachable = True
    response = client.post(accept, follow=True)
    assert "still yours to accept" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED

    stripe_fake.unreachable = False
    response = client.post(accept)
    waiting.refresh_from_db()
    assert waiting.status == Status.PENDING_PAYMENT
    payment = tickets.open_payment(waiting)
    assert payment.amount == PENCE
    assert response["Location"] == payment.checkout_url


def test_the_return_page_confirms_from_stripes_state(
    client, event, buyer, stripe_fake, django_capture_on_commit_callbacks
):
    client.post(register_url(event), {})
    registration = Registration.objects.get(user=buyer)
    paid_url = f"{event.url}registrations/{registration.cancel_token}/paid/"
    assert "We are confirming your payment" in client.get(paid_url).content.decode()

    stripe_fake.complete_session(session_id(registration))  # no webhook yet
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(paid_url)
    assert "Your place is confirmed" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    # Coming back again (or the webhook arriving) confirms nothing twice.
    client.get(paid_url)
    assert emails("events/event_registration_confirmed", buyer.email).count() == 1


# Staff cancel the event -----------------------------------------------------------


def test_cancelling_the_event_refunds_every_paid_place_and_ends_every_hold(
    home_page, stripe_fake, webhook, django_capture_on_commit_callbacks
):
    event = make_paid_event(home_page, capacity=5, member_free_places=1)
    # Even after the refund deadline: the event did not happen.
    event.refund_until = timezone.now() - datetime.timedelta(minutes=1)
    event.save_revision().publish()
    capture = django_capture_on_commit_callbacks
    paid = [paid_place(stripe_fake, webhook, capture, event) for _ in range(2)]
    free = services.register_member(event, active_member())
    holding = services.register_member(event, verified_user())
    assert holding.status == Status.PENDING_PAYMENT

    with capture(execute=True):
        services.cancel_event(event, "The venue flooded.", by=verified_user(is_staff=True))

    assert Registration.objects.filter(event=event, status=Status.CANCELLED).count() == 4
    for registration in paid:
        payment = tickets.latest_payment(registration)
        assert payment.status == Payment.Status.REFUNDED
        (email,) = emails("events/event_cancelled", registration.email)
        assert "refunding the £12.00 you paid" in email.body_text
    assert len(stripe_fake.all("refund")) == 2
    assert len(refund_requests(stripe_fake)) == 2
    assert stripe_fake.get(session_id(holding))["status"] == "expired"
    assert tickets.latest_payment(holding).status == Payment.Status.EXPIRED
    assert "refunding" not in emails("events/event_cancelled", free.email).get().body_text
    assert not Registration.objects.filter(refund_owed=True).exists()


# Racing for the last paid places (PostgreSQL) --------------------------------------


def race_for_three_places(home_page, monkeypatch):
    """20 buyers at once for 3 paid places, with a pause between counting the places
    and acting on the count (as tests/events/test_concurrency.py widens its race)."""
    from tests.events.test_concurrency import RACE_WINDOW, run_concurrently

    def slow_places_left(event, taken=None):
        left = rules.places_left(event, taken)
        time.sleep(RACE_WINDOW)
        return left

    monkeypatch.setattr(services, "places_left", slow_places_left)
    event = make_paid_event(home_page, capacity=3)
    buyers = [verified_user() for _ in range(20)]
    results, errors = run_concurrently(lambda user: services.register_member(event, user), buyers)
    assert errors == []
    assert len(results) == 20
    return event


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_buyers_racing_for_the_last_paid_places_hold_exactly_capacity(
    home_page, stripe_fake, monkeypatch
):
    event = race_for_three_places(home_page, monkeypatch)
    counts = {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in Status.values
    }
    assert counts[Status.PENDING_PAYMENT] == 3
    assert counts[Status.WAITLISTED] == 17
    assert rules.places_taken(event) == 3
    assert Payment.objects.filter(status=Payment.Status.PENDING).count() == 3
    assert len(checkout_requests(stripe_fake)) == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_negative_control_without_the_lock_paid_places_overbook(
    home_page, stripe_fake, monkeypatch
):
    monkeypatch.setattr(places, "LOCK_EVENTS", False)
    event = race_for_three_places(home_page, monkeypatch)
    assert rules.places_taken(event) > 3, "without the lock the event should overbook"
