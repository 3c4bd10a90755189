"""The RSS feed of a section's index page (articles at /blog/feed/, stories at
/stories/feed/): its title, links and items' links; each app says which pages
are its items and what an item shows."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from .models import OrganisationSettings

FEED_LENGTH = 20


class SectionIndexFeed(Feed):
    """RSS 2.0 of one index page (the feed's object), with full links. Subclasses
    give ``items`` and what an item's description, dates and categories are."""

    feed_type = Rss201rev2Feed
    description_template = None
    default_description = ""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, index):
        return index

    def title(self, index):
        return f"{OrganisationSettings.for_request(self.request).name}: {index.title}"

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return self.request.build_absolute_uri(index.get_feed_url())

    def description(self, index):
        return index.introduction or self.default_description

    def item_title(self, page):
        return page.title

    def item_link(self, page):
        return page.get_full_url(self.request)

    def item_guid(self, page):
        return page.get_full_url(self.request)

    def item_updateddate(self, page):
        return page.last_published_at

    @classmethod
    def serve(cls, request, index):
        """The index page's ``feed`` route (network_site.page_routes)."""
        return cls()(request, index=index)
