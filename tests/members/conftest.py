"""Fixtures shared by the membership tests."""

import pytest

from tests.factories import LocalAuthorityFactory
from tests.members.membership_roles import membership_officer


@pytest.fixture
def officer(db):
    """A Membership officer: staff who decide applications."""
    return membership_officer(first_name="Olive", last_name="Officer")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def leeds(db):
    return LocalAuthorityFactory(
        gss_code="E08000035",
        name="Leeds City Council",
        short_name="Leeds",
        nation="england",
        region="Yorkshire and The Humber",
        authority_type="Metropolitan district",
    )


@pytest.fixture
def bristol(db):
    return LocalAuthorityFactory(
        gss_code="E06000023",
        name="Bristol City Council",
        short_name="City of Bristol",
        slug="bristol",
        nation="england",
        region="South West",
        authority_type="Unitary authority",
    )
