"""Outcome stories: the library at /stories/ of what commissioning locally changed.

A story names its local authority, the organisations involved, its service area
and commissioning approach, and gives an account in each of the outcome areas
that Leeds' Neighbourhood Networks are commissioned on. The people it is about
speak in quotes, and a quote reaches a reader (page, feed, search, export) only
while its consent is recorded and not withdrawn: ``StoryQuote.objects.consented()``
is the one filter every reader goes through.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Orderable, Page, PageManager, TaskState, WorkflowState
from wagtail.search import index

from network_site.models import BasePage, PublishedPageQuerySet, SectionIndexPage
from network_site.page_routes import PageHandlers


# Reverse accessors from Wagtail pages (Any to mypy) are not resolved by django-stubs.
class ServiceArea(models.Model):  # type: ignore[django-manager-missing]
    """A staff-kept list: homelessness, employment support, children's services..."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Approach(models.TextChoices):
    GRANT = "grant", "Grant"
    CONTRACT = "contract", "Contract"
    ALLIANCE = "alliance", "Alliance or partnership"
    OUTCOMES = "outcomes", "Outcomes-based"
    OTHER = "other", "Other"


# The outcome areas Leeds' Neighbourhood Networks are commissioned on: the field
# of a story holding its account of each, and the name readers see and filter by.
OUTCOME_AREAS: dict[str, tuple[str, str]] = {
    "contribution": ("outcome_contribution", "Contribution and involvement"),
    "choice": ("outcome_choice", "Choice and control"),
    "wellbeing": ("outcome_wellbeing", "Wellbeing and healthier choices"),
    "isolation": ("outcome_isolation", "Reducing social isolation"),
}


def outcome_account_field(label: str) -> models.TextField:
    return models.TextField(
        label,
        max_length=2000,
        blank=True,
        help_text=(
            "What changed for people in this area, in plain words. "
            "Leave empty if the story does not show it."
        ),
    )


class StoryQuerySet(PublishedPageQuerySet):
    def for_cards(self):
        """What a story card shows, in a fixed number of queries."""
        return (
            self.select_related("local_authority", "service_area", "image")
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")
        )

    def showing_outcome(self, key: str):
        field = OUTCOME_AREAS[key][0]
        return self.exclude(**{field: ""})


StoryManager = PageManager.from_queryset(StoryQuerySet)


