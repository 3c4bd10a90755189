from django.apps import AppConfig


class EventRequestsConfig(AppConfig):
    name = "events.requests"
    label = "event_requests"
    verbose_name = "Event requests"
