from __future__ import annotations

import datetime
from email.utils import make_msgid, parseaddr
from functools import partial
from typing import Any, Self

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageQuerySet, PageViewRestriction, Site
from wagtail.rich_text import RichText
from wagtail.search import index

from . import lookups  # noqa: F401  (registers the range-safe __in of integer fields)
from .blocks import BodyBlock, NavLinkBlock
from .cache_targets import (
    EVERY_PAGE,
    Target,
    Targets,
    cached_for_generation,
    referring_targets,
    subtree_of,
)
from .seo import organisation_schema

# A hook each app registers to add what it shows on the home page to the page's
# context: ``fn(home_page, request) -> dict`` (blog: the lead and latest articles;
# events: the upcoming events). The base names no app.
HOME_PAGE_CONTEXT_HOOK = "home_page_context"


VIEW_RESTRICTIONS_KEY = "view-restrictions"


def view_restrictions() -> list[tuple[int, str]]:
    """(page id, tree path) of every page with a view restriction (a password,
    sign-in or groups), from the shared cache: most sites have none, and every
    page and listing asks. A restriction saved or deleted reaches every page
    (network_site.cache_targets), so the list is read again after it."""
    return cached_for_generation(
        VIEW_RESTRICTIONS_KEY,
        lambda: list(PageViewRestriction.objects.values_list("page_id", "page__path")),
    )


class PublishedPageQuerySet(PageQuerySet):
    """Pages of one type, with the filter every public listing starts from."""

    def published(self):
        """Pages a member of the public may read: live and not behind a privacy
        setting (Wagtail's ``public()``, from the cached restrictions)."""
        pages = self.live()
        for _page_id, path in view_restrictions():
            pages = pages.exclude(path__startswith=path)
        return pages


class BasePage(Page):
    """Fields and behaviour every public page shares: search and social metadata."""

    social_image: models.ForeignKey[Any, Any] = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Defaults to the page's main image.",
    )
    social_text: models.CharField[str, str] = models.CharField(
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
    # What the page's template reads through a foreign key, fetched with the page
    # when it is served (HomePage.route).
    route_select_related: tuple[str, ...] = ()

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

    def get_view_restrictions(self):
        """Wagtail's rule (this page's and its ancestors' restrictions, an alias
        taking its original's) from the ancestors the route already fetched
        (HomePage.route), else from the database."""
        ancestry = getattr(self, "_route_ancestry", None)
        if ancestry is None:
            return super().get_view_restrictions()
        page_ids = {page.alias_of_id or page.pk for page in ancestry}
        if not page_ids & {page_id for page_id, _path in view_restrictions()}:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=page_ids)

    def route_ancestors(self) -> list[Page]:
        """The page's ancestors, the root first: those its route fetched, else
        from the database."""
        ancestry = getattr(self, "_route_ancestry", None)
        return ancestry[:-1] if ancestry is not None else list(self.get_ancestors())

    # Site-wide lists of pages: the search results and the sitemap.
    listed_at = ("/search/", "/sitemap.xml")

    def page_cache_targets(self, follow_references: bool = True) -> Targets:
        """What shows this page (network_site.cache_targets): the page at each of
        its cached paths, its parent's listing, the site-wide lists, and the pages
        that link to it. A page with children is in their links and breadcrumbs,
        so a change to it reaches everything under it. Subclasses add their own."""
        parent = self.get_parent()
        targets: list[Target] = [subtree_of(self) if self.numchild else self, *self.listed_at]
        if parent is not None and not parent.is_root():
            targets.append(parent.specific)
        if not follow_references:
            return targets
        referrers = referring_targets(self, follow_pages=False)
        return EVERY_PAGE if referrers is EVERY_PAGE else [*targets, *referrers]


