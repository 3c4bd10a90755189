"""The articles of the demo: the index at /blog/, categories, authors and the
articles themselves (words in blog.demo_content), and "Articles" in the menu."""

from network_site.demo.loading import (
    DemoContentError,
    DemoStep,
    Relations,
    publication_time,
    publish_index_page,
    publish_page,
    upsert,
)

from . import demo_content as content
from .models import (
    Author,
    BlogCategory,
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    BlogPageRelatedArticle,
)
from .site_setup import ARTICLES_MENU_ORDER


def load_articles(loader):
    loader.add_images(content.IMAGES)
    index = blog_index(loader)
    loader.add_menu_link(index, "Articles", order=ARTICLES_MENU_ORDER)
    categories = load_categories(loader)
    authors = load_authors(loader)
    articles = {}
    statuses = [
        article(loader, index, spec, authors, categories, articles) for spec in content.ARTICLES
    ]
    loader.report("Articles", statuses)


def blog_index(loader):
    return publish_index_page(loader, BlogIndexPage, content.BLOG_INDEX, "Article index")


def load_categories(loader):
    def write(spec):
        values = {"name": spec["name"], "description": spec["description"]}
        return upsert(BlogCategory, {"slug": spec["slug"]}, values)

    return loader.load_each("Article categories", content.CATEGORIES, write)


def load_authors(loader):
    def write(spec):
        values = {
            "name": spec["name"],
            "role": spec["role"],
            "organisation": spec["organisation"],
            "bio": spec["bio"],
            "photo": loader.image(spec["photo"]),
        }
        return upsert(Author, {"slug": spec["slug"]}, values)

    return loader.load_each("Authors", content.AUTHORS, write)


def article(loader, index, spec, all_authors, all_categories, articles):
    """Write one article; ``articles`` holds the ones written before it, by slug."""
    authors = [all_authors[slug] for slug in spec["authors"]]
    categories = [all_categories[slug] for slug in spec["categories"]]
    try:
        related = [articles[slug] for slug in spec["related"]]
    except KeyError as error:
        raise DemoContentError(
            f"{spec['slug']}: related article {error} must come earlier in ARTICLES"
        ) from None
    hero = loader.image(spec["hero"])

    def current(page):
        return {
            "authors": [link.author_id for link in page.blog_authors.all()],
            "categories": sorted(category.pk for category in page.categories.all()),
            "tags": sorted(page.tags.names()),
            "related": [link.article_id for link in page.related_articles.all()],
        }

    def apply(page):
        page.blog_authors = [BlogPageAuthor(author=author) for author in authors]
        page.categories = categories
        page.tags.set(spec["tags"])
        page.related_articles = [BlogPageRelatedArticle(article=other) for other in related]

    relations = Relations(
        desired={
            "authors": [author.pk for author in authors],
            "categories": sorted(category.pk for category in categories),
            "tags": sorted(spec["tags"]),
            "related": [other.pk for other in related],
        },
        current=current,
        apply=apply,
    )
    fields = {
        "title": spec["title"],
        "date": spec["date"],
        "summary": spec["summary"],
        "hero_image": hero,
        "hero_alt_text": hero.description,
        "body": loader.stream(spec["slug"], spec["body"]),
        "first_published_at": publication_time(spec["date"]),
    }
    page, status = publish_page(index, BlogPage, spec["slug"], fields, relations)
    articles[spec["slug"]] = page
    return status


DEMO_STEPS = [DemoStep("articles", 100, load_articles, after=("site",))]
