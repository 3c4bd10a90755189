"""A bulletin: what staff write to the members, whom it goes to, and each
recipient's delivery (which makes every recipient get it exactly once)."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.fields import StreamField

from members.models import Membership
from network_site.models import OutboundEmail

from .blocks import BulletinBodyBlock


class BulletinQuerySet(models.QuerySet["Bulletin"]):
    def sent(self):
        return self.filter(status=Bulletin.Status.SENT)

    def visible_to(self, user):
        """The archive: sent bulletins, and the members-only ones for active members."""
        sent = self.sent()
        if Membership.objects.active().filter(user_id=user.pk).exists():
            return sent
        return sent.filter(members_only=False)


class Bulletin(models.Model):
    """A bulletin: written and sent from the admin, archived at /bulletins/ once sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=150)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Its address in the archive: /bulletins/<slug>/."
    )
    preheader = models.CharField(
        max_length=150,
        blank=True,
        help_text="The line many email clients show after the subject in the inbox.",
    )
    body: Any = StreamField(BulletinBodyBlock())
    members_only = models.BooleanField(
        "members only",
        default=False,
        help_text="In the archive, only signed-in members see it (everyone else: not listed).",
    )

    # The audience: each segment narrows it; within one, any of the choices will do.
    # No segment: every consenting member.
    categories = models.JSONField(
        default=list, blank=True, help_text="Member categories (none chosen: every category)."
    )
    regions = models.JSONField(
        default=list, blank=True, help_text="Regions of the members' councils (none: anywhere)."
    )
    local_authorities: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "members.LocalAuthority",
        blank=True,
        related_name="+",
        help_text="Members of these councils' areas (none: every council).",
    )
    events: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "events.EventPage",
        blank=True,
        related_name="+",
        help_text="Members who attended or hold a place at any of these events (none: anyone).",
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    send_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BulletinQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-created_at", "-pk"]
        permissions = [("send_bulletin", "Can send bulletins (and tests of them)")]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("bulletins:detail", args=[self.slug])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class BulletinDelivery(models.Model):
    """One recipient of one bulletin. Made for everyone in the audience when
    sending starts; sending a delivery and writing its email happen in one
    transaction, so a send that stops half-way resumes with the rest."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Handed to the outbox"
        SUPPRESSED = "suppressed", "Not sent (consent withdrawn or address undeliverable)"

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulletin_deliveries"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    email = models.OneToOneField(
        OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the recipient unsubscribed with its link."
    )

    class Meta:
        verbose_name_plural = "bulletin deliveries"
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "user"], name="one_delivery_per_recipient")
        ]
        indexes = [models.Index(fields=["bulletin", "status"])]

    def __str__(self):
        return f"{self.bulletin} to {self.user_id}"
