"""Check-in on the day: a page for a phone at the door. Find a person by name or
email, mark them as attended (through events.services), see how many have come."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from network_site.refusals import Refused
from network_site.search import contains_any

from . import permissions, services
from .models import EventPage, Registration

# What a search at the door looks in.
CHECK_IN_SEARCH_FIELDS = [
    "guest_name",
    "guest_email",
    "user__first_name",
    "user__last_name",
    "user__email",
]


def check_in_list(event, query=""):
    """Everyone who holds a place, ordered by name; narrowed by a search."""
    registrations = Registration.objects.filter(event=event).holding_places().select_related("user")
    query = query.strip()
    if query:
        registrations = registrations.filter(contains_any(query, CHECK_IN_SEARCH_FIELDS))
    return sorted(registrations, key=lambda registration: registration.name.casefold())


def check_in_count(event):
    """(checked in, expected): everyone holding a place is expected."""
    holding = Registration.objects.filter(event=event).holding_places()
    return holding.filter(status=Registration.Status.ATTENDED).count(), holding.count()


@require_http_methods(["GET", "POST"])
def check_in(request, event_id):
    if not permissions.may_run_events(request.user):
        raise PermissionDenied
    event = get_object_or_404(EventPage, pk=event_id)
    query = request.GET.get("q", "")[:100]
    if request.method == "POST":
        pk = request.POST.get("registration", "")
        registration = get_object_or_404(Registration, pk=pk, event=event) if pk.isdigit() else None
        if registration is None:
            messages.error(request, "Choose someone to check in.")
        else:
            try:
                services.mark_attended(registration, by=request.user)
            except Refused as refusal:
                messages.error(request, str(refusal))
            else:
                messages.success(request, f"{registration.name} is checked in.")
        url = reverse("events_check_in", args=[event.pk])
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    checked_in, expected = check_in_count(event)
    return TemplateResponse(
        request,
        "events/admin/check_in.html",
        {
            "event": event,
            "query": query,
            "registrations": check_in_list(event, query),
            "checked_in": checked_in,
            "expected": expected,
            "listing_url": reverse("registrations:index") + f"?event={event.pk}",
        },
    )


@require_http_methods(["GET"])
def check_in_count_json(request, event_id):
    """The live count, polled by the check-in page so that several people checking
    in at different doors all see the same figure."""
    if not permissions.may_run_events(request.user):
        raise PermissionDenied
    event = get_object_or_404(EventPage, pk=event_id)
    checked_in, expected = check_in_count(event)
    return JsonResponse({"checked_in": checked_in, "expected": expected})
