"""Fixtures shared by the event tests (and the event request tests below them)."""

import pytest

from tests.factories import EventPageFactory
from tests.members.membership_roles import event_manager, signed_in_client


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
