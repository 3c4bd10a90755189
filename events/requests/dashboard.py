"""What the member dashboard shows of event requests (registered in
events.requests.wagtail_hooks; see network_site.member_data)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery

from . import services
from .models import EventRequestUpdate


@dataclass(frozen=True)
class LatestMessage:
    created_at: datetime
    message: str


def event_requests_context(user, membership):
    """The event requests the member follows, each with the latest message the
    network sent about it (messages only: staff's internal notes never leave the
    admin), read in the same query as the requests."""
    latest = (
        EventRequestUpdate.objects.filter(request=OuterRef("pk"))
        .exclude(source=EventRequestUpdate.Source.AUTHORITY)
        .exclude(message="")
        .order_by("-created_at", "-pk")
    )
    requests = list(
        services.visible_requests(user)
        .select_related("local_authority")
        .annotate(
            latest_message_at=Subquery(latest.values("created_at")[:1]),
            latest_message_text=Subquery(latest.values("message")[:1]),
        )
    )
    for event_request in requests:
        event_request.latest_message = (
            LatestMessage(event_request.latest_message_at, event_request.latest_message_text)
            if event_request.latest_message_at is not None
            else None
        )
    return {
        "event_requests": requests,
        "may_request_event": services.membership_may_request(membership),
    }