class SectionIndexPage(BasePage):
    """The one index of a section of the site under the home page (articles,
    events): an introduction above the list its subclass renders."""

    introduction: models.TextField[str, str] = models.TextField(max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["network_site.HomePage"]
    max_count = 1

    class Meta:
        abstract = True

    def get_summary(self):
        return self.introduction


class HomePage(BasePage):
    """The front page: lead article, latest articles, upcoming events, calls to action."""

    introduction: models.TextField[str, str] = models.TextField(
        max_length=400,
        help_text="One or two sentences under the title that say what the network is.",
    )
    lead_article: models.ForeignKey[Any, Any] = models.ForeignKey(
        "blog.BlogPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Leave empty to lead with the most recent article.",
    )
    join_heading: models.CharField[str, str] = models.CharField(
        max_length=120, default="Join the network"
    )
    join_text: models.TextField[str, str] = models.TextField(max_length=400, blank=True)
    host_heading: models.CharField[str, str] = models.CharField(
        max_length=120, default="Ask us to host an event in your area"
    )
    host_text: models.TextField[str, str] = models.TextField(max_length=400, blank=True)

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

    def route(self, request, path_components):
        """Wagtail's routing in one query rather than two per level: every page on
        the path (and the root) at once by ``url_path``, then the deepest one found
        routes what is left (an article, or an index's own routes such as
        /blog/author/<slug>/). As in Wagtail, only the page served must be live."""
        if not path_components:
            # The home page itself: its only ancestor is the tree's root, which
            # cannot carry a view restriction.
            self._route_ancestry = [self]
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "".join(f"{part}/" for part in path_components[:depth])
            for depth in range(1, len(path_components) + 1)
        ]
        found = {
            page.url_path: page
            for page in Page.objects.filter(
                models.Q(depth=1) | models.Q(path__startswith=self.path, url_path__in=prefixes)
            )
        }
        # The pages on the path in order, down to the first level that is missing.
        ancestry = [found["/"], self] if "/" in found else [self]
        for url_path in prefixes:
            if url_path not in found:
                break
            ancestry.append(found[url_path])
        deepest = ancestry[-1]
        if deepest is self:
            return super().route(request, path_components)
        model = deepest.specific_class
        if model is None:  # a page type since removed from the code
            return deepest.route(request, path_components[deepest.depth - self.depth :])
        related = getattr(model, "route_select_related", ())
        page = model._default_manager.select_related(*related).get(pk=deepest.pk)
        page._cached_parent_obj = ancestry[-2]
        page._route_ancestry = [*ancestry[:-1], page]
        return page.route(request, path_components[deepest.depth - self.depth :])

    def get_context(self, request, *args, **kwargs):
        """The page's own fields, and what the apps show on it (the latest articles,
        the next events): each registers a ``home_page_context`` hook."""
        context = super().get_context(request, *args, **kwargs)
        for home_page_context in hooks.get_hooks(HOME_PAGE_CONTEXT_HOOK):
            context.update(home_page_context(self, request))
        return context

    def get_structured_data(self, request):
        organisation = OrganisationSettings.for_request(request)
        return organisation_schema(organisation, self.get_full_url(request))


class StandardPage(BasePage):
    """A plain page: about the network, the privacy notice, the accessibility statement."""

    introduction: models.TextField[str, str] = models.TextField(max_length=500, blank=True)
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


class SharedSiteSetting(BaseSiteSetting):
    """A site setting that every page shows, read from the shared cache rather than
    the database on each request. A copy counts while the site-wide generation is
    the one it was stored under: saving any setting, or a page it links to, bumps
    it (network_site.cache_targets: EVERY_PAGE). What the copy renders (links,
    rich text) is worked out before it is stored (``prepare``)."""

    class Meta:
        abstract = True

    @classmethod
    def cache_key(cls, site_id: int) -> str:
        return f"site-setting:{cls._meta.label_lower}:{site_id}"

    @classmethod
    def for_request(cls, request):
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            setattr(request, attr_name, cls._shared_for_request(request))
        return getattr(request, attr_name)

    @classmethod
    def _shared_for_request(cls, request):
        site = Site.find_for_request(request)
        if site is None:
            return cls()
        setting = cached_for_generation(cls.cache_key(site.pk), partial(cls._prepared, site))
        setting._request = request
        return setting

    @classmethod
    def _prepared(cls, site):
        setting = cls.for_site(site)
        setting.prepare()
        return setting

    def prepare(self) -> None:
        """Work out now what the templates show, so the cached copy needs no query."""

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Readers in this transaction see the change at once; other app servers
        # when it commits (the generation moves on).
        cache.delete(self.cache_key(self.site_id))


