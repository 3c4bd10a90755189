"""The membership screens of the admin: each role against each page, filters, search,
export, the detail view with its decision history, approve/reject and bulk approval."""

import pytest
from django.core import mail

from members.models import Membership, MembershipDecision
from tests.exports import csv_records, xlsx_sheet
from tests.factories import LocalAuthorityFactory, MembershipFactory, OrganisationFactory
from tests.members.membership_roles import (
    ROLES,
    admin_refused,
    assert_reads,
    sign_in,
    user_in_role,
)

pytestmark = pytest.mark.django_db

LISTING = "/admin/memberships/"


def inspect_url(membership):
    return f"/admin/memberships/inspect/{membership.pk}/"


def approve_url(membership):
    return f"/admin/memberships/approve/{membership.pk}/"


def reject_url(membership):
    return f"/admin/memberships/reject/{membership.pk}/"


@pytest.fixture
def application(db):
    return MembershipFactory(
        user__first_name="Ada",
        user__last_name="Lovelace",
        user__email="ada@example.org",
        local_authority=LocalAuthorityFactory(name="Leeds City Council", region="Yorkshire"),
    )


# Each role against each page

EXPECTED = {
    # role: (sees the listing and detail, may decide)
    "anonymous": (False, False),
    "member": (False, False),
    "staff": (False, False),
    "officer": (True, True),
    "superuser": (True, True),
}


def refused(response):
    return admin_refused(
        response, ("/admin/memberships/", "/admin/organisations/", "/admin/local_authorities/")
    )


@pytest.mark.parametrize("role", ROLES)
def test_listing_and_detail_by_role(client, application, role):
    sign_in(client, role)
    sees, _ = EXPECTED[role]
    urls = [LISTING, inspect_url(application)]
    for response in assert_reads(client, urls, allowed=sees, refused=refused):
        assert (b"Ada Lovelace" in response.content) == sees


@pytest.mark.parametrize("role", ROLES)
def test_approve_by_role(client, application, role, commit):
    sign_in(client, role)
    _, decides = EXPECTED[role]
    assert (client.get(approve_url(application)).status_code == 200) is decides
    with commit():
        response = client.post(approve_url(application), {"reason": ""})
    application.refresh_from_db()
    if decides:
        assert response.status_code == 302
        assert response["Location"] == inspect_url(application)
        assert application.status == Membership.Status.ACTIVE
        assert (
            str(MembershipDecision.objects.get().decided_by.pk) == client.session["_auth_user_id"]
        )
        assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    else:
        assert refused(response)
        assert application.status == Membership.Status.PENDING
        assert not MembershipDecision.objects.exists()
        assert mail.outbox == []


@pytest.mark.parametrize("role", ROLES)
def test_reject_by_role(client, application, role):
    sign_in(client, role)
    _, decides = EXPECTED[role]
    response = client.post(reject_url(application), {"reason": "Not a UK council"})
    application.refresh_from_db()
    if decides:
        assert response.status_code == 302
        assert application.status == Membership.Status.REJECTED
        assert MembershipDecision.objects.get().reason == "Not a UK council"
    else:
        assert refused(response)
        assert application.status == Membership.Status.PENDING


def test_a_member_cannot_approve_their_own_application(client, application):
    client.force_login(application.user)
    response = client.post(approve_url(application))
    assert refused(response)
    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING


# Deciding through the screens


def test_reject_without_a_reason_is_refused_beside_the_field(officer_client, application):
    response = officer_client.post(reject_url(application), {"reason": "  "})
    assert response.status_code == 400
    assert b"Give a reason" in response.content
    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING


def test_approving_twice_is_refused_with_a_message(officer_client, application):
    officer_client.post(approve_url(application))
    page = officer_client.get(approve_url(application))
    assert b"already been decided" in page.content
    response = officer_client.post(approve_url(application), follow=True)
    assert b"already active and cannot be decided again" in response.content
    assert MembershipDecision.objects.count() == 1


def test_decision_pages_answer_404_for_unknown_applications(officer_client):
    assert officer_client.get("/admin/memberships/approve/999999/").status_code == 404
    assert officer_client.post("/admin/memberships/reject/abc/", {"reason": "x"}).status_code in (
        404,
    )


def test_decision_returns_to_the_listing_it_came_from(officer_client, application):
    response = officer_client.post(
        approve_url(application) + "?next=/admin/memberships/%3Fstatus%3Dpending"
    )
    assert response["Location"] == "/admin/memberships/?status=pending"
    response = officer_client.post(
        reject_url(MembershipFactory()) + "?next=https://evil.example.com/", {"reason": "No"}
    )
    assert "evil" not in response["Location"]


def test_detail_shows_everything_and_the_decision_history(officer_client, application):
    page = officer_client.get(inspect_url(application)).content.decode()
    assert "waiting for a decision" in page
    assert approve_url(application) in page
    assert reject_url(application) in page
    assert "No decision yet." in page
    officer_client.post(reject_url(application), {"reason": "<b>Not</b> eligible"})
    page = officer_client.get(inspect_url(application)).content.decode()
    assert "Leeds City Council" in page
    assert "Headingley" in page
    assert "Rejected" in page
    assert "&lt;b&gt;Not&lt;/b&gt; eligible" in page
    assert "waiting for a decision" not in page


def test_listing_links_approve_and_reject_for_pending_only(officer_client, application):
    active = MembershipFactory(status=Membership.Status.ACTIVE)
    page = officer_client.get(LISTING).content.decode()
    assert approve_url(application) in page
    assert approve_url(active) not in page
    assert "data-bulk-action-checkbox" in page


