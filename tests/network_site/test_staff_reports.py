"""The staff reports (Wagtail ReportViews in the Reports menu): members by local
authority and event attendance over time, each exportable as CSV and XLSX, each
for the staff whose role covers it."""

import datetime

import pytest
from django.utils import timezone

from events.models import Registration
from members.models import Membership
from tests.exports import csv_lines, xlsx_lines
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    RegistrationFactory,
)
from tests.members.membership_roles import admin_refused, event_manager, membership_officer

MEMBERS = "/admin/reports/members-by-authority/"
ATTENDANCE = "/admin/reports/event-attendance/"


@pytest.fixture
def network(home_page):
    leeds = LocalAuthorityFactory(name="Leeds City Council", region="Yorkshire and the Humber")
    york = LocalAuthorityFactory(name="City of York Council", region="Yorkshire and the Humber")
    LocalAuthorityFactory(name="A council with no members")
    MembershipFactory.create_batch(2, local_authority=leeds, status=Membership.Status.ACTIVE)
    MembershipFactory(
        local_authority=leeds,
        category=Membership.Category.OFFICER,
        status=Membership.Status.ACTIVE,
    )
    MembershipFactory(local_authority=leeds, status=Membership.Status.LAPSED)
    MembershipFactory(local_authority=york)  # an application waiting
    index = EventIndexPageFactory(parent=home_page)
    now = timezone.now()
    held = EventPageFactory(
        parent=index,
        title="Care closer to home",
        start=now - datetime.timedelta(days=20),
        end=now - datetime.timedelta(days=20, hours=-3),
        capacity=40,
    )
    RegistrationFactory.create_batch(3, event=held, status=Registration.Status.ATTENDED)
    RegistrationFactory(event=held)
    RegistrationFactory(event=held, status=Registration.Status.CANCELLED)
    EventPageFactory(parent=index, title="Still to come")
    return {"leeds": leeds, "york": york, "held": held}


def test_members_by_local_authority_counts_active_members_by_category(client, network):
    client.force_login(membership_officer())
    response = client.get(MEMBERS)
    assert response.status_code == 200
    html = response.text
    assert "Leeds City Council" in html
    assert "A council with no members" not in html
    assert f'href="/admin/memberships/?local_authority={network["leeds"].pk}"' in html
    rows = csv_lines(client.get(MEMBERS, {"export": "csv"}))
    assert rows[0] == [
        "Local authority",
        "GSS code",
        "Region",
        "Councillors",
        "Officers and commissioners",
        "Active members",
        "Applications waiting",
    ]
    by_name = {row[0]: row[3:] for row in rows[1:]}
    assert by_name == {
        "City of York Council": ["0", "0", "0", "1"],
        "Leeds City Council": ["2", "1", "3", "0"],
    }
    sheet = xlsx_lines(client.get(MEMBERS, {"export": "xlsx"}))
    assert sheet[0][0] == "Local authority"
    assert [row[0] for row in sheet[1:]] == ["City of York Council", "Leeds City Council"]
    assert sheet[2][3:] == [2, 1, 3, 0]


def test_event_attendance_counts_places_taken_and_people_checked_in(client, network):
    client.force_login(event_manager())
    response = client.get(ATTENDANCE)
    assert response.status_code == 200
    assert "Care closer to home" in response.text
    assert "Still to come" not in response.text
    rows = csv_lines(client.get(ATTENDANCE, {"export": "csv"}))
    assert rows[0] == [
        "Event",
        "Held on",
        "Places",
        "Places taken",
        "Attended (checked in)",
        "Attended, of places taken (%)",
    ]
    [held] = rows[1:]
    assert held[0] == "Care closer to home"
    assert held[2:] == ["40", "4", "3", "75"]
    sheet = xlsx_lines(client.get(ATTENDANCE, {"export": "xlsx"}))
    assert sheet[1][0] == "Care closer to home"
    assert sheet[1][2:] == [40, 4, 3, 75]


def test_each_report_is_for_the_role_it_serves(client, network):
    client.force_login(membership_officer())
    assert admin_refused(client.get(ATTENDANCE), ATTENDANCE)
    menu = client.get("/admin/").text
    assert "Members by local authority" in menu
    assert "Event attendance" not in menu
    client.force_login(event_manager())
    assert admin_refused(client.get(MEMBERS), MEMBERS)
    assert client.get(ATTENDANCE, {"export": "csv"}).status_code == 200
    client.logout()
    assert admin_refused(client.get(MEMBERS), MEMBERS)
