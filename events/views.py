"""Registering for an event and the links in registration emails. Thin: the rules
live in events.services."""

import logging

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from network_site import errors
from network_site.payments import services as payment_services
from network_site.payments.stripe_api import StripeUnavailable
from network_site.refusals import Refused

from . import services, tickets
from .forms import RegistrationForm
from .models import Registration

logger = logging.getLogger(__name__)

Status = Registration.Status

REGISTERED_MESSAGES = {
    Status.CONFIRMED: "Your place is confirmed. We have emailed you the details.",
    Status.WAITLISTED: (
        "The event is full, so you are on the waitlist. We will email you if a place comes free."
    ),
}
FREE_MEMBER_PLACE_MESSAGE = (
    "Your place is confirmed: as a member you have one of the free places. "
    "We have emailed you the details."
)
GUEST_MESSAGE = (
    "Nearly done: we have emailed {email} a link. Your registration counts once you "
    "use it to confirm."
)


def _event_anchor(event):
    return HttpResponseRedirect(f"{event.url}#register")


def _render_event_with_form(request, event, form, status=400):
    context = event.get_context(request)
    context["registration_form"] = form
    context["guest_form"] = True
    return TemplateResponse(request, event.get_template(request), context, status=status)


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def register(request, event):
    """POST /events/<slug>/register/: a member in one step, or a guest (confirmed by email).
    GET shows a guest the form; it is kept off the event page so that page sets no
    cookie and can be served from the anonymous page cache."""
    user = request.user
    guest = not user.is_authenticated
    if request.method == "GET":
        if not guest or event.members_only or tickets.needs_payment(event):
            return _event_anchor(event)
        return _render_event_with_form(request, event, RegistrationForm(guest=True), status=200)
    if guest and event.members_only:
        messages.error(request, "This event is for members only. Sign in to register.")
        return _event_anchor(event)
    if guest and tickets.needs_payment(event):
        messages.error(request, services.TICKETS_NEED_AN_ACCOUNT)
        return _event_anchor(event)
    # allauth's limiter, at the rate ACCOUNT_RATE_LIMITS gives this action: counted
    # per client address (settings: TRUSTED_PROXY_COUNT) in the shared cache.
    # Each guest registration emails an address anyone can type: keep it from
    # becoming a way to send mail to strangers.
    if guest and (
        limited := errors.over_hourly_limit(
            request,
            "guest_event_registration",
            "We have had too many guest registrations from your connection in the "
            "last hour. If you have an account, sign in to register without waiting.",
        )
    ):
        return limited
    form = RegistrationForm(request.POST, guest=guest)
    if not form.is_valid():
        return _render_event_with_form(request, event, form)
    try:
        if guest:
            registration = services.register_guest(
                event,
                form.cleaned_data["name"],
                form.cleaned_data["email"],
                **form.service_kwargs(),
            )
        else:
            registration = services.register_member(event, user, **form.service_kwargs())
    except services.AlreadyRegistered as refused:
        messages.info(request, refused.message)
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        if registration.status == Status.PENDING_PAYMENT:
            # Prices come from our records: the Checkout Session was made from them.
            return HttpResponseRedirect(registration.checkout_url)
        if guest:
            messages.success(request, GUEST_MESSAGE.format(email=registration.guest_email))
        elif registration.free_member_place and registration.status == Status.CONFIRMED:
            messages.success(request, FREE_MEMBER_PLACE_MESSAGE)
        else:
            messages.success(request, REGISTERED_MESSAGES[registration.status])
    return _event_anchor(event)


ACTIONS = {
    # action: (statuses the link works for, service, page heading, button, done message)
    "confirm": (
        (Status.PENDING_CONFIRMATION,),
        services.confirm_guest,
        "Confirm your registration",
        "Confirm my registration",
        None,
    ),
    "accept": (
        (Status.OFFERED,),
        services.accept_offer,
        "Accept your place",
        "Accept the place",
        "Your place is confirmed. We have emailed you the details.",
    ),
    "cancel": (
        (
            Status.CONFIRMED,
            Status.WAITLISTED,
            Status.OFFERED,
            Status.PENDING_CONFIRMATION,
            Status.PENDING_PAYMENT,
        ),
        services.cancel_registration,
        "Cancel your registration",
        "Yes, cancel my registration",
        "Your registration has been cancelled. Thank you for letting us know.",
    ),
}


