"""The council page and the pages of the events a council co-hosts say when it is
in its pre-election period: when one of its elections changes, their cached copies
go (network_site.page_cache), once the change commits. A period that starts or
ends at midnight reaches them as the cached copies expire (PAGE_CACHE_SECONDS)."""

from django.db.models.signals import post_delete, post_save

from events.models import EventPage
from network_site.cache_targets import Target
from network_site.page_cache import purge

from . import services
from .models import Election


def purge_pages_of_the_council(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    services.elections_changed()
    authority = instance.authority
    targets: list[Target] = [authority.get_absolute_url()]
    targets.extend(EventPage.objects.filter(host_authority=authority))
    purge(targets)


def connect():
    post_save.connect(purge_pages_of_the_council, sender=Election, dispatch_uid="elections.saved")
    post_delete.connect(
        purge_pages_of_the_council, sender=Election, dispatch_uid="elections.deleted"
    )


# The base imports this module once, at start-up (network_site.app_modules.connect_signals).
connect()
