"""Calendars that hold an event learn of every change by its iCalendar SEQUENCE."""

from django.db.models import F

from .models import EventPage


def bump_calendar_sequence(sender, instance, revision=None, **kwargs):
    """Each publish after the first may change the time or place: bump SEQUENCE."""
    if not isinstance(instance, EventPage):
        return
    if (
        instance.revisions.count() <= 1
        and instance.first_published_at == instance.last_published_at
    ):
        return  # the first publication is sequence 0
    EventPage.objects.filter(pk=instance.pk).update(ical_sequence=F("ical_sequence") + 1)


def schedule_requested_event(sender, instance, revision=None, **kwargs):
    """Publishing the event made from an accepted request schedules the request."""
    if not isinstance(instance, EventPage):
        return
    from .event_requests import schedule_published_event

    user = getattr(revision, "user", None) if revision is not None else None
    schedule_published_event(instance, user=user)