class StoryPage(BasePage):
    """One outcome story."""

    summary: models.TextField[str, str] = models.TextField(
        max_length=400, help_text="Two or three sentences shown in listings, feeds and search."
    )
    local_authority: models.ForeignKey[Any, Any] = models.ForeignKey(
        "members.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="stories",
        help_text="The council whose commissioning the story is about.",
    )
    organisations = ParentalManyToManyField(
        "members.Organisation", blank=True, related_name="stories"
    )
    service_area: models.ForeignKey[ServiceArea, ServiceArea] = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="stories"
    )
    approach: models.CharField[str, str] = models.CharField(
        "commissioning approach", max_length=20, choices=Approach.choices
    )
    outcome_contribution = outcome_account_field("Contribution and involvement")
    outcome_choice = outcome_account_field("Choice and control")
    outcome_wellbeing = outcome_account_field("Wellbeing and healthier choices")
    outcome_isolation = outcome_account_field("Reducing social isolation")
    period_start: models.DateField[datetime.date | None, datetime.date | None] = models.DateField(
        "from", null=True, blank=True
    )
    period_end: models.DateField[datetime.date | None, datetime.date | None] = models.DateField(
        "to", null=True, blank=True
    )
    image: models.ForeignKey[Any, Any] = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt_text: models.CharField[str, str] = models.CharField(
        "image alternative text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it. Required with an image.",
    )

    objects = StoryManager()
    og_type = "article"

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("local_authority"),
                FieldPanel("organisations"),
                FieldPanel("service_area"),
                FieldPanel("approach"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            ],
            heading="Where, who and how",
        ),
        MultiFieldPanel(
            [
                FieldPanel("outcome_contribution"),
                FieldPanel("outcome_choice"),
                FieldPanel("outcome_wellbeing"),
                FieldPanel("outcome_isolation"),
            ],
            heading="Outcomes",
        ),
        InlinePanel("quotes", label="Quotes (shown only with recorded consent)"),
        InlinePanel("figures", label="Figures"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading="Image"),
        InlinePanel("related_pages", label="Related articles and events"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("outcome_contribution"),
        index.SearchField("outcome_choice"),
        index.SearchField("outcome_wellbeing"),
        index.SearchField("outcome_isolation"),
        index.SearchField("consented_quotes_text"),
        index.FilterField("local_authority_id"),
        index.FilterField("service_area_id"),
        index.FilterField("approach"),
        index.RelatedFields("local_authority", [index.SearchField("name")]),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"
        permissions = [("export_storypage", "Can export the stories for reports")]

    def clean(self):
        super().clean()
        errors = {}
        if self.image_id and not self.image_alt_text.strip():
            errors["image_alt_text"] = "Describe the image for people who cannot see it."
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = "The period cannot end before it starts."
        if errors:
            raise ValidationError(errors)

    def get_summary(self):
        return self.summary

    @property
    def date(self):
        """When the story was first published (today in a preview): the date the
        page's metadata gives."""
        return timezone.localdate(self.first_published_at or timezone.now())

    def get_social_image(self):
        return self.social_image or self.image

    @property
    def outcomes(self) -> list[tuple[str, str, str]]:
        """(key, name, account) of each outcome area the story shows, in order."""
        return [
            (key, name, getattr(self, field))
            for key, (field, name) in OUTCOME_AREAS.items()
            if getattr(self, field).strip()
        ]

    def withdrawn_quote_uuids(self) -> set[uuid.UUID]:
        """The quotes of this story whose consent was taken back (prefetch
        "withdrawals" to read many stories' in one query)."""
        if not self.pk:
            return set()
        return {withdrawal.quote_uuid for withdrawal in self.withdrawals.all()}

    def consented_quotes(self) -> list[StoryQuote]:
        """The quotes a reader may see: consent recorded and not withdrawn. Also
        in a preview: the rule does not wait for the page to be saved."""
        withdrawn = self.withdrawn_quote_uuids()
        return [
            quote
            for quote in self.quotes.all()
            if quote.consent_recorded_on is not None and quote.uuid not in withdrawn
        ]

    def consented_quotes_text(self) -> str:
        """What search indexes of the quotes: only those with consent."""
        return "\n".join(f"{q.text} {q.attribution}" for q in self.consented_quotes())

    def related_live_pages(self) -> list[Page]:
        """The related articles and events readers may open, in the editor's order:
        plain pages (the story links them by title), in one query whatever their types."""
        ids = [link.page_link_id for link in self.related_pages.all() if link.page_link_id]
        pages = {p.pk: p for p in Page.objects.live().public().filter(pk__in=ids)}
        return [pages[pk] for pk in ids if pk in pages]

    # Built by stories.seo, provided by stories/wagtail_hooks.py (network_site.page_routes).
    handlers = PageHandlers("stories.StoryPage", ["structured_data"])

    def get_structured_data(self, request):
        return self.handlers.call("structured_data", request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["quotes"] = self.consented_quotes()
        context["related_pages"] = self.related_live_pages()
        context["index"] = self.get_parent().specific
        return context


class QuoteWithdrawal(models.Model):
    """Consent to a quote taken back. Kept apart from the page's revisions so that
    no revision, old or new, can bring the quote back."""

    quote_uuid = models.UUIDField(unique=True)
    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="withdrawals")
    withdrawn_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-withdrawn_at"]

    def __str__(self):
        return f"Consent withdrawn on {self.story}"


class StoryQuote(Orderable):
    """Someone the story is about, in their words, with how they consented."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="quotes")
    uuid: models.UUIDField[uuid.UUID, uuid.UUID] = models.UUIDField(
        default=uuid.uuid4, editable=False
    )
    text: models.TextField[str, str] = models.TextField("quote", max_length=800)
    attribution: models.CharField[str, str] = models.CharField(
        max_length=150, blank=True, help_text="e.g. a volunteer at the lunch club, Harehills"
    )
    consent_recorded_on: models.DateField[datetime.date | None, datetime.date | None] = (
        models.DateField(
            null=True,
            blank=True,
            help_text=(
                "When the person agreed that the network may publish this. "
                "Without it the quote is never shown."
            ),
        )
    )
    from_outcome_report: models.BooleanField[bool, bool] = models.BooleanField(
        default=False, editable=False
    )
    consent_how: models.CharField[str, str] = models.CharField(
        "how consent was given",
        max_length=200,
        blank=True,
        help_text="e.g. in writing, on the outcome report of 3 March",
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("attribution"),
        FieldRowPanel([FieldPanel("consent_recorded_on"), FieldPanel("consent_how")]),
    ]

    def may_be_shown(self) -> bool:
        return (
            self.consent_recorded_on is not None
            and not QuoteWithdrawal.objects.filter(quote_uuid=self.uuid).exists()
        )


class StorySubmissionQuerySet(models.QuerySet):
    def with_review(self):
        """Each submission with its story's latest workflow status and the comment
        of the latest review that sent it back, in the one query."""
        workflows = WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=Cast(OuterRef("story_id"), models.CharField()),
        ).order_by("-created_at", "-pk")
        rejections = TaskState.objects.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id=Cast(OuterRef("story_id"), models.CharField()),
            status=TaskState.STATUS_REJECTED,
        ).order_by("-finished_at", "-pk")
        return self.select_related("story").annotate(
            workflow_status=Subquery(workflows.values("status")[:1]),
            review_comment=Subquery(rejections.values("comment")[:1]),
        )


class StorySubmission(models.Model):
    """Who brought a story to the network, and from which outcome report: the
    member sees its state on their dashboard, and is told when it is published
    or sent back."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in-review", "With our editors"
        CHANGES_REQUESTED = "changes-requested", "Sent back to you"
        PUBLISHED = "published", "Published"
        TAKEN_DOWN = "taken-down", "Taken down"

    # The states in which the member may edit the story and send it (again).
    EDITABLE = (State.DRAFT, State.CHANGES_REQUESTED)

    story = models.OneToOneField(StoryPage, on_delete=models.CASCADE, related_name="submission")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="story_submissions",
    )
    outcome = models.OneToOneField(
        "event_requests.EventRequestOutcome",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="story_submission",
        help_text="The post-event outcome report the story was made from.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StorySubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Submission of {self.story}"

    @property
    def state(self) -> str:
        """Where the story is, as the member sees it (``with_review()`` reads the
        workflow in the same query; without it, it is read here)."""
        story = self.story
        if story.live:
            return self.State.PUBLISHED
        if story.first_published_at is not None:
            return self.State.TAKEN_DOWN
        if not hasattr(self, "workflow_status"):
            latest = story.workflow_states.order_by("-created_at", "-pk").first()
            self.workflow_status = latest.status if latest else None
        if self.workflow_status == WorkflowState.STATUS_IN_PROGRESS:
            return self.State.IN_REVIEW
        if self.workflow_status == WorkflowState.STATUS_NEEDS_CHANGES:
            return self.State.CHANGES_REQUESTED
        return self.State.DRAFT

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE


class StoryFollowUp(models.Model):
    """That a host of an event held with a council was asked, some months on, what
    has changed since: each host is asked once at each stage."""

    class Stage(models.IntegerChoices):
        THREE_MONTHS = 3, "Three months after the event"
        SIX_MONTHS = 6, "Six months after the event"

    request = models.ForeignKey(
        "event_requests.EventRequest", on_delete=models.CASCADE, related_name="story_follow_ups"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_follow_ups"
    )
    stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "user", "stage"], name="one_follow_up_per_host_and_stage"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.request} to {self.user}"