def _invalid(request, event, status=410, message=services.LINK_NO_LONGER_VALID):
    return TemplateResponse(
        request,
        "events/registration_invalid.html",
        {"page": event, "event": event, "message": message},
        status=status,
    )


def _safe_next(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def registration_action(request, event, token, action):
    """Links in registration emails. GET shows what will happen (mail scanners
    follow links: they must change nothing); POST does it."""
    if action not in (*ACTIONS, *PAYMENT_PAGES) or not 20 <= len(token) <= 64:
        raise Http404
    registration = (
        Registration.objects.filter(event=event, cancel_token=token).select_related("user").first()
    )
    if registration is None:
        return _invalid(request, event, status=404)
    registration.event = event
    if action in PAYMENT_PAGES:
        if request.method != "GET":
            return HttpResponse(status=405, headers={"Allow": "GET"})
        return PAYMENT_PAGES[action](request, event, registration)
    statuses, service, heading, button, done = ACTIONS[action]
    if registration.status not in statuses:
        return _invalid(request, event)
    refund_terms = tickets.refund_terms(registration) if action == "cancel" else None
    confirmation = TemplateResponse(
        request,
        "events/registration_confirm.html",
        {
            "page": event,
            "event": event,
            "registration": registration,
            "action": action,
            "heading": heading,
            "button": button,
            "refund_terms": refund_terms,
            "ticket_price": None if event.is_free else f"£{event.price}",
        },
    )
    if request.method == "GET":
        return confirmation
    if refund_terms and not refund_terms["refundable"] and not request.POST.get("no_refund"):
        # A one-click cancel (the dashboard's) of a place that will not be refunded:
        # the person must see that first.
        return confirmation
    try:
        registration = service(registration)
    except tickets.PaymentUnavailable as refused:
        messages.error(request, refused.message)
        return HttpResponseRedirect(_safe_next(request) or f"{event.url}#register")
    except Refused as refused:
        return _invalid(request, event, status=409, message=refused.message)
    if registration.status == Status.PENDING_PAYMENT:
        return HttpResponseRedirect(registration.checkout_url)
    if action == "confirm":
        done = REGISTERED_MESSAGES[registration.status]
    if action == "cancel" and refund_terms:
        done += (
            f" The {refund_terms['amount']} you paid is being refunded in full."
            if refund_terms["refundable"]
            else f" The {refund_terms['amount']} you paid is not refunded."
        )
    target = _safe_next(request)
    if target:
        messages.success(request, done)
        return HttpResponseRedirect(target)
    return TemplateResponse(
        request,
        "events/registration_result.html",
        {"page": event, "event": event, "registration": registration, "message": done},
    )


# Paying for a place (links that change nothing: Stripe decides what was paid) ---


def continue_to_payment(request, event, registration):
    """Back to the open Checkout Session of a held place, while it lasts."""
    payment = tickets.open_payment(registration)
    if (
        registration.status == Status.PENDING_PAYMENT
        and payment is not None
        and payment.checkout_url
        and registration.hold_expires_at
        and registration.hold_expires_at > timezone.now()
    ):
        return HttpResponseRedirect(payment.checkout_url)
    return _invalid(request, event)


def payment_done(request, event, registration):
    """Where Stripe sends the buyer after paying. The registration's own payment
    (never a session named in the address) is brought up to date from Stripe; the
    webhook does the same, so this page only saves the buyer a wait."""
    payment = tickets.latest_payment(registration)
    if payment is None:
        return _invalid(request, event, status=404)
    if payment.status == payment.Status.PENDING and payment.stripe_checkout_session_id:
        try:
            payment_services.sync_session(payment.stripe_checkout_session_id)
        except (StripeUnavailable, payment_services.PaymentMismatch):
            # The webhook brings the answer (and alerts staff about a mismatch).
            logger.warning("Could not check payment %s on return", payment.pk, exc_info=True)
        registration.refresh_from_db()
        payment.refresh_from_db()
    return TemplateResponse(
        request,
        "events/registration_paid.html",
        {
            "page": event,
            "event": event,
            "registration": registration,
            "payment": payment,
            "refund_owed": registration.refund_owed,
        },
    )


PAYMENT_PAGES = {"pay": continue_to_payment, "paid": payment_done}
