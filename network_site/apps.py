from django.apps import AppConfig

from .app_modules import connect_signals


class NetworkSiteConfig(AppConfig):
    name = "network_site"
    verbose_name = "Keep it Local Network"

    def ready(self):
        # Every app's ``signals`` module (this one's too) connects its receivers and
        # registers what it adds, such as a payment purpose, as it is imported; they
        # import models, so they wait for the app registry, which is ready now.
        connect_signals()
