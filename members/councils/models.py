"""What a council has committed to, kept by staff: the Keep it Local principles
endorsed (how and when), a champion councillor, a short note and links to the
council's own published documents. Shown on its council page."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from ..models import LocalAuthority


class Commitment(ClusterableModel):
    """One authority's Keep it Local commitments (at most one record each)."""

    class Endorsement(models.TextChoices):
        COUNCIL_MOTION = "council-motion", "A motion passed by full council"
        EXECUTIVE_DECISION = "executive-decision", "A cabinet or executive decision"
        COMMISSIONING_STRATEGY = "commissioning-strategy", "Its commissioning strategy"
        LEADER_LETTER = "leader-letter", "A letter from the council's leader"
        OTHER = "other", "Another way (say how in the note)"

    authority: models.OneToOneField[LocalAuthority, LocalAuthority] = models.OneToOneField(
        LocalAuthority, on_delete=models.CASCADE, related_name="commitment"
    )
    endorsed_on: models.DateField[datetime.date | None, datetime.date | None] = models.DateField(
        "principles endorsed on",
        null=True,
        blank=True,
        help_text="When the council endorsed the Keep it Local principles; leave blank "
        "while it has not.",
    )
    endorsed_by: models.CharField[str, str] = models.CharField(
        "endorsed through",
        max_length=30,
        choices=Endorsement.choices,
        blank=True,
    )
    champion_name: models.CharField[str, str] = models.CharField(
        "champion councillor",
        max_length=150,
        blank=True,
        help_text="Shown on the council's public page: name them only with their agreement, "
        "e.g. Cllr Amina Shah.",
    )
    champion_role: models.CharField[str, str] = models.CharField(
        max_length=150, blank=True, help_text="e.g. Executive member for communities."
    )
    note: models.TextField[str, str] = models.TextField(
        max_length=800,
        blank=True,
        help_text="A few sentences for the council's page: what it has committed to and how "
        "it is going.",
    )
    updated_at: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        default=timezone.now
    )

    panels = [
        FieldPanel("authority"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("endorsed_on"), FieldPanel("endorsed_by")])],
            heading="The principles",
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("champion_name"), FieldPanel("champion_role")])],
            heading="Champion",
        ),
        FieldPanel("note"),
        InlinePanel("documents", heading="Its published documents", label="Document"),
    ]

    class Meta:
        ordering = ["authority__name"]
        verbose_name = "council commitment"

    def __str__(self):
        return f"Commitments of {self.authority}"

    def clean(self):
        super().clean()
        if self.endorsed_by and not self.endorsed_on:
            raise ValidationError({"endorsed_on": "Say when the council endorsed the principles."})
        if self.endorsed_on and self.endorsed_on > timezone.localdate():
            raise ValidationError(
                {"endorsed_on": "The date an endorsement happened cannot be in the future."}
            )
        if self.champion_role and not self.champion_name:
            raise ValidationError({"champion_name": "Name the councillor who holds this role."})

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_on is not None

    @property
    def has_content(self) -> bool:
        """Whether there is anything to show on the council's page."""
        return bool(self.endorsed_on or self.champion_name or self.note) or bool(
            self.documents.all()
        )


class CommitmentDocument(Orderable):
    """A document the council published about its commitments (a motion, a
    strategy, a report), on the council's own site."""

    commitment = ParentalKey(Commitment, on_delete=models.CASCADE, related_name="documents")
    title: models.CharField[str, str] = models.CharField(max_length=200)
    url: models.URLField[str, str] = models.URLField(
        "address", max_length=500, validators=[URLValidator(schemes=["https", "http"])]
    )
    published_on: models.DateField[datetime.date | None, datetime.date | None] = models.DateField(
        null=True, blank=True
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("published_on"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "published document"

    def __str__(self):
        return self.title
