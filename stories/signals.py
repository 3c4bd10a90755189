"""A council's page lists the stories about it: when one is published or
unpublished, the cached copies of that page go (network_site.page_cache)."""

from django.urls import reverse
from wagtail.signals import page_published, page_unpublished

from network_site.page_cache import purge

from .models import StoryPage


def purge_council_page(sender, instance, **kwargs):
    purge([reverse("councils:detail", args=[instance.local_authority.slug])])


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(purge_council_page, sender=StoryPage, dispatch_uid=f"stories.{signal}")
