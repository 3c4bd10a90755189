from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "network_site.payments"
    label = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the Stripe key checks)
