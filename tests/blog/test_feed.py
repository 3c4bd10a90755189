import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import AuthorFactory, BlogCategoryFactory, BlogPageFactory

pytestmark = pytest.mark.django_db


def test_feed_is_valid_rss_2_with_full_links_dates_and_summaries(client, blog_index):
    author = AuthorFactory(name="Nia Patel")
    category = BlogCategoryFactory(name="Prevention")
    older = BlogPageFactory(parent=blog_index, title="Older", date=datetime.date(2024, 5, 1))
    newer = BlogPageFactory(
        parent=blog_index,
        title="Newer & better",
        date=datetime.date(2025, 3, 2),
        summary="Why grants still matter.",
        authors=[author],
        categories_set=[category],
    )
    BlogPageFactory(parent=blog_index, title="A draft", live=False)
    private = BlogPageFactory(parent=blog_index, title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/blog/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)
    assert rss.tag == "rss"
    assert rss.attrib["version"] == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("link") == blog_index.get_full_url()
    assert channel.findtext("title").endswith(blog_index.title)
    atom_self = channel.find("{http://www.w3.org/2005/Atom}link")
    assert atom_self.attrib["href"] == "http://testserver/blog/feed/"

    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Newer & better", "Older"]
    first = items[0]
    assert first.findtext("link") == newer.get_full_url()
    assert first.findtext("link").startswith("http")
    assert first.findtext("guid") == newer.get_full_url()
    assert first.findtext("description") == "Why grants still matter."
    assert parsedate_to_datetime(first.findtext("pubDate")).date() == datetime.date(2025, 3, 2)
    assert first.findtext("category") == "Prevention"
    assert "Nia Patel" in first.findtext("{http://purl.org/dc/elements/1.1/}creator", "") + (
        first.findtext("author") or ""
    )
    assert older.get_full_url() in [item.findtext("link") for item in items]


def test_feed_is_linked_from_the_blog(client, blog_index):
    content = client.get("/blog/").content.decode()
    assert 'type="application/rss+xml"' in content
    assert 'href="/blog/feed/"' in content
