from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        # Why here: fees imports the models, which load only once the app registry
        # is ready. Importing it registers the membership fee purpose with payments.
        from . import fees  # noqa: F401
