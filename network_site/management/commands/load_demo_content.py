from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from network_site.demo.loading import DemoContentError, DemoLoader, DemoLogin
from network_site.roles import EDITORS, EVENT_MANAGERS, MEMBERSHIP_OFFICERS, MODERATORS

# Public, documented passwords for a laptop demo. Never use them anywhere real.
DEMO_ADMIN_PASSWORD = "demo-admin-password"
DEMO_EDITOR_PASSWORD = "demo-editor-password"
DEMO_MODERATOR_PASSWORD = "demo-moderator-password"
DEMO_OFFICER_PASSWORD = "demo-officer-password"
DEMO_EVENTS_PASSWORD = "demo-events-password"
DEMO_COUNCILLOR_PASSWORD = "demo-councillor-password"

DEMO_LOGINS = [
    DemoLogin(
        email="admin@keepitlocal.example",
        password=DEMO_ADMIN_PASSWORD,
        first_name="Demo",
        last_name="Administrator",
        description="staff superuser",
        is_superuser=True,
    ),
    DemoLogin(
        email="editor@keepitlocal.example",
        password=DEMO_EDITOR_PASSWORD,
        first_name="Demo",
        last_name="Editor",
        description="editor",
        group=EDITORS,
    ),
    DemoLogin(
        email="moderator@keepitlocal.example",
        password=DEMO_MODERATOR_PASSWORD,
        first_name="Demo",
        last_name="Moderator",
        description="moderator",
        group=MODERATORS,
    ),
    DemoLogin(
        email="officer@keepitlocal.example",
        password=DEMO_OFFICER_PASSWORD,
        first_name="Demo",
        last_name="Membership Officer",
        description="membership officer",
        group=MEMBERSHIP_OFFICERS,
    ),
    DemoLogin(
        email="events@keepitlocal.example",
        password=DEMO_EVENTS_PASSWORD,
        first_name="Demo",
        last_name="Event Manager",
        description="event manager",
        group=EVENT_MANAGERS,
    ),
    DemoLogin(
        email="councillor@keepitlocal.example",
        password=DEMO_COUNCILLOR_PASSWORD,
        first_name="Asha",
        last_name="Patel",
        description="councillor",
        # A member, not staff: members.demo gives the account its membership.
        is_staff=False,
    ),
]


class Command(BaseCommand):
    help = (
        "Load the demo site: home page, articles, standard pages, settings, a few local "
        "authorities and staff accounts with public demo passwords. Safe to run again: "
        "records are matched and updated, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. The demo accounts have published passwords: "
            "use this only on a throwaway database, never on a live site.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this may be a live site, and the demo content creates staff "
                "accounts with published passwords. Use --force only on a throwaway database."
            )
        try:
            with transaction.atomic():
                DemoLoader(self.stdout.write).load(DEMO_LOGINS)
        except DemoContentError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write("Demo logins (demo only: these passwords are public):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.description:<20} {login.email:<32} {login.password}")
