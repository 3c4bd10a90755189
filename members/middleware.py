"""Account security around the pages that show other people's personal data:
the Wagtail admin and the hosts' attendee lists."""

import time
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse


def can_use_admin(user):
    return user.is_staff or user.has_perm("wagtailadmin.access_admin")


class StaffMFAMiddleware:
    """Keep the admin behind allauth, and personal data behind a second factor.

    - Wagtail's own sign-in and password-reset pages send people to allauth's, so
      every admin sign-in is rate-limited and needs a verified address (and a second
      factor once enrolled).
    - With ``REQUIRE_STAFF_MFA`` on, someone who can use the admin but has no
      authenticator app is sent to enrol one before the admin opens; so is a
      host contact before the hosting pages (attendee lists, their export).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_home = reverse("wagtailadmin_home")
        if request.path.startswith(admin_home):
            response = self.admin_response(request, admin_home)
            if response is not None:
                return response
        elif request.path.startswith(reverse("members:hosting")):
            response = self.hosting_response(request)
            if response is not None:
                return response
        return self.get_response(request)

    def hosting_response(self, request):
        """A host contact sees the names and addresses of an event's attendees: with
        ``REQUIRE_STAFF_MFA`` on, only after enrolling a second factor too."""
        if not request.user.is_authenticated:
            return None
        return self.enrol_first(
            request,
            "Set up an authenticator app before you see who is coming to the events you "
            "host: it keeps their details safe if your password is ever stolen.",
        )

    def admin_response(self, request, admin_home):
        if request.path.startswith(reverse("wagtailadmin_login")):
            query = request.GET.urlencode()
            return redirect(reverse("account_login") + (f"?{query}" if query else ""))
        if request.path.startswith(reverse("wagtailadmin_password_reset")):
            return redirect("account_reset_password")
        user = request.user
        if self.is_exempt(request.path) or not user.is_authenticated or not can_use_admin(user):
            return None
        return self.enrol_first(
            request,
            "Set up an authenticator app before you use the admin: it keeps the site "
            "safe if your password is ever stolen.",
        )

    @staticmethod
    def enrol_first(request, why):
        """With ``REQUIRE_STAFF_MFA`` on, someone without an authenticator app is
        sent to enrol one, told ``why``."""
        if not settings.REQUIRE_STAFF_MFA:
            return None
        if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
            return None
        messages.warning(request, why)
        return redirect("mfa_activate_totp")

    @staticmethod
    def is_exempt(path):
        """The pages that enrol a second factor or sign out must stay reachable,
        wherever the admin is mounted."""
        exempt = (reverse("mfa_index"), reverse("account_logout"))
        return path.startswith(exempt)


class StaffSessionMiddleware:
    """A session of someone who can use the admin ends after
    ``STAFF_SESSION_IDLE_SECONDS`` without a request and ``STAFF_SESSION_MAX_SECONDS``
    after it began, whatever the cookie says: an unattended or stolen staff session
    stops being useful. The last request is written to the session at most once a
    minute, not on every request."""

    STARTED = "staff_session_started"
    SEEN = "staff_session_seen"
    WRITE_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and can_use_admin(user):
            now = int(time.time())
            session = request.session
            if self.STARTED not in session:  # signed in before this middleware ran
                self.start(session)
            started = session[self.STARTED]
            seen = session.get(self.SEEN, now)
            if (
                now - seen > settings.STAFF_SESSION_IDLE_SECONDS
                or now - started > settings.STAFF_SESSION_MAX_SECONDS
            ):
                return self.signed_out(request)
            if now - seen >= self.WRITE_EVERY:
                session[self.SEEN] = now
        return self.get_response(request)

    @classmethod
    def start(cls, session):
        session[cls.STARTED] = session[cls.SEEN] = int(time.time())

    def signed_out(self, request):
        logout(request)
        messages.info(
            request,
            "You were signed out because your session with the admin had run its time. "
            "Sign in again to carry on.",
        )
        login = reverse("account_login")
        if request.method == "GET":
            login += "?" + urlencode({"next": request.get_full_path()})
        return redirect(login)
