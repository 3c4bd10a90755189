"""``manage.py reconcile_payments``: bring recent payments in line with Stripe (see
network_site.payments.reconcile) and print what was applied and what differs."""

import argparse
import datetime

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from network_site.payments.reconcile import reconcile
from network_site.payments.stripe_api import StripeUnavailable


def positive_days(value):
    try:
        days = int(value)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(f"a whole number of days, 1 or more (not {value!r})")
    return days


class Command(BaseCommand):
    help = (
        "Compare recent Checkout Sessions, subscriptions, invoices and refunds in Stripe "
        "with our records, apply what is missing and report differences. Running it "
        "again changes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=positive_days,
            default=3,
            help="How far back to look, in days (default 3).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be applied, and change nothing.",
        )

    def handle(self, *args, days, dry_run, **options):
        since = timezone.now() - datetime.timedelta(days=days)
        try:
            report = reconcile(since=since, stdout=self.stdout, dry_run=dry_run)
        except StripeUnavailable as error:
            raise CommandError(
                f"Stripe could not be reached, so nothing was changed: {error}"
            ) from error
        except ImproperlyConfigured as error:
            raise CommandError(f"Stripe is not set up, so nothing was changed: {error}") from error
        self.stdout.write("\n".join(report.lines()))
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} change(s) could not be applied because Stripe failed "
                "part-way; everything else was. Run the command again."
            )
