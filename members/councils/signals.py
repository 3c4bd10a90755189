"""The council pages show members, organisations, events and commitments, which are not
pages: when one of them changes, the cached copies of the council pages go
(network_site.page_cache), once the change commits."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from events.models import EventPage
from network_site.cache_targets import Subtree
from network_site.page_cache import purge

from ..models import LocalAuthority, Membership, Organisation
from .models import Commitment, CommitmentDocument

COUNCIL_PAGES = Subtree("/councils/")
# A member's saves that change nothing a council page shows (signing in).
UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})


def purge_council_pages(sender, **kwargs):
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if (
        sender is get_user_model()
        and update_fields
        and UNSHOWN_USER_FIELDS.issuperset(update_fields)
    ):
        return
    purge([COUNCIL_PAGES])


def connect():
    for model in (
        get_user_model(),
        Membership,
        Organisation,
        LocalAuthority,
        Commitment,
        CommitmentDocument,
    ):
        post_save.connect(purge_council_pages, sender=model, dispatch_uid=f"councils.{model}")
        post_delete.connect(purge_council_pages, sender=model, dispatch_uid=f"councils-d.{model}")
    m2m_changed.connect(
        purge_council_pages,
        sender=Organisation.local_authorities.through,
        dispatch_uid="councils.organisation-areas",
    )
    for signal in (page_published, page_unpublished):
        signal.connect(purge_council_pages, sender=EventPage, dispatch_uid=f"councils.{signal}")


# The base imports this module once, at start-up (network_site.app_modules.connect_signals).
connect()
