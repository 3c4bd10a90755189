"""Permissions come from the shared cache (members.auth_backends), and a change to
who has which permission takes effect on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission

from members.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERMISSION = "event_requests.change_eventrequest"


def fresh(user):
    """The person as the next request loads them (no per-request cache)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def reviewers():
    group = Group.objects.create(name="Request reviewers (test)")
    group.permissions.add(Permission.objects.get(codename="change_eventrequest"))
    return group


def test_a_second_request_reads_permissions_from_the_cache(django_assert_num_queries):
    user = UserFactory()
    assert not fresh(user).has_perm(PERMISSION)
    again = fresh(user)
    with django_assert_num_queries(0):
        assert not again.has_perm(PERMISSION)


def test_joining_and_leaving_a_group_take_effect_at_once(reviewers):
    user = UserFactory()
    assert not fresh(user).has_perm(PERMISSION)
    user.groups.add(reviewers)
    assert fresh(user).has_perm(PERMISSION)
    user.groups.remove(reviewers)
    assert not fresh(user).has_perm(PERMISSION)


def test_a_group_losing_a_permission_takes_effect_at_once(reviewers):
    user = UserFactory()
    user.groups.add(reviewers)
    assert fresh(user).has_perm(PERMISSION)
    reviewers.permissions.clear()
    assert not fresh(user).has_perm(PERMISSION)


def test_becoming_a_superuser_or_inactive_takes_effect_at_once():
    user = UserFactory()
    assert not fresh(user).has_perm(PERMISSION)
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert fresh(user).has_perm(PERMISSION)
    user = fresh(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert not fresh(user).has_perm(PERMISSION)
