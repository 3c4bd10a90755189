"""Paying the annual membership fee: start a Stripe Checkout, come back from it,
and open Stripe's customer portal. The amount is never read from the request."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from network_site.decorators import signed_in_view
from network_site.payments import services as payment_services
from network_site.payments.models import Payment
from network_site.payments.services import PaymentMismatch
from network_site.payments.stripe_api import StripeUnavailable
from network_site.refusals import Refused

from .. import fees
from ..models import Membership

logger = logging.getLogger(__name__)

PAY_UNREACHABLE = (
    "We could not reach our payment provider, so nothing was charged. "
    "Please try again in a few minutes."
)
PORTAL_UNREACHABLE = "We could not reach our payment provider. Please try again in a few minutes."


def _to_stripe(request, open_page, *, unreachable):
    """Send the member to a page of Stripe's made by ``open_page(membership)``, or
    back to the dashboard with a message saying why not."""
    membership = Membership.objects.filter(user=request.user).first()
    try:
        if membership is None:
            raise Refused("Apply to join the network first: there is nothing to pay yet.")
        return redirect(open_page(membership))
    except Refused as refusal:
        messages.info(request, str(refusal))
    except StripeUnavailable:
        messages.error(request, unreachable)
    return redirect("members:dashboard")


@signed_in_view("POST")
def fee_pay(request):
    """Send the member to Stripe Checkout for their annual fee."""
    return _to_stripe(
        request,
        lambda membership: fees.start_fee_checkout(membership, request=request),
        unreachable=PAY_UNREACHABLE,
    )


@never_cache
@login_required
def fee_return(request):
    """Where Stripe sends the member back after Checkout. The webhook is what we
    rely on; this page asks Stripe at once so the member sees the outcome now."""
    session_id = request.GET.get("session_id", "")
    if not session_id.startswith("cs_"):
        raise Http404("No payment here.")
    payment = get_object_or_404(
        Payment,
        user=request.user,
        purpose=Payment.Purpose.MEMBERSHIP,
        stripe_checkout_session_id=session_id,
    )
    try:
        payment_services.sync_session(session_id)
    except (StripeUnavailable, PaymentMismatch) as problem:
        # The webhook brings the same news (and alerts staff to a mismatch).
        logger.warning("Could not confirm Checkout Session %s: %s", session_id, problem)
    payment.refresh_from_db()
    membership = Membership.objects.filter(pk=fees.membership_id_of(payment)).first()
    return TemplateResponse(
        request,
        "members/fee_return.html",
        {"payment": payment, "membership": membership},
    )


@signed_in_view("POST")
def fee_portal(request):
    """Stripe's customer portal: the member's card, Direct Debit and receipts."""
    dashboard = request.build_absolute_uri(reverse("members:dashboard"))
    return _to_stripe(
        request,
        lambda membership: fees.open_billing_portal(membership, return_url=dashboard),
        unreachable=PORTAL_UNREACHABLE,
    )