class StoryFollowUpOptOut(models.Model):
    """A host who asked not to be followed up about their events again."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="story_follow_up_opt_out"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "story follow-up opt-out"

    def __str__(self):
        return f"No follow-ups for {self.user}"


class StoryFigure(Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="figures")
    value: models.CharField[str, str] = models.CharField(
        max_length=40, help_text="e.g. 62% or 1,240"
    )
    label: models.CharField[str, str] = models.CharField(
        max_length=200, help_text="What the figure counts."
    )
    source: models.CharField[str, str] = models.CharField(
        max_length=250, help_text="Where the figure comes from, e.g. the council's 2024 review."
    )

    panels = [FieldPanel("value"), FieldPanel("label"), FieldPanel("source")]


class StoryRelatedPage(Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="related_pages")
    page_link: models.ForeignKey[Any, Any] = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page_link", heading="Article or event")]


class StoryIndexPage(RoutablePageMixin, SectionIndexPage):
    """The library at /stories/: filters, search, pages of stories, an RSS feed."""

    subpage_types = ["stories.StoryPage"]
    per_page = 12

    class Meta:
        verbose_name = "story index"

    def get_stories(self):
        return StoryPage.objects.published().child_of(self).for_cards()

    # The list and its filters are stories.listing's, the feed stories.feeds':
    # provided by stories/wagtail_hooks.py (network_site.page_routes).
    handlers = PageHandlers("stories.StoryIndexPage", ["story_list", "feed"])

    story_list = handlers.route("story_list", "")
    feed = handlers.route("feed", "feed/")

    def get_feed_url(self):
        return self.url + self.reverse_subpage("feed")

    def get_cached_paths(self):
        return ["/", "feed/"]
