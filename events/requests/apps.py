from django.apps import AppConfig


class EventRequestsConfig(AppConfig):
    name = "events.requests"
    label = "event_requests"
    verbose_name = "Event requests"

    def ready(self):
        # Imported here, not at the top: signal handlers need the app registry ready.
        from wagtail.signals import page_published

        from .signals import schedule_requested_event

        page_published.connect(
            schedule_requested_event, dispatch_uid="event_requests.request_scheduled"
        )
