"""Fixtures shared by the event request tests (events_index and manager come from
tests/events/conftest.py)."""

import pytest

from tests.factories import LocalAuthorityFactory


@pytest.fixture
def leeds(db):
    return LocalAuthorityFactory(name="Leeds City Council", region="Yorkshire and the Humber")


@pytest.fixture
def bristol(db):
    """A second authority, in another region than Leeds."""
    return LocalAuthorityFactory(name="Bristol City Council", region="South West")
