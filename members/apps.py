from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from . import fees  # noqa: F401  (registers the membership fee purpose with payments)
