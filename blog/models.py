from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from network_site.blocks import BodyBlock
from network_site.cache_targets import EVERY_PAGE, Subtree, Targets, referring_targets
from network_site.models import BasePage, PublishedPageQuerySet, SectionIndexPage
from network_site.page_routes import PageHandlers
from network_site.pagination import paginate

SLUG_RE = re.compile(r"[-\w]{1,255}")


def _get_by_slug(model_or_queryset, slug):
    """The object with this slug, or 404 for an unknown or malformed one (never a 500)."""
    if not SLUG_RE.fullmatch(slug):
        raise Http404("No such filter value.")
    return get_object_or_404(model_or_queryset, slug=slug)


class Author(index.Indexed, models.Model):
    """A person who writes for the network. Several may sign one article."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in the author's address.")
    role = models.CharField(max_length=120, blank=True, help_text="e.g. Policy Officer")
    organisation = models.CharField(max_length=120, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    bio = models.TextField(blank=True, max_length=1000)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("bio"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def byline(self):
        return ", ".join(part for part in (self.role, self.organisation) if part)

    def page_cache_targets(self) -> Targets:
        """The author's articles (by the reference index), with their listings, and
        the author's page on each article index."""
        targets = referring_targets(self)
        if targets is EVERY_PAGE:
            return EVERY_PAGE
        return [*targets, *(index.author_path(self.slug) for index in BlogIndexPage.objects.all())]


class BlogCategory(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = "article category"
        verbose_name_plural = "article categories"

    def __str__(self):
        return self.name

    def page_cache_targets(self) -> Targets:
        """A category is named on the article index's filters, on cards and on
        articles across the site: renaming one reaches every page."""
        return EVERY_PAGE


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPageQuerySet(PublishedPageQuerySet):
    def with_card_content(self):
        """What an article card (components/article_card.html) shows, in a fixed
        number of queries: the hero image with the article, its renditions in one
        more, the authors in one more."""
        return (
            self.select_related("hero_image")
            .prefetch_related(
                Prefetch(
                    "blog_authors",
                    queryset=BlogPageAuthor.objects.select_related("author").order_by("sort_order"),
                ),
                "hero_image__renditions",
            )
            .for_cards()
        )

    def for_listing(self):
        """A listing's articles: their cards, and their categories (the feed's)."""
        return self.with_card_content().prefetch_related("categories")

    def for_cards(self):
        """The articles in listing order, without their bodies."""
        return self.defer_streamfields().order_by("-date", "-pk")


BlogPageManager = PageManager.from_queryset(BlogPageQuerySet)


class BlogPage(BasePage):
    """An article: byline, date, summary, hero image and a body of shared blocks."""

    date: models.DateField[datetime.date, datetime.date] = models.DateField(
        "publication date", default=timezone.localdate
    )
    summary: models.TextField[str, str] = models.TextField(
        max_length=300,
        help_text="One or two sentences shown in listings, feeds and search results.",
    )
    hero_image: models.ForeignKey[Any, Any] = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_alt_text: models.CharField[str, str] = models.CharField(
        "hero image alternative text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it. Required with an image.",
    )
    body = StreamField(BodyBlock(), use_json_field=True)
    categories = ParentalManyToManyField("blog.BlogCategory", blank=True, related_name="articles")
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)

    objects = BlogPageManager()
    og_type = "article"

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        MultipleChooserPanel(
            "blog_authors", label="Authors", chooser_field_name="author", min_num=1
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt_text")], heading="Hero image"
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading="Categories and tags",
        ),
        MultipleChooserPanel(
            "related_articles", label="Related articles", chooser_field_name="article"
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields(
            "blog_authors", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt_text.strip():
            raise ValidationError(
                {"hero_alt_text": "Describe the image for people who cannot see it."}
            )

    def get_summary(self):
        return self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        related_articles = self.get_related_articles(prefetch=False)
        prefetch_related_objects([self], "tags")
        # Everything the article, its structured data and its related cards read,
        # for all of them at once.
        prefetch_related_objects(
            [self, *related_articles],
            Prefetch(
                "blog_authors",
                queryset=BlogPageAuthor.objects.select_related("author__photo").order_by(
                    "sort_order"
                ),
            ),
            "categories",
            Prefetch("hero_image", queryset=get_image_model().objects.prefetch_renditions()),
        )
        # The parent the route already fetched, as its specific type without a query.
        parent = self.get_parent()
        index = parent.specific_deferred if parent.specific_class is BlogIndexPage else None
        context["index"] = index
        context["author_links"] = [
            (author, index.author_url(author) if index else None) for author in self.authors
        ]
        context["related_articles"] = related_articles
        return context

    def get_social_image(self):
        return self.social_image or self.hero_image

    # Beyond this many articles that may list it as related, its index's whole
    # subtree is purged instead of each.
    MOST_RELATED_PURGED = 50

    def page_cache_targets(self, follow_references: bool = True) -> Targets:
        """Also the home page (the latest articles), its authors' pages (before and
        after the change), and the articles that may list it as related."""
        targets = super().page_cache_targets(follow_references)
        index = self.get_parent().specific
        if targets is EVERY_PAGE or not isinstance(index, BlogIndexPage):
            return targets
        targets.append(index.get_parent())
        author_slugs = {author.slug for author in self.authors} | set(
            BlogPageAuthor.objects.filter(page=self.pk).values_list("author__slug", flat=True)
        )
        targets.extend(index.author_path(slug) for slug in sorted(author_slugs))
        may_list = list(self.articles_that_may_list_this()[: self.MOST_RELATED_PURGED + 1])
        if len(may_list) > self.MOST_RELATED_PURGED:
            targets.append(Subtree(index.get_url_parts()[2]))
        else:
            targets.extend(may_list)
        return targets

    def articles_that_may_list_this(self):
        """The other live articles whose "related articles" may show this one: those
        with none chosen that share a category with it (before or after the change)
        or have none (get_related_articles). Articles that chose it link to it,
        which the reference index records."""
        categories = {category.pk for category in self.categories.all()} | set(
            BlogCategory.objects.filter(articles=self.pk).values_list("pk", flat=True)
        )
        return (
            BlogPage.objects.live()
            .exclude(pk=self.pk)
            .filter(related_articles__isnull=True)
            .filter(Q(categories__in=categories) | Q(categories__isnull=True))
            .distinct()
            .order_by("pk")
        )

    @cached_property
    def authors(self):
        return [link.author for link in self.blog_authors.all()]

    def get_related_articles(self, limit=3, prefetch=True):
        """Articles the editor chose, in their order, else the latest that share a
        category, else the latest (with what their cards show, unless the caller
        fetches that for them). One query, from what is saved; a preview, whose
        choices are not saved yet, reads them from the page itself."""
        articles = BlogPage.objects.published().exclude(pk=self.pk)
        articles = articles.with_card_content() if prefetch else articles.for_cards()
        in_memory = getattr(self, "_cluster_related_objects", {})
        if not self.pk or {"related_articles", "categories"} & set(in_memory):
            return self._related_from_memory(articles, limit)
        links = BlogPageRelatedArticle.objects.filter(page=self.pk)
        through = BlogPage.categories.through
        mine = through.objects.filter(blogpage=self.pk).values("blogcategory")
        shares = through.objects.filter(blogpage=OuterRef("pk"), blogcategory__in=mine)
        return list(
            articles.annotate(
                chosen_order=Subquery(links.filter(article=OuterRef("pk")).values("sort_order")[:1])
            )
            .filter(
                Q(chosen_order__isnull=False)
                | (
                    ~Exists(links)
                    & (Exists(shares) | ~Exists(through.objects.filter(blogpage=self.pk)))
                )
            )
            .order_by(F("chosen_order").asc(nulls_last=True), "-date", "-pk")[:limit]
        )

    def _related_from_memory(self, articles, limit):
        chosen = [link.article_id for link in self.related_articles.all()]
        if chosen:
            by_id = {article.pk: article for article in articles.filter(pk__in=chosen)}
            return [by_id[pk] for pk in chosen if pk in by_id][:limit]
        category_ids = [category.pk for category in self.categories.all()]
        if not category_ids:
            return list(articles[:limit])
        return list(articles.filter(categories__in=category_ids).distinct()[:limit])

    # Built by blog.seo, provided by blog/wagtail_hooks.py (network_site.page_routes).
    handlers = PageHandlers("blog.BlogPage", ["structured_data"])

    def get_structured_data(self, request):
        return self.handlers.call("structured_data", request, self)


class BlogPageAuthor(Orderable):
    page = ParentalKey("blog.BlogPage", on_delete=models.CASCADE, related_name="blog_authors")
    author: models.ForeignKey[Author, Author] = models.ForeignKey(
        "blog.Author", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="unique_author_per_article")
        ]


class BlogPageRelatedArticle(Orderable):
    page = ParentalKey("blog.BlogPage", on_delete=models.CASCADE, related_name="related_articles")
    article: models.ForeignKey[BlogPage, BlogPage] = models.ForeignKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]


