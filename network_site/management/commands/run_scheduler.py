import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from network_site.scheduling import enqueue_due_tasks


class Command(BaseCommand):
    help = (
        "Enqueue periodic tasks (publishing scheduled pages, and more) at the start of each "
        "minute. Run one scheduler process beside the task workers, or call it with --once "
        "from cron every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue what is due now and exit.")

    def handle(self, *args, once=False, **options):
        while True:
            for periodic in enqueue_due_tasks(timezone.now()):
                self.stdout.write(f"{timezone.now():%H:%M} enqueued {periodic.task_path}")
            if once:
                return
            time.sleep(60 - time.time() % 60)
