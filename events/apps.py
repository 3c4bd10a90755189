from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from wagtail.signals import page_published

        from network_site.payments.services import register_purpose

        from .signals import bump_calendar_sequence, schedule_requested_event
        from .tickets import TicketPurpose

        page_published.connect(bump_calendar_sequence, dispatch_uid="events.calendar_sequence")
        page_published.connect(schedule_requested_event, dispatch_uid="events.request_scheduled")
        # What a ticket payment means (network_site.payments calls it).
        register_purpose("ticket", TicketPurpose())
