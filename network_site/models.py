from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock, NavLinkBlock


class BasePage(Page):
    """Fields and behaviour every public page shares: search and social metadata."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Defaults to the page's main image.",
    )
    social_text = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown when the page is shared. Defaults to the description.",
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("social_text")],
            heading="Sharing on social media",
        ),
    ]

    og_type = "website"

    class Meta:
        abstract = True

    def get_meta_description(self):
        """The description for search engines: the editor's own, else the page summary."""
        return self.search_description or Truncator(strip_tags(self.get_summary())).chars(160)

    def get_summary(self):
        return ""

    def get_social_image(self):
        return self.social_image

    def get_social_text(self):
        return self.social_text or self.get_meta_description()

    def get_structured_data(self, request):
        """JSON-LD for the page, or None. Pages that have a schema.org type override this."""
        return None


class HomePage(BasePage):
    """The front page: lead article, latest articles, upcoming events, calls to action."""

    introduction = models.TextField(
        max_length=400,
        help_text="One or two sentences under the title that say what the network is.",
    )
    lead_article = models.ForeignKey(
        "blog.BlogPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty to lead with the most recent article.",
    )
    join_heading = models.CharField(max_length=120, default="Join the network")
    join_text = models.TextField(max_length=400, blank=True)
    host_heading = models.CharField(max_length=120, default="Ask us to host an event in your area")
    host_text = models.TextField(max_length=400, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("lead_article"),
        MultiFieldPanel(
            [FieldPanel("join_heading"), FieldPanel("join_text")], heading="Call to join"
        ),
        MultiFieldPanel(
            [FieldPanel("host_heading"), FieldPanel("host_text")],
            heading="Call to host an event",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    latest_count = 6

    class Meta:
        verbose_name = "home page"

    def get_summary(self):
        return self.introduction

    def get_context(self, request, *args, **kwargs):
        from blog.models import BlogPage

        context = super().get_context(request, *args, **kwargs)
        articles = BlogPage.objects.published().descendant_of(self).for_listing()
        recent = list(articles[: self.latest_count + 1])
        lead = next((a for a in recent if a.pk == self.lead_article_id), None)
        if lead is None and self.lead_article_id:
            lead = articles.filter(pk=self.lead_article_id).first()
        if lead is None and recent:
            lead = recent[0]
        latest = [article for article in recent if article != lead][: self.latest_count]
        context.update(lead_article=lead, latest_articles=latest)
        return context

    def get_structured_data(self, request):
        from .seo import organisation_schema

        return organisation_schema(request, self)


class StandardPage(BasePage):
    """A plain page: about the network, the privacy notice, the accessibility statement."""

    introduction = models.TextField(max_length=500, blank=True)
    body = StreamField(BodyBlock(), use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    subpage_types = ["network_site.StandardPage"]

    class Meta:
        verbose_name = "standard page"

    def get_summary(self):
        return self.introduction


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """Who runs the site: shown in the footer, in emails and in structured data."""

    name = models.CharField(max_length=120, default="Keep it Local Network")
    tagline = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    registration = models.CharField(
        max_length=200, blank=True, help_text="e.g. Registered charity number 1234567"
    )
    footer_text = RichTextField(features=["bold", "italic", "link"], blank=True)
    bluesky_url = models.URLField("Bluesky", blank=True)
    mastodon_url = models.URLField("Mastodon", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    youtube_url = models.URLField("YouTube", blank=True)
    x_handle = models.CharField(
        "X (Twitter) handle",
        max_length=40,
        blank=True,
        help_text="Without the @; used in card tags.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("tagline"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("registration"),
            ],
            heading="Organisation",
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [
                FieldPanel("bluesky_url"),
                FieldPanel("mastodon_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("youtube_url"),
                FieldPanel("x_handle"),
            ],
            heading="Social media",
        ),
    ]

    class Meta:
        verbose_name = "organisation"

    @cached_property
    def social_links(self):
        links = [
            ("Bluesky", self.bluesky_url),
            ("Mastodon", self.mastodon_url),
            ("LinkedIn", self.linkedin_url),
            ("YouTube", self.youtube_url),
        ]
        if self.x_handle:
            links.append(("X", f"https://x.com/{self.x_handle.lstrip('@')}"))
        return [(label, url) for label, url in links if url]


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The main menu and the footer links, in the order staff set."""

    main_navigation = StreamField([("link", NavLinkBlock())], blank=True, use_json_field=True)
    footer_navigation = StreamField([("link", NavLinkBlock())], blank=True, use_json_field=True)

    panels = [FieldPanel("main_navigation"), FieldPanel("footer_navigation")]

    class Meta:
        verbose_name = "navigation"
