"""Stripe for the payment tests: the fake HTTP layer (fake_stripe.FakeStripe) under
the real SDK, and webhook deliveries signed exactly as Stripe signs them."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.members.membership_roles import signed_in_client

from .fake_stripe import event_body, sign_payload
from .fees import officer


def deliver(client, event, *, secret=None, timestamp=None, signature=None):
    """POST ``event`` to the webhook as Stripe would (signed with the test secret)."""
    body = event_body(event)
    if signature is None:
        signature = sign_payload(body, secret or settings.STRIPE_WEBHOOK_SECRET, timestamp)
    return client.post(
        reverse("payments:stripe_webhook"),
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )


@pytest.fixture
def webhook(client):
    """deliver(event, **options) bound to the test client."""
    return lambda event, **options: deliver(client, event, **options)


@pytest.fixture
def officer_on_duty(db):
    """A Membership officer (olu@network.example), to be told what staff need to know."""
    return officer()


# The admin's payment screens, as the officer on duty.
officer_client = signed_in_client("officer_on_duty", name="officer_client")
