"""The articles of the scale data: authors, and articles under the demo's article
index with authors, categories, tags and the demo's hero images, dated over the
last six years."""

import datetime

from django.utils.text import slugify
from taggit.models import Tag
from wagtail.images import get_image_model

from network_site.demo.scale import PLACES, ScaleDataError, ScaleStep, batches, random_uuid

from . import demo_content
from .models import Author, BlogCategory, BlogIndexPage, BlogPage, BlogPageAuthor, BlogPageTag

AUTHOR_SLUG_PREFIX = "scale-"
AUTHOR_FIRST_NAMES = [
    "Alys",
    "Bryn",
    "Cerys",
    "Dafydd",
    "Esme",
    "Felix",
    "Hana",
    "Idris",
    "Jess",
    "Kofi",
    "Leah",
    "Mo",
    "Nell",
]
AUTHOR_LAST_NAMES = [
    "Abbott",
    "Bell",
    "Carter",
    "Dunn",
    "Edwards",
    "Flynn",
    "Grant",
    "Hart",
    "Irving",
    "Khan",
    "Lyons",
]
AUTHOR_ROLES = ["Policy Officer", "Councillor", "Researcher", "Network Coordinator", ""]
SERVICES = [
    "bin collections",
    "school meals",
    "home care",
    "leisure centres",
    "housing repairs",
    "grounds maintenance",
    "children's homes",
    "street lighting",
    "youth services",
    "library buildings",
    "bus routes",
    "energy advice",
]
HEADLINES = [
    "What {place} learned from bringing {service} back in house",
    "Five questions to ask before retendering {service}",
    "{place} and the true cost of outsourced {service}",
    "How a community group took on {service} in {place}",
    "Social value in {service}: the figures from {place}",
    "Why {place} is rethinking {service}",
]
SUMMARIES = [
    "A look at the decisions, the numbers and what residents noticed.",
    "Councillors and officers on what worked, what did not and what they would change.",
    "The contract, the alternatives and the questions that settled it.",
]
PARAGRAPHS = [
    "When the contract came up for renewal, the council asked what it was really buying.",
    "Officers compared the cost of the contract with a team of the council's own.",
    "Residents were asked what mattered to them, and the answers shaped the specification.",
    "Local organisations were invited to bid, with support to do so.",
]
HEADINGS = ["The starting point", "What changed", "What it cost", "What comes next"]
TAGS = ["insourcing", "social value", "procurement", "community wealth", "care", "housing"]


def existing():
    return Author.objects.filter(slug__startswith=AUTHOR_SLUG_PREFIX).count()


def generate_articles(generator):
    rng = generator.random_for("articles")
    index = BlogIndexPage.objects.first()
    categories = list(BlogCategory.objects.order_by("slug"))
    if index is None or not categories:
        raise ScaleDataError("The article index and its categories come from the demo content.")
    heroes = [spec["title"] for spec in demo_content.IMAGES.values() if spec["kind"] == "hero"]
    images = list(get_image_model().objects.filter(title__in=heroes).order_by("title"))
    authors = generate_authors(generator, rng)
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in TAGS
    ]

    pages = [article(generator, rng, number, images) for number in range(generator.count(5_000))]
    generator.add_pages(index, pages, rng)
    links, filed, tagged = [], [], []
    through = BlogPage.categories.through
    for page in pages:
        signed = min(len(authors), 1 if rng.random() < 0.8 else 2)
        for position, author in enumerate(rng.sample(authors, signed)):
            links.append(BlogPageAuthor(page_id=page.pk, author=author, sort_order=position))
        for category in rng.sample(categories, rng.randint(1, min(2, len(categories)))):
            filed.append(through(blogpage_id=page.pk, blogcategory_id=category.pk))
        for tag in rng.sample(tags, rng.randint(0, 3)):
            tagged.append(BlogPageTag(content_object_id=page.pk, tag=tag))
    for model, rows in ((BlogPageAuthor, links), (through, filed), (BlogPageTag, tagged)):
        for batch in batches(rows):
            model.objects.bulk_create(batch)
    generator.index(BlogPage, [page.pk for page in pages])
    generator.report("Articles", len(pages))


def generate_authors(generator, rng):
    authors = []
    for number in range(generator.count(60)):
        first, last = rng.choice(AUTHOR_FIRST_NAMES), rng.choice(AUTHOR_LAST_NAMES)
        authors.append(
            Author(
                name=f"{first} {last}",
                slug=f"{AUTHOR_SLUG_PREFIX}{slugify(first)}-{slugify(last)}-{number}",
                role=rng.choice(AUTHOR_ROLES),
                organisation=f"{rng.choice(PLACES)} Council" if rng.random() < 0.5 else "",
                bio=f"Writes for the network about {rng.choice(SERVICES)}.",
            )
        )
    Author.objects.bulk_create(authors)
    generator.index(Author, [author.pk for author in authors])
    generator.report("Authors", len(authors))
    return authors


def article(generator, rng, number, images):
    title = rng.choice(HEADLINES).format(place=rng.choice(PLACES), service=rng.choice(SERVICES))
    date = generator.today - datetime.timedelta(days=rng.randint(0, 6 * 365))
    image = rng.choice(images) if images and rng.random() < 0.7 else None
    slug = f"{slugify(title)}-{number}"
    body = []
    for heading in rng.sample(HEADINGS, rng.randint(1, 3)):
        text = " ".join(rng.sample(PARAGRAPHS, 2))
        body.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
        body.append({"type": "paragraph", "value": f"<p>{text}</p>"})
    for block in body:
        block["id"] = str(random_uuid(rng))
    return BlogPage(
        title=title,
        slug=slug,
        date=date,
        summary=rng.choice(SUMMARIES),
        hero_image=image,
        hero_alt_text=image.description if image else "",
        body=body,
        first_published_at=generator.at(date, datetime.time(9, 30)),
    )


SCALE_STEPS = [ScaleStep("articles", 200, generate_articles, existing)]
