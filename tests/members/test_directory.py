import pytest

from members.models import Membership
from tests.factories import LocalAuthorityFactory, MembershipFactory, OrganisationFactory
from tests.members.membership_roles import (
    assert_listed_as_viewer_may_see,
    directory_viewers,
    listed_member,
)
from tests.query_counts import QUERY_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

URL = "/members/directory/"
PUBLIC = Membership.Visibility.PUBLIC
MEMBERS = Membership.Visibility.MEMBERS
HIDDEN = Membership.Visibility.HIDDEN


@pytest.fixture
def people():
    return {
        "public": listed_member("Publicia", PUBLIC, job_title="Leader of the council"),
        "members": listed_member("Membera", MEMBERS, bio="Happy to talk about social value."),
        "hidden": listed_member("Hiddenson", HIDDEN, job_title="Invisible role"),
        "pending": listed_member("Pendleton", PUBLIC, status=Membership.Status.PENDING),
        "rejected": listed_member("Rejecta", PUBLIC, status=Membership.Status.REJECTED),
        "lapsed": listed_member("Lapsey", PUBLIC, status=Membership.Status.LAPSED),
    }


NEVER_SHOWN = ["Hiddenson", "Invisible role", "Pendleton", "Rejecta", "Lapsey"]


@pytest.mark.parametrize("viewer", list(directory_viewers()))
def test_the_visibility_matrix(client, people, viewer):
    make = directory_viewers()[viewer]
    if make:
        client.force_login(make())
    response = client.get(URL)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    page = response.text
    assert_listed_as_viewer_may_see(page, viewer)
    for text in NEVER_SHOWN:
        assert text not in page
    for membership in people.values():
        assert membership.user.email not in page


@pytest.mark.parametrize("viewer", ["anonymous", "active member"])
def test_hidden_members_cannot_be_found_by_search_or_filters(client, people, viewer):
    if viewer == "active member":
        client.force_login(MembershipFactory(status="active").user)
    hidden = people["hidden"]
    for query in (
        {"q": "Hiddenson"},
        {"q": "Invisible"},
        {"local_authority": hidden.local_authority.gss_code},
        {"category": hidden.category, "q": "Hiddenson"},
    ):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert "Hiddenson Listed" not in response.text
        assert "Invisible role" not in response.text.split("</form>")[1]
    # Nor is their council offered as a filter unless someone visible belongs to it.
    assert hidden.local_authority.name not in client.get(URL).text


def test_anonymous_visitors_see_only_public_facts(client):
    membership = listed_member(
        "Olu",
        PUBLIC,
        category=Membership.Category.ORGANISATION,
        organisation=OrganisationFactory(name="Bramley Baths Trust"),
        bio="Members-only biography",
        ward="",
    )
    page = client.get(URL).text
    assert "Olu Listed" in page
    assert "Community organisation" in page
    assert "Bramley Baths Trust" in page
    assert membership.local_authority.name in page
    assert "Members-only biography" not in page
    assert membership.user.email not in page


def test_a_councillors_ward_and_council_are_shown(client):
    leeds = LocalAuthorityFactory(name="Leeds City Council", region="Yorkshire and the Humber")
    listed_member("Cllr", PUBLIC, local_authority=leeds, ward="Armley")
    page = client.get(URL).text
    assert "Armley" in page
    assert "Leeds City Council" in page
    assert "Yorkshire and the Humber" in page


@pytest.fixture
def spread():
    leeds = LocalAuthorityFactory(name="Leeds City Council", region="Yorkshire and the Humber")
    bristol = LocalAuthorityFactory(name="Bristol City Council", region="South West")
    return {
        "leeds_councillor": listed_member("Ada", PUBLIC, local_authority=leeds, ward="Armley"),
        "bristol_officer": listed_member(
            "Ben",
            PUBLIC,
            local_authority=bristol,
            category=Membership.Category.OFFICER,
            job_title="Head of commissioning",
            ward="",
        ),
        "leeds_organisation": listed_member(
            "Cai",
            PUBLIC,
            local_authority=leeds,
            category=Membership.Category.ORGANISATION,
            organisation=OrganisationFactory(name="Hyde Park Source"),
            ward="",
        ),
        "policy": listed_member(
            "Dee",
            PUBLIC,
            local_authority=None,
            category=Membership.Category.POLICY,
            organisation_name="Localis",
            ward="",
        ),
        "leeds": leeds,
        "bristol": bristol,
    }


