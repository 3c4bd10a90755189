"""Registering for an event and the links in registration emails. Thin: the rules
live in events.services."""

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from . import services
from .forms import RegistrationForm
from .models import Registration

Status = Registration.Status

REGISTERED_MESSAGES = {
    Status.CONFIRMED: "Your place is confirmed. We have emailed you the details.",
    Status.WAITLISTED: (
        "The event is full, so you are on the waitlist. We will email you if a place comes free."
    ),
}
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


GUEST_REGISTRATIONS_PER_HOUR = 5


def _too_many_guest_registrations(request):
    """Counted per client address in the shared cache, like allauth's own limits."""
    key = f"event-guest-registrations:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > GUEST_REGISTRATIONS_PER_HOUR


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
        if not guest or event.members_only:
            return _event_anchor(event)
        return _render_event_with_form(request, event, RegistrationForm(guest=True), status=200)
    if guest and event.members_only:
        messages.error(request, "This event is for members only. Sign in to register.")
        return _event_anchor(event)
    if guest and _too_many_guest_registrations(request):
        # Each guest registration emails an address anyone can type: keep it from
        # becoming a way to send mail to strangers.
        return HttpResponse(
            "Too many registrations from your connection. Please try again in an hour.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
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
    except services.RegistrationRefused as refused:
        messages.error(request, refused.message)
    else:
        if guest:
            messages.success(request, GUEST_MESSAGE.format(email=registration.guest_email))
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
    if action not in ACTIONS or not 20 <= len(token) <= 64:
        raise Http404
    registration = (
        Registration.objects.filter(event=event, cancel_token=token).select_related("user").first()
    )
    if registration is None:
        return _invalid(request, event, status=404)
    statuses, service, heading, button, done = ACTIONS[action]
    registration.event = event
    if registration.status not in statuses:
        return _invalid(request, event)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "events/registration_confirm.html",
            {
                "page": event,
                "event": event,
                "registration": registration,
                "action": action,
                "heading": heading,
                "button": button,
            },
        )
    try:
        registration = service(registration)
    except services.RegistrationRefused as refused:
        return _invalid(request, event, status=409, message=refused.message)
    if action == "confirm":
        done = REGISTERED_MESSAGES[registration.status]
    target = _safe_next(request)
    if target:
        messages.success(request, done)
        return HttpResponseRedirect(target)
    return TemplateResponse(
        request,
        "events/registration_result.html",
        {"page": event, "event": event, "registration": registration, "message": done},
    )
