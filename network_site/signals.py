"""The base's signal receivers, connected when NetworkSiteConfig.ready() imports
this module: the staff roles after every migrate, the page cache's invalidation,
and the receivers of the email provider's tracking webhooks (anymail's
`tracking` signal).

anymail authenticates every webhook with ANYMAIL["WEBHOOK_SECRET"] (HTTP basic
auth) before a receiver runs; a request with wrong or missing credentials gets a
400 and changes nothing.
"""

from anymail.signals import EventType, tracking
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from . import page_cache, roles, sites
from .models import UndeliverableAddress

post_migrate.connect(roles.ensure_staff_roles, dispatch_uid="network_site.staff_roles")
page_cache.connect_invalidation()
sites.connect()

UNDELIVERABLE_EVENTS = {
    EventType.BOUNCED: UndeliverableAddress.Reason.BOUNCED,
    EventType.COMPLAINED: UndeliverableAddress.Reason.COMPLAINED,
}


@receiver(tracking, dispatch_uid="network_site.undeliverable")
def record_undeliverable_address(sender, event, esp_name, **kwargs):
    """A bounce or a spam complaint makes the address undeliverable. Other events
    (delivered, opened, deferred …) are not recorded."""
    reason = UNDELIVERABLE_EVENTS.get(event.event_type)
    if reason is None or not event.recipient:
        return
    detail = " ".join(
        part for part in (esp_name + ":", event.description, event.mta_response) if part
    )
    UndeliverableAddress.record(
        event.recipient, reason, detail=detail, esp_event_id=event.event_id or ""
    )
