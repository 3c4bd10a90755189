"""The events app's wiring, run once at start-up when the base imports every
app's ``signals`` module (network_site.app_modules.connect_signals): a ticket is
registered as a payment purpose, and calendars that hold an event learn of every
change by its iCalendar SEQUENCE."""

from django.db.models import F
from django.dispatch import receiver
from wagtail.signals import page_published

from network_site.payments.models import Payment
from network_site.payments.services import register_purpose

from . import tickets
from .models import EventPage

register_purpose(Payment.Purpose.TICKET, tickets.TicketPurpose())


@receiver(page_published, dispatch_uid="events.calendar_sequence")
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
