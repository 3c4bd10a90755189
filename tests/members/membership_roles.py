"""People in each role the membership, event and payment screens care about, for the
tests of those screens."""

from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from network_site.roles import EVENT_MANAGERS, MEMBERSHIP_OFFICERS
from tests.factories import UserFactory

ROLES = ["anonymous", "member", "staff", "officer", "superuser"]


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def reviewer(password):
    """Rhys, the superuser who reviews event requests in the browser journeys."""
    return verified_user(
        email="reviewer@example.org",
        first_name="Rhys",
        last_name="Reviewer",
        password=password,
        is_staff=True,
        is_superuser=True,
    )


def membership_officer(**kwargs):
    user = verified_user(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=MEMBERSHIP_OFFICERS))
    return user


def event_manager(**kwargs):
    user = verified_user(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=EVENT_MANAGERS))
    return user


def user_in_role(role):
    """None for anonymous; otherwise a signed-up person with a verified address:
    member, staff (an Editor), officer (Membership officer), manager (Event manager),
    superuser."""
    if role == "anonymous":
        return None
    if role == "member":
        return verified_user()
    if role == "staff":
        # Staff with admin access but not a membership officer (e.g. an editor).
        user = verified_user(is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
        return user
    if role == "officer":
        return membership_officer()
    if role == "manager":
        return event_manager()
    if role == "superuser":
        return verified_user(is_staff=True, is_superuser=True)
    raise ValueError(role)


def sign_in(client, role):
    """Sign ``client`` in as a new person in ``role`` (no one for anonymous)."""
    user = user_in_role(role)
    if user is not None:
        client.force_login(user)
    return user


def admin_refused(response, path):
    """The admin refuses by a redirect away from ``path`` (or any of a tuple of paths:
    to sign in, or to the dashboard with a message) or by 403."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and not urlsplit(response["Location"]).path.startswith(path)
