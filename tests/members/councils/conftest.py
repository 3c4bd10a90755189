"""The council pages' fixtures: two councils, and the event tests' fixtures (the
pages show events)."""

import pytest

from tests.events.conftest import events_index, make_event
from tests.factories import LocalAuthorityFactory

__all__ = ["events_index", "make_event"]


@pytest.fixture
def leeds(db):
    return LocalAuthorityFactory(
        name="Leeds City Council",
        short_name="Leeds",
        gss_code="E08000035",
        region="Yorkshire and The Humber",
        authority_type="Metropolitan district",
    )


@pytest.fixture
def bristol(db):
    return LocalAuthorityFactory(
        name="Bristol City Council",
        short_name="Bristol",
        gss_code="E06000023",
        region="South West",
        authority_type="Unitary authority",
    )
