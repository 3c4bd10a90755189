"""What the member dashboard shows of events: the member's registrations
(registered in events.wagtail_hooks; see network_site.member_data)."""

from django.utils import timezone

from .models import Registration


def registrations_context(user, membership):
    """The member's event registrations: coming up (not cancelled) and the rest."""
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
