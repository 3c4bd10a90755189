"""Introductions between members.

A member asks the network to introduce them (``IntroductionRequest``): a councillor
or officer to the community organisations working in their authority's area, an
organisation to the councillors and officers of an authority. A membership officer
proposes members who opted in (``Introduction``, one per proposed member); each
side accepts or declines, and either may withdraw until both have accepted, when
each is emailed the other's contact details. ``IntroductionEvent`` records every
step, for staff, the member's data export and the admin history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IntroductionRequest(models.Model):
    class Kind(models.TextChoices):
        MEET_ORGANISATIONS = "organisations", "Meet community organisations"
        MEET_COUNCIL = "council", "Meet councillors or officers"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PROPOSED = "proposed", "Introductions proposed"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STATUSES = (Status.OPEN, Status.PROPOSED)

    requester = models.ForeignKey(
        "members.Membership", on_delete=models.CASCADE, related_name="introduction_requests"
    )
    local_authority = models.ForeignKey(
        "members.LocalAuthority", on_delete=models.PROTECT, related_name="introduction_requests"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(max_length=1500)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "introduction request"

    def __str__(self):
        # Never a name: the string appears in the other side's data export.
        return f"Introduction request {self.pk}: {self.get_kind_display().lower()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Introduction(models.Model):
    """One member proposed to a request. Contact details are shared once, when
    both the requester and the proposed member have accepted (``shared_at``)."""

    class Answer(models.TextChoices):
        WAITING = "", "Not answered yet"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    request = models.ForeignKey(
        IntroductionRequest, on_delete=models.CASCADE, related_name="introductions"
    )
    member = models.ForeignKey(
        "members.Membership",
        on_delete=models.CASCADE,
        related_name="introductions_offered",
        help_text="The member proposed to the requester.",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    requester_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    requester_answered_at = models.DateTimeField(null=True, blank=True)
    member_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    member_answered_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "member"], name="one_proposal_per_member")
        ]

    def __str__(self):
        return f"Introduction {self.pk}"

    @property
    def is_pending(self) -> bool:
        """Still waiting for an answer: nobody declined or withdrew, nothing shared."""
        return (
            self.shared_at is None
            and self.withdrawn_at is None
            and Introduction.Answer.DECLINED not in (self.requester_answer, self.member_answer)
        )

    def state(self) -> str:
        """introduced, withdrawn, declined or waiting."""
        if self.shared_at:
            return "introduced"
        if self.withdrawn_at:
            return "withdrawn"
        if Introduction.Answer.DECLINED in (self.requester_answer, self.member_answer):
            return "declined"
        return "waiting"

    def state_display(self) -> str:
        return {
            "introduced": "Introduced: contact details sent to both",
            "withdrawn": "Withdrawn",
            "declined": "Declined",
            "waiting": "Waiting for answers",
        }[self.state()]


class IntroductionEvent(models.Model):
    """One step of a request or of an introduction: who did what, when."""

    class Action(models.TextChoices):
        ASKED = "asked", "Asked for introductions"
        PROPOSED = "proposed", "Introduction proposed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrew from the introduction"
        SHARED = "shared", "Contact details shared with both"
        REQUEST_WITHDRAWN = "request-withdrawn", "Request withdrawn"
        CLOSED = "closed", "Request closed by staff"

    request = models.ForeignKey(
        IntroductionRequest, on_delete=models.CASCADE, related_name="events"
    )
    introduction = models.ForeignKey(
        Introduction, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} on {self.at:%d %b %Y}"
