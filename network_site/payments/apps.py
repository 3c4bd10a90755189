from django.apps import AppConfig

# Registers the Stripe key checks. Module level: checks imports no model.
from . import checks  # noqa: F401


class PaymentsConfig(AppConfig):
    name = "network_site.payments"
    label = "payments"
    verbose_name = "Payments"
    default_auto_field = "django.db.models.BigAutoField"
