from django.apps import AppConfig


class EventRequestsConfig(AppConfig):
    name = "events.requests"
    label = "event_requests"
    verbose_name = "Event requests"

    def ready(self):
        # Why here: the receivers import the models, which load only once the app
        # registry is ready. Importing the module connects them.
        from . import signals  # noqa: F401
