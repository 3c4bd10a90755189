"""What the member dashboard shows of event requests (registered in
events.requests.wagtail_hooks; see network_site.member_data)."""

from django.db.models import Prefetch

from . import services
from .models import EventRequestUpdate


def event_requests_context(user):
    """The event requests the member follows, each with the latest message the
    network sent about it (messages only: staff's internal notes never leave the admin)."""
    messages_to_authority = (
        EventRequestUpdate.objects.exclude(source=EventRequestUpdate.Source.AUTHORITY)
        .exclude(message="")
        .only("pk", "request_id", "created_at", "message")
        .order_by("-created_at", "-pk")
    )
    requests = list(
        services.visible_requests(user)
        .select_related("local_authority")
        .prefetch_related(
            Prefetch("updates", queryset=messages_to_authority, to_attr="messages_to_authority")
        )
    )
    for event_request in requests:
        event_request.latest_message = next(iter(event_request.messages_to_authority), None)
    return {
        "event_requests": requests,
        "may_request_event": services.may_request(user),
    }