def names(response):
    return {name for name in ("Ada", "Ben", "Cai", "Dee") if f"{name} Listed" in response.text}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Ada", "Ben", "Cai", "Dee"}),
        ({"category": "officer"}, {"Ben"}),
        ({"category": "organisation"}, {"Cai"}),
        ({"region": "South West"}, {"Ben"}),
        ({"region": "Yorkshire and the Humber"}, {"Ada", "Cai"}),
        ({"q": "ada"}, {"Ada"}),
        ({"q": "Ada Listed"}, {"Ada"}),
        ({"q": "hyde park"}, {"Cai"}),
        ({"q": "Localis"}, {"Dee"}),
        ({"q": "Bristol"}, {"Ben"}),
        ({"q": "commissioning"}, {"Ben"}),
        ({"q": "Armley"}, {"Ada"}),
        ({"q": "nobody-at-all"}, set()),
        ({"q": "Leeds", "category": "councillor"}, {"Ada"}),
    ],
)
def test_filters_and_search(client, spread, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert names(response) == expected


def test_filter_by_council(client, spread):
    response = client.get(URL, {"local_authority": spread["leeds"].gss_code})
    assert names(response) == {"Ada", "Cai"}
    assert f'<option value="{spread["leeds"].gss_code}" selected>' in response.text


@pytest.mark.parametrize(
    "query",
    [
        {"category": "wizard"},
        {"region": "Atlantis"},
        {"local_authority": "E99999999"},
        {"local_authority": "'; DROP TABLE members_membership; --"},
        {"q": "x" * 5000},
        {"q": "nul\x00byte"},
        {"q": '"(unbalanced AND OR*'},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"category": ["officer", "wizard"]},
    ],
)
def test_bad_parameters_are_ignored_never_an_error(client, spread, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert "Members' directory" in response.text


def test_bad_filters_are_ignored_while_good_ones_apply(client, spread):
    response = client.get(URL, {"category": "wizard", "region": "South West"})
    assert names(response) == {"Ben"}


def test_pagination(client):
    for number in range(25):
        MembershipFactory(
            user__first_name="Person",
            user__last_name=f"Number{number:02d}",
            status="active",
            directory_visibility=PUBLIC,
        )
    first = client.get(URL)
    assert "Page 1 of 2" in first.text
    assert "25 members listed." in first.text
    assert first.text.count('class="directory-entry"') == 20
    second = client.get(URL, {"page": 2})
    assert second.text.count('class="directory-entry"') == 5
    assert "Number24" in second.text
    assert "Number00" not in second.text


def test_the_filter_choices_hold_only_visible_councils(client, people, spread):
    page = client.get(URL).text
    assert "Leeds City Council" in page
    assert people["members"].local_authority.name not in page  # members-only listing
    client.force_login(MembershipFactory(status="active").user)
    assert people["members"].local_authority.name in client.get(URL).text


def test_script_in_a_listing_is_shown_as_text(client):
    listed_member(
        "Eve", PUBLIC, job_title="<script>alert(1)</script>", ward="<img src=x onerror=alert(1)>"
    )
    page = client.get(URL).text
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_directory_query_count_does_not_grow_with_listings(client):
    def count():
        return warm_query_count(client, URL)

    listed_member("First", PUBLIC, organisation=OrganisationFactory())
    few = count()
    for number in range(19):
        listed_member(f"Q{number}", PUBLIC, organisation=OrganisationFactory())
    assert count() == few
    assert few <= QUERY_BUDGET
