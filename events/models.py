"""Network events: the event pages, their venues and the registrations for them.

The bottom layer of events: it imports no module of the app above it. The pages'
routes and context are declared here and done in events.page_views and
events.views, provided as handlers through network_site.page_routes.
"""

from __future__ import annotations

import datetime
import secrets
import zoneinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from network_site.cache_targets import EVERY_PAGE, Targets
from network_site.models import BasePage, PublishedPageQuerySet, SectionIndexPage
from network_site.page_routes import PageHandlers
from network_site.payments.models import Payment
from network_site.payments.money import pence

from .formatting import format_when

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # the configured user model (django-stubs)

LONDON = zoneinfo.ZoneInfo("Europe/London")
MINIMUM_PRICE = Decimal("0.30")  # Stripe's smallest charge in pounds

UK_POSTCODE_VALIDATOR = RegexValidator(
    r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$",
    "Enter a UK postcode, for example LS1 1UR.",
)


# Reverse accessors from Wagtail pages (Any to mypy) are not resolved by django-stubs.
class Venue(index.Indexed, models.Model):  # type: ignore[django-manager-missing]
    """Where an in-person event happens."""

    name = models.CharField(max_length=200)
    address = models.TextField(max_length=500)
    postcode = models.CharField(max_length=8, validators=[UK_POSTCODE_VALIDATOR])
    accessibility = models.TextField(
        "accessibility information",
        max_length=2000,
        blank=True,
        help_text="Step-free access, hearing loops, quiet rooms, accessible toilets, parking.",
    )
    map_url = models.URLField(
        "map link", blank=True, help_text="Leave empty to link to OpenStreetMap by postcode."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("postcode"),
        FieldPanel("accessibility"),
        FieldPanel("map_url"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.postcode}"

    def clean(self):
        self.postcode = " ".join(self.postcode.upper().split())

    def get_map_url(self):
        if self.map_url:
            return self.map_url
        return f"https://www.openstreetmap.org/search?query={self.postcode.replace(' ', '+')}"


class AgendaItemBlock(blocks.StructBlock):
    time = blocks.TimeBlock(required=False)
    title = blocks.CharBlock(max_length=200)
    description = blocks.TextBlock(required=False, max_length=1000)

    class Meta:
        icon = "time"


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=150)
    role = blocks.CharBlock(required=False, max_length=150)
    organisation = blocks.CharBlock(required=False, max_length=150)
    photo = ImageChooserBlock(required=False)
    bio = blocks.TextBlock(required=False, max_length=1000)

    class Meta:
        icon = "user"


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "events.EventPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class EventPageQuerySet(PublishedPageQuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def with_places(self):
        """Each event with ``taken`` (registrations holding a place) and ``attended``
        (checked in), counted in the same query."""
        return self.annotate(
            taken=models.Count(
                "registrations",
                filter=models.Q(registrations__status__in=Registration.PLACE_HOLDING),
            ),
            attended=models.Count(
                "registrations",
                filter=models.Q(registrations__status=Registration.Status.ATTENDED),
            ),
        )

    def for_home(self, home, now=None):
        """The events the home page lists, in its order (its first HOME_COUNT)."""
        return self.published().descendant_of(home).upcoming(now).filter(cancelled_at__isnull=True)


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventPage(RoutablePageMixin, BasePage):
    """One network event: when, where, who hosts it, and how many places it has."""

    class Format(models.TextChoices):
        IN_PERSON = "in-person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid (in person and online)"

    summary: models.TextField[str, str] = models.TextField(
        max_length=300, help_text="One or two sentences for listings."
    )
    start: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        help_text="London time."
    )
    end: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        help_text="London time."
    )
    format: models.CharField[str, str] = models.CharField(
        max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue: models.ForeignKey[Venue | None, Venue | None] = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    online_joining_details: models.TextField[str, str] = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Link and instructions; shown only to confirmed attendees and in their emails.",
    )
    host_authority: models.ForeignKey[Any, Any] = models.ForeignKey(
        "members.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    host_organisations = ParentalManyToManyField(
        "members.Organisation", blank=True, related_name="hosted_events"
    )
    capacity: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(
        validators=[MinValueValidator(1)]
    )
    registration_opens_at: models.DateTimeField[
        datetime.datetime | None, datetime.datetime | None
    ] = models.DateTimeField(null=True, blank=True)
    registration_closes_at: models.DateTimeField[
        datetime.datetime | None, datetime.datetime | None
    ] = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to close when the event starts."
    )
    members_only: models.BooleanField[bool, bool] = models.BooleanField(default=False)
    price: models.DecimalField[Decimal, Decimal] = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="In pounds; 0 for a free event. Tickets are paid online by card "
        "(through Stripe) by people signed in to the site.",
    )
    member_free_places: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(
        "free places for members",
        default=0,
        help_text="For a paid event: how many places members with an active membership "
        "get free of charge, first come first served. Others pay the price.",
    )
    refund_until: models.DateTimeField[datetime.datetime | None, datetime.datetime | None] = (
        models.DateTimeField(
            "full refunds until",
            null=True,
            blank=True,
            help_text="Tickets cancelled before this moment are refunded in full; none after. "
            "Leave empty to refund until the event starts.",
        )
    )
    offer_hours: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        "hours to accept a waitlist offer", default=48, validators=[MinValueValidator(1)]
    )
    description = RichTextField(features=["bold", "italic", "link", "ol", "ul", "h3"], blank=True)
    agenda = StreamField([("item", AgendaItemBlock())], blank=True, use_json_field=True)
    speakers = StreamField([("speaker", SpeakerBlock())], blank=True, use_json_field=True)
    topics = ClusterTaggableManager(through=EventPageTag, blank=True)
    related_articles = ParentalManyToManyField("blog.BlogPage", blank=True, related_name="+")
    cancelled_at: models.DateTimeField[datetime.datetime | None, datetime.datetime | None] = (
        models.DateTimeField(null=True, blank=True, editable=False)
    )
    cancellation_reason: models.TextField[str, str] = models.TextField(blank=True, editable=False)
    # Bumped at every change attendees' calendars must pick up (iCalendar SEQUENCE).
    ical_sequence: models.PositiveIntegerField[int, int] = models.PositiveIntegerField(
        default=0, editable=False
    )

    objects = EventPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="When"),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("venue"), FieldPanel("online_joining_details")],
            heading="Where",
        ),
        MultiFieldPanel(
            [
                FieldPanel("host_authority"),
                FieldPanel("host_organisations"),
                InlinePanel("host_contacts", label="Host contacts"),
            ],
            heading="Hosts",
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                FieldPanel("members_only"),
                FieldRowPanel([FieldPanel("price"), FieldPanel("member_free_places")]),
                FieldPanel("refund_until"),
                FieldPanel("offer_hours"),
            ],
            heading="Registration",
        ),
        FieldPanel("description"),
        FieldPanel("agenda"),
        FieldPanel("speakers"),
        FieldPanel("topics"),
        FieldPanel("related_articles"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "event"

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The event must end after it starts."
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.venue_id:
            errors["venue"] = "Choose a venue for an event that meets in person."
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not (
            self.online_joining_details.strip()
        ):
            errors["online_joining_details"] = "Say how attendees join online."
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = "Registration must close after it opens."
        if self.price and self.price < MINIMUM_PRICE:
            errors["price"] = (
                f"A paid ticket must cost at least £{MINIMUM_PRICE} (Stripe's minimum)."
            )
        if self.refund_until and self.start and self.refund_until > self.start:
            errors["refund_until"] = "Refunds cannot run past the start of the event."
        if errors:
            raise ValidationError(errors)

    def get_summary(self):
        return self.summary

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def registration_closes(self) -> datetime.datetime:
        return self.registration_closes_at or self.start

    # Display helpers (events.formatting formats; templates only print).

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.start, LONDON)

    @property
    def local_end(self) -> datetime.datetime:
        return timezone.localtime(self.end, LONDON)

    @property
    def when_display(self):
        """e.g. "Tuesday 12 May 2026, 10:00-13:00 BST", in London time with its zone."""
        return format_when(self.local_start, self.local_end)

    @property
    def meets_in_person(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def meets_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def format_label(self) -> str:
        short_labels: dict[str, str] = {self.Format.HYBRID: "Hybrid"}
        return short_labels.get(self.format, self.get_format_display())

    @property
    def is_free(self) -> bool:
        return not self.price

    @property
    def price_in_pence(self) -> int:
        return pence(self.price)

    @property
    def refund_deadline(self) -> datetime.datetime:
        """Cancelled tickets are refunded in full before this moment, not after."""
        return self.refund_until or self.start

    # Kept from the live row whenever a revision is published or previewed: a
    # cancellation is an action on the event, not content an old revision may undo.
    STATE_FIELDS = ("cancelled_at", "cancellation_reason", "ical_sequence")

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in self.STATE_FIELDS:
            setattr(page, name, getattr(self, name))
        return page

    # The context, structured data and routes of the page are built by the layers
    # above (they read the registration rules, which import this module): each is
    # a handler that events/wagtail_hooks.py provides (network_site.page_routes).
    handlers = PageHandlers(
        "events.EventPage",
        ["context", "structured_data", "ical", "register", "registration_action"],
    )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.handlers.call("context", request, self))
        return context

    def get_structured_data(self, request):
        return self.handlers.call("structured_data", request, self)

    ical = handlers.route("ical", "event.ics")
    register = handlers.route("register", "register/")

    # The home page lists this many of the next events (events.listing).
    HOME_COUNT = 3
    route_select_related = ("venue", "host_authority")

    def get_cached_paths(self):
        return ["/", "event.ics", "register/"]

    def page_cache_targets(self, follow_references: bool = True) -> Targets:
        """Also its month in the index's calendar, and the home page while the event
        is one of those it lists (its availability shows there)."""
        targets = super().page_cache_targets(follow_references)
        if targets is EVERY_PAGE:
            return EVERY_PAGE
        index = self.get_parent().specific
        if isinstance(index, EventIndexPage) and (index_path := index.get_url_parts()):
            month = self.local_start
            calendar = index.reverse_subpage("calendar_month", args=[month.year, month.month])
            targets.append(index_path[2] + calendar)
        home = index.get_parent()
        on_home = EventPage.objects.for_home(home).values_list("pk", flat=True)
        if self.pk in list(on_home[: self.HOME_COUNT]):
            targets.append(home)
        return targets

    # Links in emails: confirm a guest place, accept an offer, cancel.
    registration_action = handlers.route(
        "registration_action", "registrations/<str:token>/<str:action>/"
    )