@register_setting(icon="site")
class OrganisationSettings(SharedSiteSetting):
    """Who runs the site: shown in the footer, in emails and in structured data."""

    name: models.CharField[str, str] = models.CharField(
        max_length=120, default="Keep it Local Network"
    )
    tagline: models.CharField[str, str] = models.CharField(max_length=200, blank=True)
    email: models.EmailField[str, str] = models.EmailField(blank=True)
    phone: models.CharField[str, str] = models.CharField(max_length=40, blank=True)
    address: models.TextField[str, str] = models.TextField(blank=True)
    registration: models.CharField[str, str] = models.CharField(
        max_length=200, blank=True, help_text="e.g. Registered charity number 1234567"
    )
    footer_text = RichTextField(features=["bold", "italic", "link"], blank=True)
    bluesky_url: models.URLField[str, str] = models.URLField("Bluesky", blank=True)
    mastodon_url: models.URLField[str, str] = models.URLField("Mastodon", blank=True)
    linkedin_url: models.URLField[str, str] = models.URLField("LinkedIn", blank=True)
    youtube_url: models.URLField[str, str] = models.URLField("YouTube", blank=True)
    x_handle: models.CharField[str, str] = models.CharField(
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

    def prepare(self) -> None:
        self.social_links  # noqa: B018
        self.footer_html  # noqa: B018

    @cached_property
    def footer_html(self) -> str:
        """The footer text as HTML, its page and document links resolved."""
        return RichText(self.footer_text).__html__()

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
class NavigationSettings(SharedSiteSetting):
    """The main menu and the footer links, in the order staff set."""

    main_navigation = StreamField([("link", NavLinkBlock())], blank=True, use_json_field=True)
    footer_navigation = StreamField([("link", NavLinkBlock())], blank=True, use_json_field=True)

    def prepare(self) -> None:
        self.main_links  # noqa: B018
        self.footer_links  # noqa: B018

    @cached_property
    def main_links(self) -> list[dict[str, str]]:
        return self._links(self.main_navigation)

    @cached_property
    def footer_links(self) -> list[dict[str, str]]:
        return self._links(self.footer_navigation)

    @staticmethod
    def _links(navigation) -> list[dict[str, str]]:
        """Each link's address and label: a chosen page's URL and title (all the
        menu's pages in one query), or the address typed in."""
        links = []
        for item in navigation:
            page = item.value.get("page")
            if page is not None:
                href = page.get_url()
                label = item.value.get("label") or page.title
            else:
                href = item.value.get("url")
                label = item.value.get("label") or href
            links.append({"href": href or "", "label": label or ""})
        return links

    panels = [FieldPanel("main_navigation"), FieldPanel("footer_navigation")]

    class Meta:
        verbose_name = "navigation"


def normalise_address(address: str) -> str:
    """The form in which an address is compared: providers treat addresses case-insensitively."""
    return address.strip().lower()


class OutboundEmailQuerySet(models.QuerySet["OutboundEmail"]):
    def pending(self) -> Self:
        """Emails that still have to be sent."""
        return self.filter(status__in=OutboundEmail.PENDING_STATUSES)

    def due(self, now: datetime.datetime) -> Self:
        """Pending emails whose (re)dispatch time has come and that no worker holds.

        A new email's dispatch time is a short grace period after it was queued: it
        is normally sent at once, when its transaction commits, and only reaches the
        sweeper if that enqueue was lost (a crash between commit and enqueue).
        """
        return self.pending().filter(next_attempt_at__lte=now).unclaimed(now)

    def unclaimed(self, now: datetime.datetime) -> Self:
        """Emails no worker is sending: never claimed, or the claim has lapsed (the
        worker died mid-send)."""
        return self.filter(models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lte=now))

    def finished_before(self, moment: datetime.datetime) -> Self:
        """Emails queued before ``moment`` that were sent, finally failed or suppressed."""
        return self.exclude(status__in=OutboundEmail.PENDING_STATUSES).filter(created_at__lt=moment)

    def prune_bodies(self, now: datetime.datetime) -> int:
        """Forget what the emails said (sign-in codes, reset links, personal details),
        keeping the record that each was sent, to whom, with what subject."""
        return self.filter(body_pruned_at__isnull=True).update(
            body_text="", body_html="", attachments=[], headers={}, body_pruned_at=now
        )

    def failed_unreported(self) -> Self:
        """Emails that finally failed and the site admins have not been told of."""
        return self.filter(status=OutboundEmail.Status.FAILED, admins_notified_at__isnull=True)