class BlogIndexPage(RoutablePageMixin, SectionIndexPage):
    """The list of articles at /blog/, filtered by category, tag or author, with an RSS feed."""

    subpage_types = ["blog.BlogPage"]
    per_page = 10

    class Meta:
        verbose_name = "article index"

    def get_articles(self):
        return BlogPage.objects.published().child_of(self).for_listing()

    @path("")
    def article_list(self, request):
        articles = self.get_articles()
        filters = {}
        if slug := request.GET.get("category"):
            filters["category"] = _get_by_slug(BlogCategory, slug)
            articles = articles.filter(categories=filters["category"])
        if slug := request.GET.get("tag"):
            filters["tag"] = _get_by_slug(Tag, slug)
            articles = articles.filter(tags=filters["tag"])
        if slug := request.GET.get("author"):
            filters["author"] = _get_by_slug(Author, slug)
            articles = articles.filter(blog_authors__author=filters["author"])
        return self.render_listing(request, articles, filters)

    @path("author/<slug:slug>/", name="author")
    def author_articles(self, request, slug):
        author = _get_by_slug(Author.objects.select_related("photo"), slug)
        articles = self.get_articles().filter(blog_authors__author=author)
        return self.render_listing(request, articles, {"author": author}, author_page=True)

    # The RSS feed is blog.feeds', provided by blog/wagtail_hooks.py (network_site.page_routes).
    handlers = PageHandlers("blog.BlogIndexPage", ["feed"])

    feed = handlers.route("feed", "feed/")

    def render_listing(self, request, articles, filters, author_page=False):
        page_of_articles = paginate(request, articles.distinct(), self.per_page)
        return self.render(
            request,
            context_overrides={
                "articles": page_of_articles,
                "filters": filters,
                "author_page": author_page,
                "categories": BlogCategory.objects.all(),
            },
        )

    def get_feed_url(self):
        return self.url + self.reverse_subpage("feed")

    def author_url(self, author):
        return self.url + self.reverse_subpage("author", args=[author.slug])

    def author_path(self, slug):
        """The path of an author's page on this index (for purging its cached copies)."""
        parts = self.get_url_parts()
        return (parts[2] if parts else "/") + self.reverse_subpage("author", args=[slug])

    def get_cached_paths(self):
        return ["/", "feed/"]