class EventHostContact(Orderable):
    """A person at the host authority or organisation who co-hosts the event."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="host_contacts")
    user: models.ForeignKey[_User, _User] = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hosted_event_links"
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="unique_host_contact_per_event")
        ]


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """The list of events at /events/, past events, a month calendar and the iCal feed."""

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = "event index"

    # Each route is a handler provided by events/wagtail_hooks.py (events.page_views).
    handlers = PageHandlers("events.EventIndexPage", ["upcoming", "past", "calendar", "feed"])

    upcoming = handlers.route("upcoming", "")
    past = handlers.route("past", "past/")
    calendar = handlers.route(
        "calendar", "calendar/", ("calendar/<int:year>/<int:month>/", "calendar_month")
    )
    feed = handlers.route("feed", "feed.ics")

    def get_cached_paths(self):
        """What lists its events (each month of the calendar is added by its events)."""
        return ["/", "past/", "calendar/", "feed.ics"]


def new_cancel_token():
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def holding_places(self) -> Self:
        """Registrations that take one of the event's places."""
        return self.filter(status__in=Registration.PLACE_HOLDING)

    def active(self) -> Self:
        return self.exclude(status=Registration.Status.CANCELLED)

    def waitlisted(self) -> Self:
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")


class Registration(models.Model):
    """A person's place (or place in the queue) at an event: a member, or a guest by email."""

    class Status(models.TextChoices):
        PENDING_CONFIRMATION = "pending-confirmation", "Waiting for the guest to confirm"
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waitlist"
        OFFERED = "offered", "Offered a place"
        PENDING_PAYMENT = "pending-payment", "Waiting for payment"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"

    PLACE_HOLDING = (
        Status.CONFIRMED,
        Status.OFFERED,
        Status.PENDING_PAYMENT,
        Status.ATTENDED,
    )

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    guest_name = models.CharField(max_length=150, blank=True)
    guest_email = models.EmailField(blank=True)
    status = models.CharField(max_length=25, choices=Status.choices)
    access_needs = models.TextField(max_length=1000, blank=True)
    dietary_needs = models.TextField(max_length=500, blank=True)
    share_with_hosts = models.BooleanField(
        default=False, help_text="The attendee agreed to share their details with the hosts."
    )
    cancel_token = models.CharField(max_length=64, unique=True, default=new_cancel_token)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    hold_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="A paid place waiting for payment is held until then. Kept when the hold "
        "runs out (a payment arriving later may still take a free place); cleared when "
        "the person or staff cancel.",
    )
    free_member_place = models.BooleanField(
        default=False, help_text="One of the event's free places for members."
    )
    refund_owed = models.BooleanField(
        default=False,
        help_text="A full refund is due and not yet made through Stripe; it is retried "
        "until it is.",
    )
    attended_at = models.DateTimeField(null=True, blank=True)
    reminder_2_days_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_2_hours_sent_at = models.DateTimeField(null=True, blank=True)
    thank_you_sent_at = models.DateTimeField(null=True, blank=True)
    payments: models.ManyToManyField[Payment, RegistrationPayment] = models.ManyToManyField(
        Payment, through="RegistrationPayment", related_name="+", blank=True
    )

    objects = RegistrationQuerySet.as_manager()

    # Not a field: where the buyer pays, set on the instance when registering (or
    # accepting an offer) holds a place that must be paid for (events.services).
    checkout_url: str

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="one_active_registration_per_member",
            ),
            models.UniqueConstraint(
                fields=["event", "guest_email"],
                condition=Q(user__isnull=True) & ~Q(status="cancelled"),
                name="one_active_registration_per_guest",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_email=""),
                name="registration_has_a_person",
            ),
        ]

    def __str__(self):
        return f"{self.name} at {self.event} ({self.get_status_display()})"

    @property
    def name(self) -> str:
        if self.user_id and self.user:
            return self.user.get_full_name() or self.user.email
        return self.guest_name

    @property
    def email(self) -> str:
        return self.user.email if self.user_id and self.user else self.guest_email

    @property
    def holds_place(self) -> bool:
        return self.status in self.PLACE_HOLDING

    def page_cache_targets(self) -> Targets:
        """A place taken or given up changes the event's availability, which its
        page and the lists of events show."""
        return self.event.page_cache_targets(follow_references=False)


class RegistrationPayment(models.Model):
    """A ticket payment of a registration: the link lives here because the payments
    app knows purposes, not buyers. A payment belongs to one registration at most.
    Deleting the registration deletes the link, never the payment (a financial
    record)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="payment_links"
    )
    payment = models.OneToOneField(
        Payment, on_delete=models.CASCADE, related_name="registration_link"
    )

    class Meta:
        verbose_name = "ticket payment"

    def __str__(self):
        return f"{self.payment} for registration {self.registration_id}"
