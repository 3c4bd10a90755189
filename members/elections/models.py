"""Local elections and the confirmations that staff and requesters give when a
screen warns them of a pre-election period. Nothing is ever blocked by one."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .calendar import default_period_start


class ElectionQuerySet(models.QuerySet["Election"]):
    def in_period(self, on: datetime.date | None = None) -> "ElectionQuerySet":
        """Elections whose pre-election period includes the day (today by default):
        from its first day to polling day, both included."""
        day = on or timezone.localdate()
        return self.filter(period_starts__lte=day, polling_day__gte=day)

    def overlapping(self, spans) -> "ElectionQuerySet":
        """Elections whose period shares a day with any of the (first, last) spans."""
        matching = models.Q(pk__in=[])
        for first, last in spans:
            matching |= models.Q(period_starts__lte=last, polling_day__gte=first)
        return self.filter(matching)

    def upcoming(self, on: datetime.date | None = None) -> "ElectionQuerySet":
        return self.filter(polling_day__gte=on or timezone.localdate())


class Election(models.Model):
    """An election in a local authority's area. Its pre-election period runs from
    ``period_starts`` to polling day; the start, left blank, is the default of
    members.elections.calendar (25 working days before polling day)."""

    authority = models.ForeignKey(
        "members.LocalAuthority", on_delete=models.CASCADE, related_name="elections"
    )
    polling_day = models.DateField()
    period_starts: models.DateField[datetime.date | None, datetime.date] = models.DateField(
        "pre-election period starts",
        blank=True,
        help_text=(
            "Leave blank for the notice of election: 25 working days before polling day, "
            "without weekends and the nation's bank holidays. Set it by hand where the "
            "timetable differs (Scotland, Northern Ireland)."
        ),
    )
    note = models.CharField(
        max_length=255, blank=True, help_text="For staff, e.g. “all-out elections”."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["polling_day", "authority__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "polling_day"], name="one_election_per_authority_and_day"
            ),
            models.CheckConstraint(
                condition=models.Q(period_starts__lte=models.F("polling_day")),
                name="election_period_starts_by_polling_day",
            ),
        ]

    def __str__(self):
        return f"{self.authority}: polling day {self.polling_day:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self.period_starts is None and self.polling_day:
            self.period_starts = self.default_start()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "period_starts"}
        super().save(*args, **kwargs)

    @property
    def place(self) -> str:
        return self.authority.short_name or self.authority.name

    def default_start(self) -> datetime.date:
        return default_period_start(self.polling_day, self.authority.nation)

    def clean(self):
        if self.polling_day and self.period_starts and self.period_starts > self.polling_day:
            raise ValidationError(
                {"period_starts": "The pre-election period starts on or before polling day."}
            )

    def is_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.period_starts <= day <= self.polling_day


class PreElectionConfirmation(models.Model):
    """Someone was warned of a pre-election period and went ahead: who, where, about what."""

    class Where(models.TextChoices):
        EVENT_REQUEST = "event-request", "Event request form"
        REQUEST_REVIEW = "request-review", "Event request review"
        EVENT_APPROVAL = "event-approval", "Event approval"
        ARTICLE_PUBLISH = "article-publish", "Article publishing"
        BULLETIN_SEND = "bulletin-send", "Bulletin sending"

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="confirmations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    where = models.CharField(max_length=20, choices=Where.choices)
    object_ref = models.CharField(
        "about", max_length=100, blank=True, help_text="e.g. “event-request:42”."
    )
    object_description = models.CharField(max_length=255, blank=True)
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        verbose_name = "pre-election confirmation"

    def __str__(self):
        return f"{self.get_where_display()}: {self.object_description or self.object_ref}"
