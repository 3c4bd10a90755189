"""Fixtures shared by the membership tests."""

import pytest

from network_site.roles import COMMUNICATIONS
from tests.members.membership_roles import membership_officer, signed_in_client, staff_in_group


@pytest.fixture
def officer(db):
    """A Membership officer: staff who decide applications."""
    return membership_officer(first_name="Olive", last_name="Officer")


officer_client = signed_in_client("officer")


@pytest.fixture
def comms(client):
    """Someone in the Communications group (who write bulletins), signed in."""
    user = staff_in_group(COMMUNICATIONS, email="comms@example.org")
    client.force_login(user)
    return user
