import getpass
import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from network_site.site_setup import SiteSetupError, set_up_site

PASSWORD_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Set up a fresh production site: the home page, article and events indexes, the "
        "about, privacy and accessibility pages (placeholder words to replace), the menus "
        "and staff roles, and the first superuser. Safe to run again: what exists is kept "
        "as it is, only what is missing is added."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--superuser-email",
            help="Make this address the first superuser (if there is no superuser yet). The "
            f"password comes from {PASSWORD_VARIABLE}, or is asked for.",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Never prompt: the password must be in {PASSWORD_VARIABLE}.",
        )

    def handle(self, *args, superuser_email=None, interactive=True, **options):
        password = None
        if superuser_email:
            try:
                validate_email(superuser_email)
            except ValidationError as error:
                raise CommandError(f"{superuser_email!r} is not an email address.") from error
            if not self.superuser_exists():
                password = self.password(superuser_email, interactive)
        try:
            with transaction.atomic():
                set_up_site(self.stdout.write)
                if password:
                    self.create_superuser(superuser_email, password)
        except SiteSetupError as error:
            raise CommandError(str(error)) from error
        if superuser_email and not password:
            self.stdout.write("There is a superuser already: no other was made.")
        elif not superuser_email and not self.superuser_exists():
            self.stdout.write(
                "No superuser yet: run again with --superuser-email to make the first."
            )
        self.stdout.write(self.style.SUCCESS("The site is set up."))

    def superuser_exists(self):
        return get_user_model().objects.filter(is_superuser=True).exists()

    def password(self, email, interactive):
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password and interactive:
            password = getpass.getpass(f"Password for {email}: ")
            if password != getpass.getpass("The same password again: "):
                raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError(f"Give the superuser's password in {PASSWORD_VARIABLE}.")
        user = get_user_model()(email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password

    def create_superuser(self, email, password):
        user = get_user_model().objects.create_superuser(email=email, password=password)
        # The address is the one the operator typed: verified, so they can sign in
        # (and enrol their authenticator app, which the admin asks for first).
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        self.stdout.write(f"Made {email} the first superuser.")
