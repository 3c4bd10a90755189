import io
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from network_site import page_cache
from network_site.demo.scale import DEFAULT_SEED, LONDON, ScaleDataError, ScaleGenerator


def positive_number(value):
    number = float(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate a network the size of a busy one on top of the demo content (loaded "
        "first; unchanged when already there): at --scale 1, 10,000 members, 5,000 "
        "articles, 1,000 events past and coming, 50,000 registrations and 500 event "
        "requests. The same --seed on the same day gives the same data. Runs once: a "
        "second run changes nothing and says so."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random choices (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--scale",
            type=positive_number,
            default=1.0,
            help="Factor applied to every count (default 1.0; e.g. 0.01 for a quick test).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. It loads the demo content, whose accounts "
            "have published passwords: use this only on a throwaway database.",
        )

    def handle(self, *args, seed, scale, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a live site, and scale data fills it with "
                "invented people and pages on top of the demo content (staff accounts with "
                "published passwords). Use --force only on a throwaway database."
            )
        started = time.monotonic()
        generator = ScaleGenerator(
            seed=seed,
            scale=scale,
            today=timezone.localdate(timezone=LONDON),
            write=self.stdout.write,
        )
        try:
            with transaction.atomic():
                call_command("load_demo_content", force=True, stdout=io.StringIO())
                generator.run()
                # Written without signals: pages cached before the run are stale now.
                page_cache.invalidate()
        except ScaleDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Scale data generated (seed {seed}, scale {scale:g}) "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
