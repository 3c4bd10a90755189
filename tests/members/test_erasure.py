"""Erasure leaves nobody billed or holding a place: the member's Stripe
subscription ends and their Stripe customer loses their name, their places at
events still to come pass to the waitlist, guest registrations made under any of
their addresses go with them, and payments stay for the accounts without the
name. Should Stripe not answer, nothing is erased and the member is told."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.models import Registration
from members.models import Membership
from members.personal_data import erase_member
from network_site.payments import services as payment_services
from network_site.payments import stripe_api
from tests.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.members.membership_roles import verified_user
from tests.payments.fees import organisation_member, started_payment

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-test-password"
Status = Registration.Status


@pytest.fixture
def paying_member(client, stripe_fake):
    """A community organisation's contact paying the yearly fee by subscription."""
    membership = organisation_member()
    membership.user.set_password(PASSWORD)
    membership.user.save()
    payment = started_payment(client, membership)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    payment_services.sync_session(payment.stripe_checkout_session_id)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.stripe_subscription_id
    payment.refresh_from_db()
    payment.note = "Fatima Khan asked for a receipt by post."
    payment.save()
    return membership


def test_erasure_ends_the_subscription_and_redacts_the_customer(paying_member):
    client = stripe_api.client()
    erase_member(paying_member.user)

    subscription = client.v1.subscriptions.retrieve(paying_member.stripe_subscription_id)
    assert subscription.status == "canceled"
    customer = client.v1.customers.retrieve(paying_member.stripe_customer_id)
    assert customer.name is None
    assert customer.email is None
    # The payment stays for the accounts, without the person.
    payment = paying_member.payments.get()
    assert payment.amount > 0
    assert payment.note == ""
    assert payment.user.email.endswith("@invalid.example")
    assert payment.user.get_full_name() == ""


def test_erasing_again_asks_stripe_nothing_it_cannot_answer(paying_member):
    erase_member(paying_member.user)
    erase_member(paying_member.user)  # the subscription has ended: no error
    assert Membership.objects.get(pk=paying_member.pk).status == Membership.Status.CANCELLED


def test_stripe_unreachable_erases_nothing_and_says_so(client, paying_member, stripe_fake):
    client.force_login(paying_member.user)
    stripe_fake.unreachable = True
    response = client.post(reverse("members:delete"), {"password": PASSWORD})
    assert response.status_code == 503
    assert "could not reach our payment provider" in response.text
    assert "nothing has been deleted yet" in response.text
    user = paying_member.user
    user.refresh_from_db()
    assert user.email == "fatima@foodbank.example"
    assert user.is_active
    paying_member.refresh_from_db()
    assert paying_member.status == Membership.Status.ACTIVE

    stripe_fake.unreachable = False
    response = client.post(reverse("members:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    subscription = stripe_api.client().v1.subscriptions.retrieve(
        paying_member.stripe_subscription_id
    )
    assert subscription.status == "canceled"


@pytest.fixture
def full_event(home_page):
    return EventPageFactory(parent=EventIndexPageFactory(parent=home_page), capacity=2)


def test_erasure_gives_future_places_to_the_waitlist(full_event, stripe_fake, commit):
    leaving = verified_user(email="leaving@example.org")
    EmailAddress.objects.create(user=leaving, email="old.leaving@example.org", verified=True)
    mine = event_services.register_member(full_event, leaving)
    as_guest = RegistrationFactory(
        event=full_event, user=None, guest_name="Lee Ving", guest_email="OLD.leaving@example.org"
    )
    waiting = event_services.register_member(full_event, verified_user())
    also_waiting = event_services.register_member(full_event, verified_user())
    assert (waiting.status, also_waiting.status) == (Status.WAITLISTED, Status.WAITLISTED)

    with commit():
        erase_member(leaving)

    mine.refresh_from_db()
    as_guest.refresh_from_db()
    assert mine.status == Status.CANCELLED
    assert as_guest.status == Status.CANCELLED
    assert as_guest.guest_name == ""
    assert as_guest.guest_email == f"erased-guest-{as_guest.pk}@invalid.example"
    waiting.refresh_from_db()
    also_waiting.refresh_from_db()
    assert (waiting.status, also_waiting.status) == (Status.OFFERED, Status.OFFERED)


def test_erasure_keeps_past_attendance_without_the_person(home_page, stripe_fake):
    past = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page),
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=30, hours=-3),
    )
    leaving = verified_user(email="leaving@example.org")
    attended = RegistrationFactory(
        event=past, user=leaving, status=Status.ATTENDED, access_needs="Wheelchair user"
    )
    guest = RegistrationFactory(
        event=past,
        user=None,
        status=Status.ATTENDED,
        guest_name="Lee Ving",
        guest_email="leaving@example.org",
        dietary_needs="Vegan",
    )
    erase_member(leaving)
    attended.refresh_from_db()
    guest.refresh_from_db()
    assert (attended.status, attended.access_needs) == (Status.ATTENDED, "")
    assert (guest.status, guest.guest_name, guest.dietary_needs) == (Status.ATTENDED, "", "")
    assert "leaving" not in guest.guest_email
