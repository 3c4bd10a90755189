"""What event requests hold about a member: their entries of the personal-data
register and their part of erasure (registered in events.requests.wagtail_hooks;
see network_site.member_data and members.personal_data)."""

from network_site.member_data import Exported

from .models import EventRequest, EventRequestOutcome, EventRequestUpdate
from .record_fields import PAGE_ORDER

REGISTRY = {
    "event_requests.EventRequest": Exported.owned_by(
        EventRequest,
        "requester",
        "contacts",
        fields=(
            "id",
            "reference",
            "requester",
            *PAGE_ORDER,
            "status",
            "created_at",
            "status_changed_at",
            "event",
        ),
    ),
    "event_requests.EventRequestUpdate": Exported.owned_by(
        EventRequestUpdate,
        "author",
        fields=(
            "id",
            "request",
            "created_at",
            "author",
            "source",
            "from_status",
            "to_status",
            "message",
        ),
        withheld={
            "internal_note": "Notes staff keep for themselves about the request; a "
            "member's own entries never have one."
        },
    ),
    "event_requests.EventRequestOutcome": Exported.owned_by(
        EventRequestOutcome,
        "submitted_by",
        fields=(
            "id",
            "request",
            "what_happened",
            "what_changed",
            "quote",
            "quote_attribution",
            "may_publish_quote",
            "submitted_by",
            "submitted_at",
        ),
    ),
}


def erase(user, addresses):
    """Anonymise what the requests say about ``user`` (see members.personal_data.erase_member)."""
    # Event requests are the council's correspondence with the network and stay;
    # the member's phone number, their place as a contact and their name under a
    # quote go, and so does the consent to publish that quote.
    EventRequest.objects.filter(requester=user).update(contact_phone="")
    user.event_requests_as_contact.clear()
    EventRequestOutcome.objects.filter(submitted_by=user).update(
        quote_attribution="", may_publish_quote=False
    )
