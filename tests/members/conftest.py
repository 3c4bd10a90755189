"""Fixtures shared by the membership tests."""

import pytest

from tests.members.membership_roles import membership_officer


@pytest.fixture
def officer(db):
    """A Membership officer: staff who decide applications."""
    return membership_officer(first_name="Olive", last_name="Officer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
