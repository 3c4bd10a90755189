"""Pages for an event's host contacts (members, not staff): the events they host,
how full each is, and the attendees who agreed to share their details with the
hosts. Nothing about other events, and nothing about attendees who did not agree."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import rules
from .permissions import hosted_events, registrations_shared_with_hosts

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
    return get_object_or_404(hosted_events(user), pk=event_id)


@never_cache
@login_required
@require_GET
def hosting(request):
    events = hosted_events(request.user).order_by("-start")
    rows = [
        {"event": event, "taken": rules.places_taken(event), "capacity": event.capacity}
        for event in events
    ]
    return TemplateResponse(request, "events/hosting.html", {"rows": rows})


@never_cache
@login_required
@require_GET
def hosting_event(request, event_id):
    event = _hosted_event(request.user, event_id)
    taken = rules.places_taken(event)
    return TemplateResponse(
        request,
        "events/hosting_event.html",
        {
            "event": event,
            "taken": taken,
            "left": rules.places_left(event, taken),
            "registrations": registrations_shared_with_hosts(event),
        },
    )


def _safe_cell(value):
    """Spreadsheets run a cell that starts with = + - @ as a formula: defuse it."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@never_cache
@login_required
@require_GET
def hosting_export(request, event_id):
    event = _hosted_event(request.user, event_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([heading for heading, _ in EXPORT_FIELDS])
    for registration in registrations_shared_with_hosts(event):
        writer.writerow([_safe_cell(value(registration)) for _, value in EXPORT_FIELDS])
    return response