def test_memberships_cannot_be_added_in_the_admin(client):
    client.force_login(user_in_role("superuser"))
    assert client.get("/admin/memberships/new/").status_code in (302, 403)
    assert b'href="/admin/memberships/new/"' not in client.get(LISTING).content


# Listing: filters, search, export


@pytest.fixture
def memberships(db):
    leeds = LocalAuthorityFactory(name="Leeds City Council", region="Yorkshire and the Humber")
    cardiff = LocalAuthorityFactory(name="Cardiff Council", region="Wales", nation="wales")
    return {
        "leeds_councillor": MembershipFactory(
            user__first_name="Lena", user__last_name="Leeds", local_authority=leeds
        ),
        "cardiff_officer": MembershipFactory(
            user__first_name="Carys",
            user__last_name="Cardiff",
            category="officer",
            local_authority=cardiff,
            status=Membership.Status.ACTIVE,
        ),
        "trust": MembershipFactory(
            user__first_name="Tom",
            user__last_name="Trust",
            user__email="tom@trust.example.org",
            category="organisation",
            local_authority=leeds,
            organisation=OrganisationFactory(name="Harehills Food Trust"),
            organisation_name="Harehills Food Trust",
            fee_due=50,
        ),
    }


def listed(response):
    return {row.user.first_name for row in response.context["object_list"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "officer"}, {"Carys"}),
        ({"status": "pending"}, {"Lena", "Tom"}),
        ({"region": "Wales"}, {"Carys"}),
        ({"q": "harehills"}, {"Tom"}),
        ({"q": "trust.example"}, {"Tom"}),
        ({"q": "Cardiff"}, {"Carys"}),
    ],
)
def test_listing_filters_and_search(officer_client, memberships, query, expected):
    response = officer_client.get(LISTING, query)
    assert response.status_code == 200
    assert listed(response) == expected


def test_listing_filters_by_local_authority(officer_client, memberships):
    leeds = memberships["leeds_councillor"].local_authority
    response = officer_client.get(LISTING, {"local_authority": leeds.pk})
    assert listed(response) == {"Lena", "Tom"}


def test_export_csv(officer_client, memberships):
    response = officer_client.get(LISTING, {"export": "csv", "category": "organisation"})
    rows = csv_records(response)
    assert len(rows) == 1
    row = rows[0]
    assert row["Name"] == "Tom Trust"
    assert row["Email"] == "tom@trust.example.org"
    assert row["Category"] == "Community organisation"
    assert row["Organisation"] == "Harehills Food Trust"
    assert row["Region"] == "Yorkshire and the Humber"
    assert row["Fee due"] == "50.00"


def test_export_xlsx(officer_client, memberships):
    response = officer_client.get(LISTING, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = xlsx_sheet(response)
    rows = list(sheet.values)
    assert rows[0][:3] == ("Name", "Email", "Category")
    assert len(rows) == 4


# Bulk approval


def bulk_url(*memberships):
    ids = "&".join(f"id={m.pk}" for m in memberships)
    return f"/admin/bulk/members/membership/approve/?next=/admin/memberships/&{ids}"


def test_bulk_approve_records_a_decision_for_each(officer_client, memberships, commit):
    pending = [memberships["leeds_councillor"], memberships["trust"]]
    active = memberships["cardiff_officer"]
    page = officer_client.get(bulk_url(*pending, active))
    assert page.status_code == 200
    assert b"will not be approved" in page.content
    with commit():
        response = officer_client.post(bulk_url(*pending, active))
    assert response.status_code == 302
    # Approved: the free councillor is active at once; the trust waits for its fee.
    expected = {"leeds_councillor": Membership.Status.ACTIVE, "trust": "awaiting-payment"}
    for name, status in expected.items():
        membership = memberships[name]
        membership.refresh_from_db()
        assert membership.status == status
        assert membership.decisions.get().outcome == "approved"
    assert not active.decisions.exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in pending)


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
def test_bulk_approve_refused_to_others(client, memberships, role):
    sign_in(client, role)
    response = client.post(bulk_url(memberships["leeds_councillor"]))
    assert refused(response)
    memberships["leeds_councillor"].refresh_from_db()
    assert memberships["leeds_councillor"].status == Membership.Status.PENDING


# Organisations and local authorities


def test_local_authority_shows_its_members_and_organisations(officer_client, memberships):
    leeds = memberships["leeds_councillor"].local_authority
    memberships["trust"].organisation.local_authorities.add(leeds)
    page = officer_client.get(f"/admin/local_authorities/inspect/{leeds.pk}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Lena Leeds" in content
    assert "Tom Trust" in content
    assert "Carys" not in content
    assert "Harehills Food Trust" in content


def test_officer_can_view_but_not_change_organisations_and_authorities(officer_client, memberships):
    organisation = memberships["trust"].organisation
    assert officer_client.get("/admin/organisations/").status_code == 200
    assert officer_client.get(f"/admin/organisations/inspect/{organisation.pk}/").status_code == 200
    assert refused(officer_client.get(f"/admin/organisations/edit/{organisation.pk}/"))
    assert refused(officer_client.get("/admin/local_authorities/new/"))


def test_members_menu_groups_the_three_screens(officer_client):
    page = officer_client.get("/admin/").content.decode()
    for label in ["Members", "Memberships", "Organisations", "Local authorities"]:
        assert label in page
