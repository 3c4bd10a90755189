"""Work that runs on a clock. Each entry is a task and how often it is due;
`manage.py run_scheduler` enqueues due tasks for the task workers (or, with
--once, suits a cron line that runs every minute). Tasks listed here must be
safe to run late or twice."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PeriodicTask:
    task_path: str
    every_minutes: int

    def is_due(self, moment):
        minutes_since_epoch = int(moment.timestamp() // 60)
        return minutes_since_epoch % self.every_minutes == 0

    def enqueue(self):
        return import_string(self.task_path).enqueue()


PERIODIC_TASKS = [
    # Shows /healthz that the scheduler ticks and a worker takes tasks.
    PeriodicTask("network_site.health.heartbeat", every_minutes=1),
    PeriodicTask("network_site.tasks.publish_scheduled_pages", every_minutes=1),
    PeriodicTask("network_site.tasks.retry_due_emails", every_minutes=1),
    PeriodicTask("events.tasks.expire_waitlist_offers", every_minutes=5),
    PeriodicTask("events.tasks.send_event_reminders", every_minutes=5),
    PeriodicTask("events.tasks.send_event_thank_yous", every_minutes=15),
    PeriodicTask("events.requests.tasks.mark_event_requests_held", every_minutes=15),
    PeriodicTask("members.bulletins.tasks.send_due_bulletins", every_minutes=1),
    PeriodicTask("events.tasks.expire_payment_holds", every_minutes=1),
    PeriodicTask("network_site.payments.tasks.reconcile_recent_payments", every_minutes=60),
    PeriodicTask("network_site.housekeeping.report_failed_emails", every_minutes=5),
    # Daily, at midnight UTC.
    PeriodicTask("network_site.housekeeping.prune_records", every_minutes=24 * 60),
    PeriodicTask("events.tasks.prune_past_registrations", every_minutes=24 * 60),
    PeriodicTask("members.tasks.send_renewal_reminders", every_minutes=24 * 60),
    PeriodicTask("stories.tasks.send_story_follow_ups", every_minutes=24 * 60),
]


def enqueue_due_tasks(moment=None):
    moment = moment or timezone.now()
    due = [periodic for periodic in PERIODIC_TASKS if periodic.is_due(moment)]
    for periodic in due:
        periodic.enqueue()
    return due
