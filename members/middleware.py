"""Account security around the Wagtail admin."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


class StaffMFAMiddleware:
    """Keep the admin behind allauth.

    - Wagtail's own sign-in and password-reset pages send people to allauth's, so
      every admin sign-in is rate-limited and needs a verified address (and a second
      factor once enrolled).
    - With ``REQUIRE_STAFF_MFA`` on, someone who can use the admin but has no
      authenticator app is sent to enrol one before the admin opens.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_home = reverse("wagtailadmin_home")
        if request.path.startswith(admin_home):
            response = self.admin_response(request, admin_home)
            if response is not None:
                return response
        return self.get_response(request)

    def admin_response(self, request, admin_home):
        if request.path.startswith(reverse("wagtailadmin_login")):
            query = request.GET.urlencode()
            return redirect(reverse("account_login") + (f"?{query}" if query else ""))
        if request.path.startswith(reverse("wagtailadmin_password_reset")):
            return redirect("account_reset_password")
        if not settings.REQUIRE_STAFF_MFA or self.is_exempt(request.path):
            return None
        user = request.user
        if not user.is_authenticated or not self.can_use_admin(user):
            return None
        if is_mfa_enabled(user, [Authenticator.Type.TOTP]):
            return None
        messages.warning(
            request,
            "Set up an authenticator app before you use the admin: it keeps the site "
            "safe if your password is ever stolen.",
        )
        return redirect("mfa_activate_totp")

    @staticmethod
    def can_use_admin(user):
        return user.is_staff or user.has_perm("wagtailadmin.access_admin")

    @staticmethod
    def is_exempt(path):
        """The pages that enrol a second factor or sign out must stay reachable,
        wherever the admin is mounted."""
        exempt = (reverse("mfa_index"), reverse("account_logout"))
        return path.startswith(exempt)
