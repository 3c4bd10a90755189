from django.apps import AppConfig


class NetworkSiteConfig(AppConfig):
    name = "network_site"
    verbose_name = "Keep it Local Network"

    def ready(self):
        # Why here: the receivers import the models, which load only once the app
        # registry is ready. Importing the module connects them (staff roles after
        # migrate, page cache invalidation, email tracking).
        from . import signals  # noqa: F401
