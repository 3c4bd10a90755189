"""Fixtures shared by the event tests (and the event request tests below them)."""

import pytest
from django.contrib.auth.models import Group

from network_site.roles import EVENT_MANAGERS
from tests.factories import EventIndexPageFactory, EventPageFactory
from tests.members.membership_roles import verified_user


@pytest.fixture
def events_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def make_event(events_index):
    """make_event(**fields): an event page under the events index."""

    def make(**fields):
        return EventPageFactory(parent=events_index, **fields)

    return make


@pytest.fixture
def online_event(events_index):
    """An online event whose joining details only confirmed attendees may see."""
    return EventPageFactory(
        parent=events_index,
        format="online",
        venue=None,
        online_joining_details="https://meet.example.org/secret-room",
    )


@pytest.fixture
def manager(db):
    """An Event manager: staff who run events and review requests."""
    user = verified_user(is_staff=True, first_name="Mina", last_name="Manager")
    user.groups.add(Group.objects.get(name=EVENT_MANAGERS))
    return user


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
