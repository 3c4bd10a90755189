"""People in each role the membership screens care about, for the membership tests."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from network_site.roles import MEMBERSHIP_OFFICERS
from tests.factories import UserFactory

ROLES = ["anonymous", "member", "staff", "officer", "superuser"]


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def membership_officer(**kwargs):
    user = verified_user(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=MEMBERSHIP_OFFICERS))
    return user


def user_in_role(role):
    """None for anonymous; otherwise a signed-up person with a verified address."""
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
    if role == "superuser":
        return verified_user(is_staff=True, is_superuser=True)
    raise ValueError(role)
