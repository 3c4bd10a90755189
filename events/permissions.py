"""Who may see and run which event's registrations: one function per rule.

Staff run events in the Wagtail admin with the model permissions of the "Event
managers" group (superusers have them all). Host contacts are members, not
staff: they see, on their hosting pages, only the events they host and only the
attendees of those events who agreed to share their details with the hosts.
"""

import datetime

from django.utils import timezone

from .models import EventPage, Registration

VIEW_REGISTRATIONS = "events.view_registration"
ADD_REGISTRATIONS = "events.add_registration"
CHANGE_REGISTRATIONS = "events.change_registration"


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def may_view_registrations(user) -> bool:
    """Staff who see every event's registrations, their counts and exports."""
    return _active(user) and user.has_perm(VIEW_REGISTRATIONS)


def may_add_attendees(user) -> bool:
    """Staff who add a member or a guest to an event by hand."""
    return _active(user) and user.has_perm(ADD_REGISTRATIONS)


def may_run_events(user) -> bool:
    """Staff who move people between the waitlist and confirmed places, cancel
    registrations, check people in, message attendees and cancel events."""
    return _active(user) and user.has_perm(CHANGE_REGISTRATIONS)


def hosted_events(user):
    """The published events this person is a host contact of (none for anyone
    signed out). A draft has no hosts yet: co-hosting starts when it is published."""
    if not _active(user):
        return EventPage.objects.none()
    return EventPage.objects.live().filter(host_contacts__user=user).distinct()


def registrations_shared_with_hosts(event):
    """What the hosts of an event may see: active attendees who agreed to share."""
    return (
        Registration.objects.filter(event=event, share_with_hosts=True)
        .active()
        .select_related("user")
        .order_by("created_at", "pk")
    )


HOST_MESSAGES_AFTER_THE_EVENT = datetime.timedelta(days=14)


def host_messaging_refusal(event, now=None) -> str:
    """Why the hosts may not message this event's confirmed attendees now, or ""
    when they may: about an event that is not cancelled (hosts see only published
    ones), until two weeks after it ends (time enough for thanks and follow-up)."""
    now = now or timezone.now()
    if event.is_cancelled:
        return "This event has been cancelled, so its attendees can no longer be messaged."
    if event.end + HOST_MESSAGES_AFTER_THE_EVENT < now:
        return "This event ended more than 14 days ago, so its attendees can no longer be messaged."
    return ""
