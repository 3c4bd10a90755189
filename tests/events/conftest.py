"""Fixtures shared by the event tests (and the event request tests below them)."""

import pytest

from tests.factories import EventIndexPageFactory, EventPageFactory
from tests.members.membership_roles import event_manager, signed_in_client


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
        online=True,
        online_joining_details="https://meet.example.org/secret-room",
    )


@pytest.fixture
def manager(db):
    """An Event manager: staff who run events and review requests."""
    return event_manager(first_name="Mina", last_name="Manager")


manager_client = signed_in_client("manager")
