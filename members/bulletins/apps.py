from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "members.bulletins"
    label = "bulletins"
    verbose_name = "Bulletins"

    def ready(self):
        from . import signals  # noqa: F401  (the inbound email receiver)
