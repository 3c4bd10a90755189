"""The webhook endpoint itself: only Stripe's signature over the raw body gets in,
only events of the site's own mode count, and each event is recorded once."""

import time

import pytest

from network_site.payments.models import StripeEvent

pytestmark = pytest.mark.django_db


def test_an_event_the_site_does_not_use_is_acknowledged_and_recorded(webhook, stripe_fake):
    event = stripe_fake.sample_event("customer.created")
    response = webhook(event)
    assert response.status_code == 200
    record = StripeEvent.objects.get()
    assert record.stripe_id == event["id"]
    assert record.type == "customer.created"
    assert record.outcome == StripeEvent.Outcome.IGNORED


def test_a_second_delivery_is_acknowledged_and_changes_nothing(webhook, stripe_fake):
    event = stripe_fake.sample_event("customer.created")
    assert webhook(event).status_code == 200
    for _ in range(4):
        response = webhook(event)
        assert response.status_code == 200
        assert response.content == b"Already applied."
    assert StripeEvent.objects.count() == 1


@pytest.mark.parametrize(
    "options",
    [
        {"secret": "whsec_someone_else"},
        {"signature": "t=1,v1=deadbeef"},
        {"signature": ""},
        {"timestamp": int(time.time()) - 301},  # stale: older than Stripe's 5 minutes
    ],
    ids=["wrong-secret", "forged", "unsigned", "stale"],
)
def test_a_bad_or_stale_signature_is_refused_and_changes_nothing(webhook, stripe_fake, options):
    event = stripe_fake.sample_event("customer.created")
    response = webhook(event, **options)
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_the_signature_covers_the_exact_bytes(client, stripe_fake, settings):
    """A body changed after signing (even re-serialised) is refused."""
    from tests.payments.fake_stripe import event_body, sign_payload

    event = stripe_fake.sample_event("customer.created")
    signature = sign_payload(event_body(event), settings.STRIPE_WEBHOOK_SECRET)
    event["data"]["object"]["email"] = "someone@else.example"
    response = client.post(
        "/payments/stripe/webhook/",
        data=event_body(event),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_an_event_from_the_other_mode_is_refused(webhook, stripe_fake):
    event = stripe_fake.sample_event("customer.created")
    event["livemode"] = True  # a live event at a test-mode site
    assert webhook(event).status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"id": "evt_1"}'])
def test_a_signed_body_that_is_not_an_event_is_refused(client, settings, body):
    from tests.payments.fake_stripe import sign_payload

    response = client.post(
        "/payments/stripe/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign_payload(body, settings.STRIPE_WEBHOOK_SECRET),
    )
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_only_post_is_accepted(client):
    assert client.get("/payments/stripe/webhook/").status_code == 405


def test_an_event_about_an_object_stripe_no_longer_has_is_acknowledged(webhook, stripe_fake):
    """Retrying could never succeed: answer 200 so Stripe stops, and record why."""
    event = stripe_fake.sample_event("customer.subscription.updated")
    event["data"]["object"]["id"] = "sub_gone"
    response = webhook(event)
    assert response.status_code == 200
    record = StripeEvent.objects.get(stripe_id=event["id"])
    assert record.outcome == StripeEvent.Outcome.IGNORED
    assert "no longer has" in record.detail
