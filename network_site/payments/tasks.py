"""Payment work on a clock (see network_site.scheduling)."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .reconcile import reconcile

logger = logging.getLogger(__name__)

RECONCILE_DAYS = 2


@task()
def reconcile_recent_payments():
    """Apply what Stripe knows of the last two days that our records lack (webhooks
    missed); safe to run late, twice or at once in two workers, since every change
    goes through the functions that apply Stripe's current state once."""
    if not settings.STRIPE_SECRET_KEY:
        return "Stripe is not set up: nothing to reconcile."
    report = reconcile(since=timezone.now() - datetime.timedelta(days=RECONCILE_DAYS))
    if not report.in_step:
        logger.warning("Payments reconciliation:\n%s", report)
    return report.summary()
