from django.apps import AppConfig


class StoriesConfig(AppConfig):
    """Outcome stories: what commissioning locally changed, told with consent."""

    name = "stories"
    verbose_name = "Stories"
