from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Outcome stories: what commissioning locally changed, told with consent."""

    name = "stories"
    verbose_name = "Stories"

    def ready(self):
        from . import signals  # the app registry is ready only now

        signals.connect()
