import pytest
from bs4 import BeautifulSoup

from tests.demo_pages import content_view_paths, load_demo_content, page_tree_paths
from tests.factories import BlogPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def head(client, url):
    return BeautifulSoup(client.get(url).content, "html.parser").head


def meta(soup, **attrs):
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def test_article_has_title_description_canonical_and_social_tags(client, blog_index):
    article = BlogPageFactory(
        parent=blog_index, title="Prevention pays", summary="How early help saves money."
    )
    soup = head(client, article.url)
    assert soup.title.get_text() == "Prevention pays | Keep it Local Network"
    assert meta(soup, name="description") == "How early help saves money."
    assert soup.find("link", rel="canonical")["href"] == article.get_full_url()
    assert meta(soup, property="og:title") == "Prevention pays"
    assert meta(soup, property="og:type") == "article"
    assert meta(soup, property="og:url") == article.get_full_url()
    assert meta(soup, property="og:description") == "How early help saves money."
    assert meta(soup, property="og:image").startswith("http://")
    assert meta(soup, name="twitter:card") == "summary_large_image"
    assert meta(soup, name="twitter:title") == "Prevention pays"


def test_editor_overrides_win(client, blog_index):
    article = BlogPageFactory(
        parent=blog_index,
        title="Prevention pays",
        seo_title="Why prevention pays off",
        search_description="An editor's description.",
        social_text="Share me.",
    )
    soup = head(client, article.url)
    assert soup.title.get_text() == "Why prevention pays off | Keep it Local Network"
    assert meta(soup, name="description") == "An editor's description."
    assert meta(soup, property="og:description") == "Share me."


def test_page_without_image_gets_a_plain_card(client, home_page):
    page = StandardPageFactory(
        parent=home_page, title="Privacy notice", introduction="What we hold."
    )
    soup = head(client, page.url)
    assert meta(soup, name="twitter:card") == "summary"
    assert meta(soup, property="og:type") == "website"
    assert meta(soup, name="description") == "What we hold."


def test_home_page_title_is_not_repeated(client, home_page):
    soup = head(client, "/")
    assert soup.title.get_text() == home_page.title
    assert soup.find("script", type="application/ld+json") is not None


def test_listing_pages_have_distinct_titles(client, blog_index):
    for _ in range(11):
        BlogPageFactory(parent=blog_index)
    assert (
        head(client, "/blog/?page=2").title.get_text()
        == "Articles (page 2) | Keep it Local Network"
    )


def test_every_public_page_of_the_demo_describes_itself(client):
    load_demo_content()
    descriptions = {}
    for path in page_tree_paths() + content_view_paths():
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        soup = BeautifulSoup(response.content, "html.parser").head
        descriptions[path] = (meta(soup, name="description") or "").strip()
    assert [path for path, description in descriptions.items() if not description] == []
