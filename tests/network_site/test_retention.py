"""Pruning on a schedule: finished task results, what sent emails said and, later,
the email records themselves go after the retention periods in settings."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from network_site.housekeeping import prune_records
from network_site.models import OutboundEmail
from network_site.scheduling import PERIODIC_TASKS
from network_site.tasks import publish_scheduled_pages
from tests.factories import OutboundEmailFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def task_result(finished_days_ago):
    result = publish_scheduled_pages.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    if finished_days_ago is not None:
        row.status = "SUCCESSFUL"
        row.finished_at = timezone.now() - finished_days_ago * DAY
        row.save()
    return row


def email(status, days_ago, **fields):
    row = OutboundEmailFactory(
        template="account/email/password_reset_key",
        subject="Reset your password",
        body_text="Your code is 123456",
        body_html="<p>Your code is 123456</p>",
        attachments=[{"filename": "a.ics", "content": "x", "mimetype": "text/calendar"}],
        status=status,
        **fields,
    )
    OutboundEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - days_ago * DAY)
    return row


def test_finished_task_results_go_after_their_retention_period(database_tasks, settings):
    settings.TASK_RESULT_RETENTION_DAYS = 14
    old, recent, waiting = task_result(15), task_result(13), task_result(None)

    assert prune_records.call()["task_results"] == 1
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, waiting.pk}
    assert old.pk not in remaining


def test_email_bodies_go_after_their_retention_period_and_the_records_later(settings):
    settings.EMAIL_BODY_RETENTION_DAYS = 30
    settings.EMAIL_RECORD_RETENTION_DAYS = 365
    Status = OutboundEmail.Status
    recent = email(Status.SENT, 29)
    old = email(Status.SENT, 31)
    old_failed = email(Status.FAILED, 40)
    still_pending = email(Status.RETRYING, 40)
    ancient = email(Status.SENT, 366)

    now = timezone.now()
    assert prune_records.call(now=now) == {
        "task_results": 0,
        "email_bodies": 3,  # old, old_failed and ancient (before it goes)
        "email_records": 1,
    }
    for row in (old, old_failed):
        row.refresh_from_db()
        assert (row.body_text, row.body_html, row.attachments) == ("", "", [])
        assert row.body_pruned_at == now
        assert row.subject == "Reset your password"  # the record that it was sent stays
    for row in (recent, still_pending):
        row.refresh_from_db()
        assert row.body_text == "Your code is 123456"
        assert row.attachments
    assert not OutboundEmail.objects.filter(pk=ancient.pk).exists()

    # Running again changes nothing.
    assert prune_records.call() == {"task_results": 0, "email_bodies": 0, "email_records": 0}


@pytest.mark.parametrize(
    "task_path",
    ["network_site.housekeeping.prune_records", "events.tasks.prune_past_registrations"],
)
def test_pruning_runs_daily(task_path):
    assert any(
        periodic.task_path == task_path and periodic.every_minutes == 24 * 60
        for periodic in PERIODIC_TASKS
    )


def test_the_privacy_notice_shows_the_retention_periods_the_site_prunes_by(home_page, settings):
    settings.EMAIL_BODY_RETENTION_DAYS = 21
    settings.EVENT_PERSONAL_DATA_RETENTION_DAYS = 400
    privacy = StandardPageFactory(
        parent=home_page,
        title="Privacy notice",
        slug="privacy",
        body=[("retention_periods", None)],
    )
    html = Client().get(privacy.url).content.decode()
    assert "<b>What an email we sent you said:</b> 21 days" in html
    assert "after the event:</b> 400 days" in html