class OutboundEmail(models.Model):
    """One email to one address, kept until it is sent or has finally failed.

    Rows are written by `network_site.emails.send_templated_email` in the caller's
    transaction and sent by the `deliver_email` task, so an email is never lost and
    never sent for work that was rolled back.
    """

    class Kind(models.TextChoices):
        TRANSACTIONAL = "transactional", "transactional"
        MARKETING = "marketing", "marketing"

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        SENT = "sent", "sent"
        RETRYING = "retrying", "retrying"
        FAILED = "failed", "failed"
        SUPPRESSED = "suppressed", "suppressed (undeliverable address)"

    PENDING_STATUSES = (Status.QUEUED, Status.RETRYING)
    # The provider is retried for at least this long after the first attempt: a
    # weekend-long outage at the provider still ends in delivery.
    RETRY_WINDOW = datetime.timedelta(days=3)
    MAX_RETRY_DELAY = datetime.timedelta(hours=1)
    # How long a worker holds an email while it calls the provider; a worker that
    # dies mid-send leaves the email to be sent again after this (with the same
    # Message-ID, so the receiving side can tell it is the same message).
    SEND_CLAIM = datetime.timedelta(minutes=10)
    # How long a new email waits for its own task before the sweeper sends it.
    DISPATCH_GRACE = datetime.timedelta(minutes=5)
    LAST_ERROR_MAX_LENGTH = 2000

    template = models.CharField(max_length=100, help_text="Name under templates/emails/.")
    to = models.EmailField("to")
    # RFC 5322 limits a header line to 998 characters.
    subject = models.CharField(max_length=998)
    body_text = models.TextField("plain-text body")
    body_html = models.TextField("HTML body")
    # Small text attachments such as an event's .ics: [{"filename", "content", "mimetype"}].
    attachments = models.JSONField(default=list, blank=True)
    # Headers beyond the usual, e.g. a bulletin's List-Unsubscribe (RFC 8058).
    headers = models.JSONField(default=dict, blank=True)
    reply_to = models.EmailField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSACTIONAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    first_attempted_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    esp_message_id = models.CharField("provider's message id", max_length=255, blank=True)
    message_id = models.CharField(
        "Message-ID",
        max_length=255,
        blank=True,
        help_text="The Message-ID header, the same on every attempt.",
    )
    claimed_until = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="A worker is sending it until then."
    )
    admins_notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the site admins were told it finally failed."
    )
    body_pruned_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its bodies and attachments were deleted (they may hold sign-in codes).",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbound_emails",
        help_text="The member the email was for, if any.",
    )

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "outbound email"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outboundemail_status_next"),
            models.Index(fields=["created_at"], name="outboundemail_created"),
            models.Index(
                fields=["status", "admins_notified_at"], name="outboundemail_status_notified"
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING_STATUSES

    def is_suppressed(self) -> bool:
        """Marketing email never goes to an address that bounced or complained."""
        return self.kind == self.Kind.MARKETING and UndeliverableAddress.is_undeliverable(self.to)

    def as_message(self) -> EmailMultiAlternatives:
        """The message for Django's email API. The anymail attributes are ignored by
        Django's own backends (console in development)."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.to],
            reply_to=[self.reply_to] if self.reply_to else None,
            headers={
                **self.headers,
                **({"Message-ID": self.message_id} if self.message_id else {}),
            },
        )
        message.attach_alternative(self.body_html, "text/html")
        for attachment in self.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        message.tags = [self.template]  # type: ignore[attr-defined]  # anymail's extra attribute
        # Lets a tracking event be traced back to this row.
        message.metadata = {  # type: ignore[attr-defined]  # anymail's extra attribute
            "outbound_email_id": str(self.pk),
            "kind": self.kind,
        }
        return message

    @classmethod
    def retry_delay(cls, attempts: int) -> datetime.timedelta:
        """1, 2, 4 … minutes after each failed attempt, at most an hour."""
        return min(datetime.timedelta(minutes=2 ** min(attempts - 1, 6)), cls.MAX_RETRY_DELAY)

    def record_failure(
        self, error: BaseException, now: datetime.datetime, *, permanent: bool = False
    ) -> None:
        """Schedule the next attempt, or give up: at once for an error retrying cannot
        cure, otherwise once the first attempt is more than RETRY_WINDOW old."""
        self.attempts += 1
        self.first_attempted_at = self.first_attempted_at or now
        self.last_error = Truncator(f"{type(error).__name__}: {error}").chars(
            self.LAST_ERROR_MAX_LENGTH
        )
        if permanent or now - self.first_attempted_at >= self.RETRY_WINDOW:
            self.status = self.Status.FAILED
            self.next_attempt_at = None
        else:
            self.status = self.Status.RETRYING
            self.next_attempt_at = now + self.retry_delay(self.attempts)
        self.claimed_until = None
        self.save(
            update_fields=[
                "attempts",
                "first_attempted_at",
                "last_error",
                "status",
                "next_attempt_at",
                "claimed_until",
            ]
        )

    def mark_sent(self, message_id: object, now: datetime.datetime | None = None) -> None:
        now = now or timezone.now()
        self.attempts += 1
        self.first_attempted_at = self.first_attempted_at or now
        self.status = self.Status.SENT
        self.sent_at = now
        self.next_attempt_at = None
        self.esp_message_id = "" if message_id is None else str(message_id)[:255]
        self.claimed_until = None
        self.save(
            update_fields=[
                "attempts",
                "first_attempted_at",
                "status",
                "sent_at",
                "next_attempt_at",
                "esp_message_id",
                "claimed_until",
            ]
        )

    def mark_suppressed(self) -> None:
        self.status = self.Status.SUPPRESSED
        self.next_attempt_at = None
        self.claimed_until = None
        self.save(update_fields=["status", "next_attempt_at", "claimed_until"])

    @classmethod
    def claim(cls, pk: int, now: datetime.datetime) -> OutboundEmail | None:
        """Take a pending email for sending, or None if it is sent, finally failed,
        suppressed or in another worker's hands. One conditional UPDATE, committed at
        once: no row lock is held while the provider is called."""
        claimed = (
            cls.objects.pending()
            .unclaimed(now)
            .filter(pk=pk)
            .update(claimed_until=now + cls.SEND_CLAIM)
        )
        return cls.objects.get(pk=pk) if claimed else None


def new_message_id() -> str:
    """A Message-ID header on the sender's own domain (RFC 5322)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or None
    return make_msgid(domain=domain)


class UndeliverableAddress(models.Model):
    """An address the email provider reported as bounced or complaining.

    No marketing email goes to it. Staff delete the row once the member has fixed
    the address; the member's dashboard asks them to fix it (see `for_email`).
    """

    class Reason(models.TextChoices):
        BOUNCED = "bounced", "bounced"
        COMPLAINED = "complained", "complained (marked as spam)"

    email = models.EmailField(unique=True, help_text="Stored in lower case.")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField(blank=True, help_text="What the provider said.")
    esp_event_id = models.CharField("provider's event id", max_length=255, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "undeliverable address"
        verbose_name_plural = "undeliverable addresses"
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_address(self.email)
        super().save(*args, **kwargs)

    @classmethod
    def record(
        cls, email: str, reason: str, *, detail: str = "", esp_event_id: str | None = ""
    ) -> UndeliverableAddress:
        """Mark the address undeliverable. Recording it again (a provider delivers
        webhooks at least once) changes nothing."""
        address, _ = cls.objects.get_or_create(
            email=normalise_address(email),
            defaults={
                "reason": reason,
                "detail": Truncator(detail).chars(2000),
                "esp_event_id": (esp_event_id or "")[:255],
            },
        )
        return address

    @classmethod
    def for_email(cls, email: str | None) -> UndeliverableAddress | None:
        """The record for this address, or None: what the member dashboard shows."""
        if not email:
            return None
        return cls.objects.filter(email=normalise_address(email)).first()

    @classmethod
    def is_undeliverable(cls, email: str) -> bool:
        return bool(email) and cls.objects.filter(email=normalise_address(email)).exists()
