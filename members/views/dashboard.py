from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from network_site.models import UndeliverableAddress

from ..forms.profile import MARKETING_CONSENT_WORDING, ProfileForm
from ..models import MarketingConsent, Membership


def registrations_context(user):
    """The member's event registrations: coming up (not cancelled) and the rest."""
    from django.utils import timezone

    from events.models import Registration

    registrations = list(
        Registration.objects.filter(user=user, event__live=True)
        .select_related("event")
        .order_by("event__start", "pk")
    )
    now = timezone.now()
    for registration in registrations:
        registration.cancel_url = registration.event.url + registration.event.reverse_subpage(
            "registration_action", args=(registration.cancel_token, "cancel")
        )
        registration.accept_url = registration.event.url + registration.event.reverse_subpage(
            "registration_action", args=(registration.cancel_token, "accept")
        )
        registration.can_cancel = registration.event.end > now and registration.status in (
            Registration.Status.CONFIRMED,
            Registration.Status.WAITLISTED,
            Registration.Status.OFFERED,
            Registration.Status.PENDING_PAYMENT,
        )
    upcoming = [
        r for r in registrations if r.event.end > now and r.status != Registration.Status.CANCELLED
    ]
    return {
        "upcoming_registrations": upcoming,
        "past_registrations": [r for r in registrations if r not in upcoming][::-1][:20],
    }


def event_requests_context(user):
    """The event requests the member follows, each with the latest message the
    network sent about it (messages only: staff's internal notes never leave the admin)."""
    from django.db.models import Prefetch

    from events import event_requests
    from events.models import EventRequestUpdate

    messages_to_authority = (
        EventRequestUpdate.objects.exclude(source=EventRequestUpdate.Source.AUTHORITY)
        .exclude(message="")
        .only("pk", "request_id", "created_at", "message")
        .order_by("-created_at", "-pk")
    )
    requests = list(
        event_requests.visible_requests(user)
        .select_related("local_authority")
        .prefetch_related(
            Prefetch("updates", queryset=messages_to_authority, to_attr="messages_to_authority")
        )
    )
    for event_request in requests:
        event_request.latest_message = next(iter(event_request.messages_to_authority), None)
    return {
        "event_requests": requests,
        "may_request_event": event_requests.may_request(user),
    }


@never_cache
@login_required
def dashboard(request):
    """The member's own page: membership, what is pending, profile, preferences, their data."""
    user = request.user
    membership = (
        Membership.objects.filter(user=user)
        .select_related("local_authority", "organisation")
        .first()
    )
    latest_decision = membership.decisions.first() if membership else None
    return TemplateResponse(
        request,
        "members/dashboard.html",
        {
            "membership": membership,
            "latest_decision": latest_decision,
            "marketing_consent": MarketingConsent.objects.filter(user=user).first(),
            "undeliverable": UndeliverableAddress.for_email(user.email),
            **registrations_context(user),
            **event_requests_context(user),
        },
    )


@never_cache
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile has been saved.")
            return redirect("members:dashboard")
        status = 400
    else:
        status = 200
    return TemplateResponse(
        request,
        "members/profile.html",
        {"form": form, "consent_wording": MARKETING_CONSENT_WORDING},
        status=status,
    )
