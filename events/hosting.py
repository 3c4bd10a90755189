"""Pages for an event's host contacts (members, not staff): the events they host,
how full each is, the attendees who agreed to share their details with the hosts,
and a form to message everyone with a confirmed place. Nothing about other events,
and nothing about attendees who did not agree beyond totals.

Every view looks the event up among the user's own hosted events, so an id that
is not theirs answers 404 whether or not the event exists."""

import csv
import datetime
import logging

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from network_site.decorators import signed_in_view
from network_site.forms import LongTextField

from . import rules, services
from .listing import for_listing
from .models import Registration
from .permissions import host_messaging_refusal, hosted_events, registrations_shared_with_hosts

logger = logging.getLogger(__name__)

EXPORT_FIELDS = [
    ("Name", lambda r: r.name),
    ("Email", lambda r: r.email),
    ("Status", lambda r: r.get_status_display()),
    ("Access needs", lambda r: r.access_needs),
    ("Dietary needs", lambda r: r.dietary_needs),
    ("Registered", lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")),
]


def _hosted_event(user, event_id):
    """One of the user's hosted events, or 404 (also for events that exist but are
    someone else's: nobody learns which ids are real)."""
    return get_object_or_404(
        hosted_events(user)
        .select_related("venue", "host_authority")
        .prefetch_related("host_organisations"),
        pk=event_id,
    )


def registration_numbers(event):
    """The event's totals for its hosts: numbers only, counting everyone (also those
    who did not agree to share their details), never naming anyone."""
    taken = rules.places_taken(event)
    return {
        "confirmed": services.message_recipients(event).count(),
        "waitlisted": Registration.objects.filter(event=event).waitlisted().count(),
        "places_left": rules.places_left(event, taken),
        "capacity": event.capacity,
    }


# Messages from the hosts -------------------------------------------------------
#
# Between them, an event's hosts may send at most HOST_MESSAGES_PER_PERIOD messages
# in any HOST_MESSAGE_PERIOD. Each message sent takes one of that many slots in the
# shared cache (Redis in production, so every app server sees the same slots); a
# slot frees itself when its time runs out. ``cache.add`` only writes a key that is
# not there yet, atomically, so two hosts sending at once cannot both take the last
# slot. The emails themselves are the record of what was sent (OutboundEmail rows).
# Emptying the cache (a Redis restart) starts the count again: the limit guards
# against slips and misuse, and losing it now and then does no harm.

HOST_MESSAGES_PER_PERIOD = 3
HOST_MESSAGE_PERIOD = datetime.timedelta(hours=24)


def _slot_keys(event):
    return [f"events:host-message:{event.pk}:{slot}" for slot in range(HOST_MESSAGES_PER_PERIOD)]


def _slots_taken(event):
    """When each message still counting against the limit was sent."""
    return sorted(cache.get_many(_slot_keys(event)).values())


def _take_slot(event, now):
    """The cache key of a free slot, now taken; None when every slot is taken."""
    timeout = int(HOST_MESSAGE_PERIOD.total_seconds())
    for key in _slot_keys(event):
        if cache.add(key, now, timeout=timeout):
            return key
    return None


def _messages_left(event):
    sent = _slots_taken(event)
    return {
        "left": HOST_MESSAGES_PER_PERIOD - len(sent),
        "next_at": sent[0] + HOST_MESSAGE_PERIOD if sent else None,
    }


def _over_the_limit(event):
    next_at = _messages_left(event)["next_at"]
    when = date_format(timezone.localtime(next_at), r"H:i \o\n l j F") if next_at else "tomorrow"
    return (
        f"The hosts have already sent {HOST_MESSAGES_PER_PERIOD} messages about this event "
        f"in the last 24 hours, which is the most we allow. You can send another from {when}. "
        "Your message has not been sent."
    )


class HostMessageForm(forms.Form):
    subject = forms.CharField(
        max_length=150,
        error_messages={
            "required": "Enter a subject.",
            "max_length": "Keep the subject to %(limit_value)d characters or fewer "
            "(it has %(show_value)d).",
        },
    )
    body = LongTextField(
        label="Message",
        max_length=5000,
        rows=10,
        help_text="Plain text. We add the event's date, place and link below your message.",
        error_messages={
            "required": "Write your message.",
            "max_length": "Keep the message to %(limit_value)d characters or fewer "
            "(it has %(show_value)d).",
        },
    )


def _messaging_refusal(event, recipients):
    """Why no message may be sent about this event now, or ""."""
    refusal = host_messaging_refusal(event)
    if not refusal and not recipients:
        refusal = "Nobody has a confirmed place yet, so there is nobody to message."
    return refusal


# Views ---------------------------------------------------------------------------


@signed_in_view("GET")
def hosting(request):
    events = for_listing(hosted_events(request.user)).order_by("-start")
    rows = [
        {"event": event, "taken": event.places_taken, "capacity": event.capacity}
        for event in events
    ]
    return TemplateResponse(request, "events/hosting.html", {"rows": rows})


def _event_page(request, event, form=None, *, refusal=None, status=200):
    numbers = registration_numbers(event)
    if refusal is None:
        refusal = _messaging_refusal(event, numbers["confirmed"])
    return TemplateResponse(
        request,
        "events/hosting_event.html",
        {
            "event": event,
            "numbers": numbers,
            "registrations": registrations_shared_with_hosts(event),
            "form": form or HostMessageForm(),
            "messaging_refusal": refusal,
            "messages_left": _messages_left(event),
            "messages_per_period": HOST_MESSAGES_PER_PERIOD,
        },
        status=status,
    )


@signed_in_view("GET")
def hosting_event(request, event_id):
    return _event_page(request, _hosted_event(request.user, event_id))


@signed_in_view("GET")
def hosting_numbers(request, event_id):
    """The live totals the hosting page polls (static/js/hosting.js)."""
    return JsonResponse(registration_numbers(_hosted_event(request.user, event_id)))


@signed_in_view("GET", "POST")
def hosting_message(request, event_id):
    event = _hosted_event(request.user, event_id)
    if request.method == "GET":
        return redirect(reverse("members:hosting_event", args=[event.pk]) + "#message-title")
    form = HostMessageForm(request.POST)
    refusal = _messaging_refusal(event, services.message_recipients(event).count())
    if refusal:
        return _event_page(request, event, form, refusal=refusal, status=400)
    if not form.is_valid():
        return _event_page(request, event, form, status=400)
    slot = _take_slot(event, timezone.now())
    if slot is None:
        form.add_error(None, _over_the_limit(event))
        return _event_page(request, event, form, status=429)
    try:
        sent = services.message_attendees(
            event,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            sender_name=request.user.get_full_name() or request.user.email,
            reply_to=request.user.email,
            template="events/event_host_message",
        )
    except ValidationError:
        cache.delete(slot)
        form.add_error(
            None,
            "Replies would go to your account's email address, which we cannot use. "
            "Update it in your account settings, then send your message again.",
        )
        return _event_page(request, event, form, status=400)
    except Exception:
        cache.delete(slot)  # nothing was sent: the slot is not used up
        raise
    logger.info("Host %s messaged %s attendees of event %s", request.user.pk, sent, event.pk)
    messages.success(
        request, f"Your message has been sent to {sent} attendee{'' if sent == 1 else 's'}."
    )
    # To the top of the page, where the message is shown (the form's address
    # ends in #message-title, and a browser keeps that over a plain redirect).
    return redirect(reverse("members:hosting_event", args=[event.pk]) + "#main-content")


@signed_in_view("GET")
def hosting_export(request, event_id):
    event = _hosted_event(request.user, event_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([heading for heading, _ in EXPORT_FIELDS])
    for registration in registrations_shared_with_hosts(event):
        writer.writerow([value(registration) for _, value in EXPORT_FIELDS])
    return response
