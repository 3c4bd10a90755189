"""The base's signal receivers, connected when this module is imported at start-up
with every app's ``signals`` (network_site.app_modules.connect_signals): the
staff roles after every migrate, the page cache's invalidation, and the receivers
of the email provider's tracking webhooks (anymail's `tracking` signal).

anymail authenticates every webhook with ANYMAIL["WEBHOOK_SECRET"] (HTTP basic
auth) before a receiver runs; a request with wrong or missing credentials gets a
400 and changes nothing.
"""

from anymail.signals import EventType, tracking
from django.core.cache import cache
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

from . import page_cache, roles, sites
from .models import VIEW_RESTRICTIONS_KEY, UndeliverableAddress

post_migrate.connect(roles.ensure_staff_roles, dispatch_uid="network_site.staff_roles")
page_cache.connect_invalidation()
sites.connect()


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="network_site.restriction_saved")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="network_site.restriction_gone")
def forget_view_restrictions(sender, **kwargs):
    """Readers in the same transaction see a new or removed restriction at once
    (others when it commits and the generation moves on)."""
    cache.delete(VIEW_RESTRICTIONS_KEY)


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
