"""The members app's wiring, run once at start-up when the base imports every
app's ``signals`` module (network_site.app_modules.connect_signals): the
membership fee is registered as a payment purpose, cached permissions are
forgotten when groups or permissions change, and a staff session's clock starts
at sign-in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from network_site.payments.services import register_purpose

from . import auth_backends, fees
from .middleware import StaffSessionMiddleware, can_use_admin

register_purpose(fees.PURPOSE, fees.MembershipFeeHandler())
auth_backends.connect()


@receiver(user_logged_in, dispatch_uid="members.start_staff_session")
def start_staff_session(sender, request, user, **kwargs):
    """A staff session's clock starts at sign-in."""
    if request is not None and can_use_admin(user):
        StaffSessionMiddleware.start(request.session)
