"""``/payments/stripe/webhook/``: Stripe tells us what happened.

The signature is checked on the raw body (a bad or stale one: 400, nothing
changed). Each event is applied exactly once: a ``StripeEvent`` row with Stripe's
unique event id is written in the same transaction as the event's effects, so a
second delivery finds it and changes nothing (200), and a failure part-way rolls
the whole event back and answers 500 so that Stripe delivers it again. Handlers
read the current state of the object from Stripe rather than trusting the
order in which events arrive.
"""

import datetime
import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services, stripe_api
from .models import StripeEvent

logger = logging.getLogger(__name__)

SIGNATURE_TOLERANCE = 300  # seconds, as Stripe's libraries default to


def _session(obj):
    return services.sync_session(obj["id"])


def _session_failed(obj):
    return services.fail_session(obj["id"])


def _invoice(obj):
    return services.sync_invoice(obj["id"])


def _subscription(obj):
    return services.sync_subscription(obj["id"])


def _refund(obj):
    return services.apply_refund(services.retrieve_refund(obj["id"]))


def _charge_refunded(obj):
    for refund in services.refunds_of_charge(obj["id"]):
        services.apply_refund(refund)
    return True


HANDLERS = {
    "checkout.session.completed": _session,
    "checkout.session.async_payment_succeeded": _session,
    "checkout.session.async_payment_failed": _session_failed,
    "checkout.session.expired": _session,
    "invoice.paid": _invoice,
    "invoice.payment_failed": _invoice,
    "customer.subscription.created": _subscription,
    "customer.subscription.updated": _subscription,
    "customer.subscription.deleted": _subscription,
    "charge.refunded": _charge_refunded,
    "refund.created": _refund,
    "refund.updated": _refund,
    "refund.failed": _refund,
}


def apply_event(event):
    """Apply one verified Stripe event exactly once. Returns the StripeEvent row,
    or None when the event had already been applied. Raises on failure (after
    rolling everything back)."""
    created = datetime.datetime.fromtimestamp(event.get("created") or 0, tz=datetime.UTC)
    handler = HANDLERS.get(event["type"])
    try:
        with transaction.atomic():
            record = StripeEvent.objects.create(
                stripe_id=event["id"],
                type=event["type"],
                livemode=bool(event.get("livemode")),
                created=created,
                outcome=StripeEvent.Outcome.APPLIED if handler else StripeEvent.Outcome.IGNORED,
            )
            if handler is not None:
                try:
                    with transaction.atomic():
                        handler(event["data"]["object"])
                except services.StripeNotFound as gone:
                    # Nothing to apply, and retrying will not bring it back.
                    record.outcome = StripeEvent.Outcome.IGNORED
                    record.detail = f"Stripe no longer has the object: {gone}"
                    record.save(update_fields=["outcome", "detail"])
                except services.PaymentMismatch as mismatch:
                    record.outcome = StripeEvent.Outcome.MISMATCH
                    record.detail = str(mismatch)
                    record.save(update_fields=["outcome", "detail"])
                    services.alert_staff(
                        f"A Stripe {event['type']} event did not match what we sold",
                        f"{mismatch} Stripe event {event['id']}. Nothing was changed.",
                        mismatch.payment,
                    )
            return record
    except IntegrityError:
        if StripeEvent.objects.filter(stripe_id=event["id"]).exists():
            return None  # delivered again: already applied
        raise


@csrf_exempt
@require_POST
def stripe_webhook(request):
    payload = request.body
    signature = request.headers.get("Stripe-Signature", "")
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"),
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            SIGNATURE_TOLERANCE,
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError):
        return HttpResponseBadRequest("Invalid signature or payload.")
    if not isinstance(event, dict) or not {"id", "type", "data"} <= event.keys():
        return HttpResponseBadRequest("Not a Stripe event.")
    if bool(event.get("livemode")) != stripe_api.livemode():
        logger.warning("Refused a %s-mode event %s", event.get("livemode"), event.get("id"))
        return HttpResponseBadRequest("Event from the wrong Stripe mode.")
    try:
        record = apply_event(event)
    except Exception:
        logger.exception(
            "Stripe event %s (%s) failed; Stripe will retry", event["id"], event["type"]
        )
        return HttpResponse("Failed; nothing was changed.", status=500)
    if record is None:
        return HttpResponse("Already applied.")
    return HttpResponse(record.get_outcome_display())
