"""Importing elections from a CSV, as a service and through the admin screen:
all or nothing, every bad row reported with its line."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.elections.importing import import_elections
from members.elections.models import Election
from network_site.refusals import Refused
from tests.members.membership_roles import user_in_role

from .conftest import PERIOD_STARTS, POLLING_DAY

pytestmark = pytest.mark.django_db
D = datetime.date
IMPORT_URL = "/admin/elections/import/"

GOOD = (
    "gss_code,authority,polling_day,period_starts\n"
    "E08000035,,2027-05-06,\n"
    ",City of Bristol,06/05/2027,2027-03-20\n"
)


def test_a_good_file_creates_every_election(leeds, bristol):
    result = import_elections(GOOD.encode())
    assert (result.created, result.updated, result.unchanged, result.errors) == (2, 0, 0, [])
    leeds_election = Election.objects.get(authority=leeds)
    assert (leeds_election.polling_day, leeds_election.period_starts) == (
        POLLING_DAY,
        PERIOD_STARTS,
    )
    assert Election.objects.get(authority=bristol).period_starts == D(2027, 3, 20)


def test_the_same_file_twice_changes_nothing_and_a_new_start_updates(leeds, bristol):
    import_elections(GOOD)
    assert import_elections(GOOD).unchanged == 2
    changed = GOOD.replace("2027-03-20", "2027-03-25")
    result = import_elections(changed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Election.objects.get(authority=bristol).period_starts == D(2027, 3, 25)


def test_authorities_are_found_by_name_short_name_slug_or_code_in_any_case(leeds):
    for which in ("leeds city council", "LEEDS", "leeds", "e08000035"):
        Election.objects.all().delete()
        assert import_elections(f"authority,polling_day\n{which},2027-05-06\n").created == 1


def test_bad_rows_save_nothing_and_each_is_reported_with_its_line(leeds, bristol):
    data = (
        "gss_code,polling_day,period_starts\n"
        "E08000035,2027-05-06,\n"  # line 2: good
        "E09999999,2027-05-06,\n"  # line 3: unknown authority
        "E06000023,next May,\n"  # line 4: not a date
        "E06000023,2027-05-06,2027-05-20\n"  # line 5: starts after polling day
        "E08000035,2027-05-06,\n"  # line 6: duplicate of line 2
        ",2027-05-06,\n"  # line 7: no authority
        "E06000023,,\n"  # line 8: no polling day
    )
    result = import_elections(data)
    assert not result.saved
    assert not Election.objects.exists()
    messages = {error.line: error.message for error in result.errors}
    assert messages == {
        3: "no local authority “E09999999”",
        4: "polling day “next May” is not a date: write it as 2027-05-06 or 06/05/2027",
        5: "the pre-election period starts after polling day",
        6: "Leeds City Council on 6 May 2027 is already on line 2",
        7: "no GSS code or authority",
        8: "no polling day",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,day\nLeeds,2027-05-06\n", "needs a gss_code or an authority column"),
        (b"gss_code\nE08000035\n", "needs a polling_day column"),
        (b"gss_code,polling_day\n", "has no elections in it"),
        ("gss_code,polling_day\nLeeds,2027-05-06\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_an_unreadable_file_is_refused_whole(leeds, data, message):
    with pytest.raises(Refused, match=message):
        import_elections(data)


# The admin screen


def upload(text, name="elections.csv"):
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, "text/csv")


def test_the_listing_links_to_the_import(officer_client, leeds_election):
    page = officer_client.get(reverse("elections:index")).content.decode()
    assert IMPORT_URL in page
    assert "Leeds City Council" in page


def test_importing_through_the_admin(officer_client, leeds, bristol):
    response = officer_client.post(IMPORT_URL, {"file": upload(GOOD)})
    assert response.status_code == 302
    assert response.url == reverse("elections:index")
    assert Election.objects.count() == 2
    page = officer_client.get(response.url).content.decode()
    assert "Imported: 2 new, 0 updated, 0 unchanged." in page


def test_bad_rows_come_back_listed_and_nothing_is_saved(officer_client, leeds):
    data = "gss_code,polling_day\nE08000035,2027-05-06\nE09999999,2027-05-06\n"
    response = officer_client.post(IMPORT_URL, {"file": upload(data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 1 row needs correcting." in page
    assert "<td>3</td>" in page
    assert "no local authority “E09999999”" in page
    assert not Election.objects.exists()


def test_an_unreadable_file_or_none_is_refused_beside_the_field(officer_client, leeds):
    response = officer_client.post(IMPORT_URL, {"file": upload(b"\xff\xfe\x00junk")})
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
    assert officer_client.post(IMPORT_URL, {}).status_code == 400
    assert not Election.objects.exists()


def test_staff_without_the_permission_cannot_import(client, leeds):
    client.force_login(user_in_role("staff"))  # an Editor
    response = client.post(IMPORT_URL, {"file": upload(GOOD)})
    assert response.status_code == 302  # the admin's "permission denied"
    assert not Election.objects.exists()
