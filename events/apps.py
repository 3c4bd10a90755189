from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from wagtail.signals import page_published

        # Importing tickets registers what a ticket payment means with payments.
        from . import tickets  # noqa: F401
        from .signals import bump_calendar_sequence

        page_published.connect(bump_calendar_sequence, dispatch_uid="events.calendar_sequence")
