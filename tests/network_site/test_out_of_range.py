"""Numbers too big for the database never make a 500: 2**63, 2**70 and a
10,000-digit number sent to choice fields, ids in URLs, query-string filters and
number fields each get a message beside the field or a 4xx, and save nothing.
Run on SQLite (which refuses integers over 2**63) and on PostgreSQL."""

import re

import pytest

from events.requests.models import EventRequest
from members.models import Membership, Organisation
from tests.events.requests.form_data import valid_data
from tests.factories import LocalAuthorityFactory
from tests.members.membership_roles import member_of, verified_user
from tests.routes import admin_listing_filters, url_patterns

pytestmark = pytest.mark.django_db

HUGE = [str(2**63), str(2**70), "9" * 10_000]
HUGE_IDS = ["huge-63", "huge-70", "huge-10000-digits"]


@pytest.fixture
def leeds(db):
    return LocalAuthorityFactory(name="Leeds City Council")


@pytest.fixture
def applicant(client):
    client.force_login(verified_user(first_name="", last_name=""))
    return client


# Choice fields


@pytest.mark.parametrize("huge", HUGE, ids=HUGE_IDS)
def test_the_join_forms_council_choices_refuse_a_huge_number(applicant, leeds, huge):
    organisation = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "category": "organisation",
        "organisation_name": "Chapeltown Community Trust",
        "organisation_income_band": "100k-1m",
        "organisation_authorities": [str(leeds.pk), huge],
        "organisation_role": "Director",
    }
    response = applicant.post("/members/join/", organisation)
    assert response.status_code == 400
    assert "organisation_authorities" in response.context["form"].errors
    councillor = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "category": "councillor",
        "councillor_authority": huge,
        "councillor_ward": "Headingley",
    }
    response = applicant.post("/members/join/", councillor)
    assert response.status_code == 400
    assert "councillor_authority" in response.context["form"].errors
    assert not Membership.objects.exists()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("huge", HUGE, ids=HUGE_IDS)
def test_the_event_request_form_refuses_huge_numbers(client, leeds, huge):
    client.force_login(member_of(leeds))
    for field, value in [
        ("local_authority", huge),
        ("co_host_organisations", [huge]),
        ("expected_attendees", huge),
        ("venue_capacity", huge),
    ]:
        response = client.post("/events/request/", valid_data(leeds, **{field: value}))
        assert response.status_code == 400, field
        assert field in response.context["form"].errors, field
    assert not EventRequest.objects.exists()


@pytest.mark.parametrize("huge", HUGE, ids=HUGE_IDS)
def test_the_directory_filter_ignores_a_huge_council(client, home_page, huge):
    client.force_login(verified_user())
    response = client.get("/members/directory/", {"local_authority": huge})
    assert response.status_code in (200, 400)


# Ids in URLs: every route of the site that takes a number


ROUTES = sorted({route for route, _ in url_patterns() if "<int:" in route})


def test_the_site_has_routes_with_ids():
    assert any(route.startswith("admin/memberships/") for route in ROUTES)
    assert "events/request/<int:pk>/" in ROUTES


@pytest.mark.parametrize("huge", HUGE, ids=HUGE_IDS)
def test_every_route_with_an_id_answers_a_huge_one_without_a_5xx(superuser_client, huge):
    # A 4xx, or a redirect to the listing with a message; Wagtail's release of an
    # editing session answers 200 whether or not the session exists.
    failures = []
    for route in ROUTES:
        url = "/" + re.sub(r"<int:\w+>", huge, route)
        url = re.sub(r"<(?:str|slug):\w+>", "x", url)
        for method in ("get", "post"):
            status = getattr(superuser_client, method)(url).status_code
            if status >= 500 or (method == "get" and status == 200):
                failures.append(f"{method.upper()} /{route}: {status}")
    assert failures == []


# Query-string filters of every admin listing


@pytest.mark.parametrize("huge", HUGE, ids=HUGE_IDS)
def test_every_admin_listing_filter_refuses_a_huge_number(superuser_client, huge):
    checked = 0
    failures = []
    for listing, parameters in admin_listing_filters(superuser_client):
        for name in parameters:
            checked += 1
            for url in (listing, listing + "results/"):
                status = superuser_client.get(url, {name: huge}).status_code
                if status >= 500:
                    failures.append(f"{url}?{name}=…: {status}")
    assert checked >= 5  # the listings do have filters: the walk found them
    assert failures == []
