"""Minimal demo content, used only when `manage.py load_demo_content` does not exist.

A home page, the article index at /blog/ and a dozen articles with authors,
categories, a hero image and a body of several blocks: enough for the pages the
benchmark fetches to do the work they do with real content.
"""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.models import Author, BlogCategory, BlogIndexPage, BlogPage, BlogPageAuthor
from network_site.models import HomePage

ARTICLES = 12


def _image(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (40, 90, 120)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="bench-hero.jpg")
    )


def _body(n):
    return [
        ("paragraph", f"<p>Article {n}: why local services work better when kept local.</p>"),
        ("heading", {"text": "What we heard", "level": "h2"}),
        ("paragraph", "<p>" + "Councillors and commissioners told us what works. " * 12 + "</p>"),
        (
            "quote",
            {"text": "Local organisations know their places.", "attribution": "A councillor"},
        ),
        (
            "lessons",
            {
                "heading": "Five lessons",
                "lessons": [
                    {"title": f"Lesson {i}", "text": "<p>Start with the people.</p>"}
                    for i in range(1, 6)
                ],
            },
        ),
        ("paragraph", "<p>" + "Join the network and ask us to host an event. " * 8 + "</p>"),
    ]


def load():
    Page.objects.filter(depth=2).delete()
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="Keep it Local Network",
            slug="home",
            introduction="Councillors, commissioners and community organisations.",
        )
    )
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="KiLN"
    )
    index = home.add_child(
        instance=BlogIndexPage(title="Articles", slug="blog", introduction="News and ideas.")
    )
    authors = [
        Author.objects.create(name=f"Author {i}", slug=f"author-{i}", role="Policy Officer")
        for i in range(3)
    ]
    categories = [
        BlogCategory.objects.create(name=f"Category {i}", slug=f"category-{i}") for i in range(3)
    ]
    hero = _image("Hero")
    for n in range(ARTICLES):
        article = index.add_child(
            instance=BlogPage(
                title=f"Keeping services local, part {n}",
                slug=f"keeping-services-local-{n}",
                date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
                summary="What councils and community organisations learned together.",
                hero_image=hero,
                hero_alt_text="People around a table at a network event",
                body=_body(n),
            )
        )
        BlogPageAuthor.objects.create(page=article, author=authors[n % 3], sort_order=0)
        article.categories.set([categories[n % 3]])
        article.save_revision().publish()
