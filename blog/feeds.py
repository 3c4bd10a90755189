import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed

from network_site.models import OrganisationSettings

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """RSS 2.0: the latest articles of one article index, with full links and summaries."""

    feed_type = Rss201rev2Feed

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
        return index.introduction or "Articles from the Keep it Local Network."

    def items(self, index):
        return index.get_articles()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_guid(self, article):
        return article.get_full_url(self.request)

    def item_pubdate(self, article):
        published = datetime.datetime.combine(article.date, datetime.time(9, 0))
        return timezone.make_aware(published)

    def item_updateddate(self, article):
        return article.last_published_at

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors) or None

    def item_categories(self, article):
        return [category.name for category in article.categories.all()]


def articles_feed(request, index):
    """/blog/feed/: the route of BlogIndexPage."""
    return LatestArticlesFeed()(request, index=index)
