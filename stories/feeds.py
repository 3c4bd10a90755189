"""The RSS feed at /stories/feed/: the newest stories, each with its summary and
the quotes a reader may see (only those with recorded consent)."""

from django.utils.html import format_html, format_html_join

from network_site.feeds import FEED_LENGTH, SectionIndexFeed


class LatestStoriesFeed(SectionIndexFeed):
    default_description = "What commissioning locally changed, in the words of those involved."

    def items(self, index):
        return index.get_stories().prefetch_related("quotes", "withdrawals")[:FEED_LENGTH]

    def item_description(self, story):
        quotes = format_html_join(
            "",
            "<blockquote><p>{}</p><footer>{}</footer></blockquote>",
            ((quote.text, quote.attribution) for quote in story.consented_quotes()),
        )
        return format_html("<p>{}</p>{}", story.summary, quotes)

    def item_pubdate(self, story):
        return story.first_published_at

    def item_categories(self, story):
        return [story.service_area.name, story.local_authority.name]


# /stories/feed/: the route of StoryIndexPage.
stories_feed = LatestStoriesFeed.serve
