from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.importing import import_local_authorities
from network_site.refusals import Refused


class Command(BaseCommand):
    help = (
        "Create or update local authorities from the CSV that mySociety publishes as "
        "uk_local_authority_names_and_codes. Rows are matched on their GSS code; rows "
        "that cannot be imported are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The CSV file to import.")

    def handle(self, *args, path, verbosity=1, **options):
        def report_progress(rows):
            if verbosity >= 1:
                self.stdout.write(f"{rows} rows read")

        def report_skipped(skipped):
            self.stderr.write(f"Line {skipped.line}: skipped, {skipped.reason}")

        try:
            result = import_local_authorities(
                path, on_progress=report_progress, on_skip=report_skipped
            )
        except Refused as error:
            raise CommandError(str(error)) from error

        summary = (
            f"{result.rows} rows read: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {len(result.skipped)} skipped."
        )
        style = self.style.WARNING if result.skipped else self.style.SUCCESS
        self.stdout.write(style(summary))
