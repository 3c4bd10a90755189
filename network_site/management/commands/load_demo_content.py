from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from network_site.demo.loading import DemoContentError, DemoLoader, DemoLogin
from network_site.roles import EDITORS, EVENT_MANAGERS, MEMBERSHIP_OFFICERS, MODERATORS


def demo_login(name, description, last_name, *, first_name="Demo", **role):
    """The demo account ``name@keepitlocal.example`` with the password
    ``demo-name-password``: public and documented, for a laptop demo. Never use
    them anywhere real."""
    return DemoLogin(
        email=f"{name}@keepitlocal.example",
        password=f"demo-{name}-password",
        first_name=first_name,
        last_name=last_name,
        description=description,
        **role,
    )


DEMO_LOGINS = [
    demo_login("admin", "staff superuser", "Administrator", is_superuser=True),
    demo_login("editor", "editor", "Editor", group=EDITORS),
    demo_login("moderator", "moderator", "Moderator", group=MODERATORS),
    demo_login("officer", "membership officer", "Membership Officer", group=MEMBERSHIP_OFFICERS),
    demo_login("events", "event manager", "Event Manager", group=EVENT_MANAGERS),
    # A member, not staff: members.demo gives the account its membership.
    demo_login("councillor", "councillor", "Patel", first_name="Asha", is_staff=False),
    # The main contact of a community organisation's membership (members.demo).
    demo_login("organisation", "organisation", "Okafor", first_name="Femi", is_staff=False),
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
