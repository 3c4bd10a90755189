from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NetworkSiteConfig(AppConfig):
    name = "network_site"
    verbose_name = "Keep it Local Network"

    def ready(self):
        from . import page_cache, roles, signals

        post_migrate.connect(roles.ensure_staff_roles, dispatch_uid="network_site.staff_roles")
        page_cache.connect_invalidation()
        signals.connect_email_tracking()
