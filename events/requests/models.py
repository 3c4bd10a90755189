"""Event requests: a local authority asks the network to host an event in its area.

The tables keep the names they had when these models lived in the events app
(``db_table``), so moving them here changed no row.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from events.models import UK_POSTCODE_VALIDATOR, EventPage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, _User

UK_PHONE_VALIDATOR = RegexValidator(
    r"^(\+44\s?|0)[\d\s()-]{9,14}$",
    "Enter a UK phone number, for example 0113 222 4444 or +44 7700 900123.",
)
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I/L to misread


def new_request_reference():
    """e.g. "ER-7KQ3XM": short enough to read out on the phone, random so it says
    nothing about how many requests there are."""
    return "ER-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class EventRequestQuerySet(models.QuerySet["EventRequest"]):
    def visible_to(self, user: _User | AnonymousUser | None) -> Self:
        """The requests a member may follow on the site: those they made and those
        that name them as a contact. Nothing for anyone signed out."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(Q(requester=user) | Q(contacts=user)).distinct()


class EventRequest(models.Model):
    """A local authority's request for a network event in its area, from its
    submission to the event it became. Status changes go through
    events.requests.services, which records each one as an EventRequestUpdate."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in-review", "In review"
        NEEDS_INFORMATION = "needs-information", "Needs information"
        ACCEPTED = "accepted", "Accepted"
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Where each status may go next. "scheduled" is reached only by publishing the
    # event made from the request; "held" when that event is over (or by staff).
    TRANSITIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Status.SUBMITTED: (Status.IN_REVIEW, Status.DECLINED, Status.WITHDRAWN),
        Status.IN_REVIEW: (
            Status.NEEDS_INFORMATION,
            Status.ACCEPTED,
            Status.DECLINED,
            Status.WITHDRAWN,
        ),
        Status.NEEDS_INFORMATION: (Status.IN_REVIEW, Status.DECLINED, Status.WITHDRAWN),
        Status.ACCEPTED: (Status.SCHEDULED, Status.DECLINED, Status.WITHDRAWN),
        Status.SCHEDULED: (Status.HELD, Status.WITHDRAWN),
        Status.HELD: (),
        Status.DECLINED: (),
        Status.WITHDRAWN: (),
    }
    CLOSED = (Status.HELD, Status.DECLINED, Status.WITHDRAWN)

    class Audience(models.TextChoices):
        COUNCILLORS = "councillors", "Councillors"
        COMMISSIONERS = "commissioners", "Commissioners and council officers"
        COMMUNITY = "community-organisations", "Community organisations"
        RESIDENTS = "residents", "Residents"

    reference = models.CharField(max_length=12, unique=True, default=new_request_reference)
    local_authority = models.ForeignKey(
        "members.LocalAuthority", on_delete=models.PROTECT, related_name="event_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_requests",
    )
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="event_requests_as_contact",
        verbose_name="named contacts",
        help_text="Other members at the same authority who follow the request and co-host.",
    )
    title = models.CharField("working title", max_length=150)
    theme = models.CharField(max_length=200)
    aims = models.TextField(max_length=3000)
    audience = models.JSONField(default=list, blank=True)
    date_1_from = models.DateField("first choice of date")
    date_1_to = models.DateField("first choice: until", null=True, blank=True)
    date_2_from = models.DateField("second choice of date", null=True, blank=True)
    date_2_to = models.DateField("second choice: until", null=True, blank=True)
    date_3_from = models.DateField("third choice of date", null=True, blank=True)
    date_3_to = models.DateField("third choice: until", null=True, blank=True)
    format = models.CharField(
        max_length=10, choices=EventPage.Format.choices, default=EventPage.Format.IN_PERSON
    )
    expected_attendees = models.PositiveIntegerField(
        "expected numbers", validators=[MinValueValidator(5), MaxValueValidator(2000)]
    )
    venue_offered = models.BooleanField("the authority offers a venue", default=False)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.TextField(max_length=500, blank=True)
    venue_postcode = models.CharField(max_length=8, blank=True, validators=[UK_POSTCODE_VALIDATOR])
    venue_capacity = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(5), MaxValueValidator(5000)]
    )
    venue_accessibility = models.TextField(max_length=2000, blank=True)
    co_host_organisations = models.ManyToManyField(
        "members.Organisation",
        blank=True,
        related_name="event_requests",
        verbose_name="co-hosting organisations in the network",
    )
    other_co_hosts = models.TextField("other co-hosting organisations", max_length=1000, blank=True)
    contact_phone = models.CharField(max_length=20, validators=[UK_PHONE_VALIDATOR])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    event = models.OneToOneField(
        EventPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_request",
        help_text="The event page made from this request.",
    )

    objects = EventRequestQuerySet.as_manager()

    class Meta:
        db_table = "events_eventrequest"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_1_to__isnull=True) | Q(date_1_to__gte=models.F("date_1_from")),
                name="event_request_date_1_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title} ({self.local_authority})"

    def clean(self):
        errors = {}
        today = timezone.localdate()
        for number in (1, 2, 3):
            start = getattr(self, f"date_{number}_from")
            end = getattr(self, f"date_{number}_to")
            if start and start < today and not self.pk:
                errors[f"date_{number}_from"] = "Choose a date that is not in the past."
            if end and not start:
                errors[f"date_{number}_from"] = "Give the first day of this range too."
            elif start and end and end < start:
                errors[f"date_{number}_to"] = "The range must end on or after its first day."
            elif start and end and (end - start).days > 92:
                errors[f"date_{number}_to"] = "Keep a range to three months or less."
        if self.venue_offered:
            for name, label in (
                ("venue_name", "the venue's name"),
                ("venue_address", "its address"),
                ("venue_postcode", "its postcode"),
                ("venue_capacity", "how many people it holds"),
                ("venue_accessibility", "its accessibility"),
            ):
                value = getattr(self, name)
                if value in (None, "") or (isinstance(value, str) and not value.strip()):
                    errors.setdefault(name, f"You offered a venue: tell us {label}.")
            if (
                self.venue_capacity
                and self.expected_attendees
                and "venue_capacity" not in errors
                and self.venue_capacity < self.expected_attendees
            ):
                errors["venue_capacity"] = (
                    f"The venue holds fewer people than the {self.expected_attendees} you expect."
                )
        if self.venue_postcode:
            self.venue_postcode = " ".join(self.venue_postcode.upper().split())
        unknown = set(self.audience or ()) - set(self.Audience.values)
        if unknown or not self.audience:
            errors["audience"] = "Choose who the event is for."
        if errors:
            raise ValidationError(errors)

    @property
    def preferred_dates(self):
        """[(from, to or None), ...] in the order of preference."""
        return [
            (getattr(self, f"date_{n}_from"), getattr(self, f"date_{n}_to"))
            for n in (1, 2, 3)
            if getattr(self, f"date_{n}_from")
        ]

    @property
    def audience_labels(self):
        labels = dict(self.Audience.choices)
        return [labels.get(value, value) for value in self.audience or ()]

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())


class EventRequestUpdate(models.Model):
    """One entry in a request's history: a status change, a message to or from the
    authority, or a note staff keep to themselves. ``internal_note`` is never shown
    to the authority."""

    class Source(models.TextChoices):
        STAFF = "staff", "Network staff"
        AUTHORITY = "authority", "The authority"
        SYSTEM = "system", "Automatic"

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="updates")
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    from_status = models.CharField(max_length=20, choices=EventRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=EventRequest.Status.choices, blank=True)
    message = models.TextField(
        max_length=5000, blank=True, help_text="Seen by the authority (and emailed to them)."
    )
    internal_note = models.TextField(max_length=5000, blank=True, help_text="Seen by staff only.")

    class Meta:
        db_table = "events_eventrequestupdate"
        ordering = ["created_at", "pk"]

    def __str__(self):
        if self.to_status:
            return f"{self.request.reference}: {self.from_status or '-'} → {self.to_status}"
        return f"{self.request.reference}: message"

    @property
    def is_status_change(self):
        return bool(self.to_status) and self.to_status != self.from_status


class EventRequestOutcome(models.Model):
    """What the requester reports after the event was held."""

    request = models.OneToOneField(EventRequest, on_delete=models.CASCADE, related_name="outcome")
    what_happened = models.TextField(max_length=3000)
    what_changed = models.TextField(max_length=3000)
    quote = models.TextField(
        max_length=600, blank=True, help_text="A sentence or two the network may publish."
    )
    quote_attribution = models.CharField(
        max_length=150, blank=True, help_text="e.g. Cllr Asha Patel, Leeds City Council"
    )
    may_publish_quote = models.BooleanField("the network may publish the quote", default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "events_eventrequestoutcome"

    def __str__(self):
        return f"Outcome of {self.request.reference}"

    def clean(self):
        if self.may_publish_quote and not self.quote.strip():
            raise ValidationError({"quote": "Write the quote you agree we may publish."})
