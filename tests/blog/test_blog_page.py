import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPage, BlogPageRelatedArticle
from network_site.models import HomePage, StandardPage
from tests.factories import AuthorFactory, BlogCategoryFactory, BlogPageFactory

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_articles_live_only_under_the_article_index(self):
        self.assertAllowedParentPageTypes(BlogPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPage, set())

    def test_article_index_lives_under_the_home_page(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPage})

    def test_standard_pages_nest(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(HomePage, BlogPage)


def test_article_renders_byline_date_and_body(client, blog_index):
    author = AuthorFactory(name="Nia Patel", role="Policy Officer", organisation="The Network")
    article = BlogPageFactory(
        parent=blog_index, title="Keeping it local", authors=[author], categories_set=[]
    )
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert [h1.get_text() for h1 in soup.find_all("h1")] == ["Keeping it local"]
    meta = soup.select_one(".article__meta").get_text(" ", strip=True)
    assert "Nia Patel" in meta
    assert "Policy Officer, The Network" in meta
    assert soup.select_one(".article__meta time")["datetime"] == article.date.isoformat()
    assert soup.select_one(".article__meta a")["href"] == "/blog/author/" + author.slug + "/"
    hero = soup.select_one(".article__hero img")
    assert hero["alt"] == article.hero_alt_text
    assert hero.get("width")
    assert hero.get("height")
    assert soup.select_one(".article__hero source[type='image/avif']")
    assert soup.select_one(".article__hero source[type='image/webp']")
    assert soup.select_one(".prose h2").get_text() == "Why it matters"


def test_hero_image_needs_alternative_text(blog_index):
    article = BlogPageFactory.build(hero_alt_text="  ")
    article.hero_image = BlogPageFactory(parent=blog_index).hero_image
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "hero_alt_text" in error.value.message_dict


def test_related_articles_chosen_by_editor_come_first(client, blog_index):
    article, chosen, other = (BlogPageFactory(parent=blog_index) for _ in range(3))
    BlogPageRelatedArticle.objects.create(page=article, article=chosen, sort_order=0)
    related = article.get_related_articles()
    assert related == [chosen]
    assert other not in related


def test_related_articles_default_to_shared_category(blog_index):
    category = BlogCategoryFactory()
    article = BlogPageFactory(parent=blog_index, categories_set=[category])
    sibling = BlogPageFactory(parent=blog_index, categories_set=[category])
    BlogPageFactory(parent=blog_index)  # no category in common
    assert article.get_related_articles() == [sibling]


def test_related_articles_exclude_drafts(blog_index):
    article = BlogPageFactory(parent=blog_index)
    draft = BlogPageFactory(parent=blog_index, live=False)
    BlogPageRelatedArticle.objects.create(page=article, article=draft, sort_order=0)
    assert article.get_related_articles() == []


def test_article_has_blog_posting_structured_data(client, blog_index):
    author = AuthorFactory(name="Nia Patel")
    article = BlogPageFactory(parent=blog_index, title="Prevention pays", authors=[author])
    article.tags.add("prevention")
    article.save()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Prevention pays"
    assert data["datePublished"] == article.date.isoformat()
    assert data["author"] == [
        {"@type": "Person", "name": "Nia Patel", "jobTitle": "Policy Officer"}
    ]
    assert data["url"] == article.get_full_url()
    assert data["image"][0].startswith("http")
    assert data["keywords"] == ["prevention"]


def test_structured_data_cannot_break_out_of_its_script(client, blog_index):
    article = BlogPageFactory(parent=blog_index, title="</script><script>alert(1)</script>")
    content = client.get(article.url).content.decode()
    assert "</script><script>alert(1)" not in content
    assert "\\u003C/script\\u003E" in content
