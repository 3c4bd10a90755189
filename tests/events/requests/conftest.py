"""Fixtures shared by the event request tests."""

import pytest
from django.contrib.auth.models import Group

from network_site.roles import EVENT_MANAGERS
from tests.factories import EventIndexPageFactory, LocalAuthorityFactory
from tests.members.membership_roles import verified_user


@pytest.fixture
def events_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def leeds(db):
    return LocalAuthorityFactory(name="Leeds City Council", region="Yorkshire and the Humber")


@pytest.fixture
def manager(db):
    """An Event manager: staff who review requests."""
    user = verified_user(is_staff=True, first_name="Mina", last_name="Manager")
    user.groups.add(Group.objects.get(name=EVENT_MANAGERS))
    return user
