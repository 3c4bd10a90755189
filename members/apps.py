from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        # Why here: fees and middleware import the models, which load only once the
        # app registry is ready. Importing fees registers the membership fee purpose
        # with payments; importing middleware connects the staff session's start.
        from . import auth_backends, fees, middleware  # noqa: F401

        auth_backends.connect()
