from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Why here: both modules import the models, which load only once the app
        # registry is ready. Importing signals connects its receivers; importing
        # tickets registers what a ticket payment means with payments.
        from . import signals, tickets  # noqa: F401
