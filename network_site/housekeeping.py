"""Work that keeps the site's records in order, run by the scheduler
(network_site.scheduling): the site admins hear of emails that finally failed, and
records the site no longer needs are pruned after the retention periods in
settings (the privacy notice shows the same figures).

Each task is safe to run late, twice, or in two workers at once.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .emails import send_templated_email
from .models import OutboundEmail

logger = logging.getLogger(__name__)

FAILED_EMAILS_TEMPLATE = "network_site/failed_emails"
# At most this many failures in one report; the next run reports the rest.
REPORT_BATCH_SIZE = 200


def admin_addresses() -> list[str]:
    """Who is told when something needs a person: ADMINS (ADMIN_EMAILS), or, when
    none are set, every active superuser."""
    addresses = [address for _name, address in settings.ADMINS]
    if not addresses:
        addresses = list(
            get_user_model()
            .objects.filter(is_superuser=True, is_active=True)
            .exclude(email="")
            .order_by("pk")
            .values_list("email", flat=True)
        )
    return addresses


@task()
def report_failed_emails(now=None):
    """Tell the site admins, once, of every email that finally failed since the last
    report: one email listing them, however many there are (a three-day provider
    outage ends in one report, not hundreds). A report that itself fails is never
    reported on. Returns how many failures it reported."""
    now = now or timezone.now()
    with transaction.atomic():
        failed = list(
            OutboundEmail.objects.failed_unreported()
            .select_for_update(skip_locked=True)
            .order_by("pk")[:REPORT_BATCH_SIZE]
        )
        if not failed:
            return 0
        OutboundEmail.objects.filter(pk__in=[email.pk for email in failed]).update(
            admins_notified_at=now
        )
        to_report = [email for email in failed if email.template != FAILED_EMAILS_TEMPLATE]
        recipients = admin_addresses() if to_report else []
        for address in recipients:
            send_templated_email(
                FAILED_EMAILS_TEMPLATE,
                address,
                {
                    "emails": to_report,
                    "retry_days": OutboundEmail.RETRY_WINDOW.days,
                    "admin_url": reverse("outbound_emails:index") + "?status=failed",
                },
            )
        if to_report and not recipients:
            logger.error(
                "%s emails finally failed and there is no site admin to tell: set ADMIN_EMAILS.",
                len(to_report),
            )
    return len(to_report)


@dataclass(frozen=True)
class Pruned:
    task_results: int = 0
    email_bodies: int = 0
    email_records: int = 0


def days_ago(now: datetime.datetime, days: int) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


@task()
def prune_records(now=None):
    """Delete what the retention settings say the site no longer needs: finished
    task results, the bodies of sent emails (they hold sign-in codes and reset
    links) and, later, the email records themselves."""
    now = now or timezone.now()
    # The same rows django_tasks_db's prune_db_task_results deletes, for every queue.
    task_results, _ = (
        DBTaskResult.objects.finished()
        .filter(finished_at__lte=days_ago(now, settings.TASK_RESULT_RETENTION_DAYS))
        .delete()
    )
    emails = OutboundEmail.objects.all()
    email_bodies = emails.finished_before(
        days_ago(now, settings.EMAIL_BODY_RETENTION_DAYS)
    ).prune_bodies(now)
    email_records, _ = emails.finished_before(
        days_ago(now, settings.EMAIL_RECORD_RETENTION_DAYS)
    ).delete()
    pruned = Pruned(task_results, email_bodies, email_records)
    logger.info("Pruned %s", pruned)
    return pruned.__dict__
