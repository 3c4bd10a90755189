import datetime

from django.utils import timezone

from network_site.feeds import FEED_LENGTH, SectionIndexFeed


class LatestArticlesFeed(SectionIndexFeed):
    """RSS 2.0: the latest articles of one article index, with full links and summaries."""

    default_description = "Articles from the Keep it Local Network."

    def items(self, index):
        return index.get_articles()[:FEED_LENGTH]

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        published = datetime.datetime.combine(article.date, datetime.time(9, 0))
        return timezone.make_aware(published)

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors) or None

    def item_categories(self, article):
        return [category.name for category in article.categories.all()]


# /blog/feed/: the route of BlogIndexPage.
articles_feed = LatestArticlesFeed.serve
