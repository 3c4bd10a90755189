"""The Elections screens: who may use them, recording one by hand (the start
left blank takes the default), and the confirmations shown on an election."""

import datetime

import pytest
from django.urls import reverse

from members.elections import services
from members.elections.models import Election
from tests.members.membership_roles import event_manager, membership_officer, user_in_role

from .conftest import PERIOD_STARTS, POLLING_DAY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("member", 302), ("staff", 302), ("officer", 200), ("manager", 200)],
)
def test_who_may_open_the_elections(client, leeds_election, role, expected):
    user = user_in_role(role)
    if user:
        client.force_login(user)
    for url in (
        reverse("elections:index"),
        reverse("elections:add"),
        reverse("elections:inspect", args=[leeds_election.pk]),
        reverse("elections:edit", args=[leeds_election.pk]),
        reverse("elections:import"),
    ):
        assert client.get(url).status_code == expected, url


def test_elections_are_in_the_settings_menu_for_officers(client):
    client.force_login(membership_officer())
    assert reverse("elections:index") in client.get("/admin/").content.decode()


def test_recording_an_election_with_the_default_start(client, leeds):
    client.force_login(event_manager())
    response = client.post(
        reverse("elections:add"),
        {"authority": leeds.pk, "polling_day": "2027-05-06", "period_starts": "", "note": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    election = Election.objects.get()
    assert (election.polling_day, election.period_starts) == (POLLING_DAY, PERIOD_STARTS)


def test_a_start_after_polling_day_is_refused_beside_it(client, leeds):
    client.force_login(event_manager())
    response = client.post(
        reverse("elections:add"),
        {"authority": leeds.pk, "polling_day": "2027-05-06", "period_starts": "2027-05-07"},
    )
    assert response.status_code == 200
    assert "starts on or before polling day" in str(response.context["form"].errors)
    assert not Election.objects.exists()


def test_the_election_page_shows_its_period_and_the_confirmations(client, clock, leeds_election):
    officer = membership_officer(first_name="Olive", last_name="Officer")
    services.record_confirmations(
        [leeds_election],
        user=officer,
        where=services.Where.BULLETIN_SEND,
        description="Spring news",
    )
    client.force_login(officer)
    page = client.get(reverse("elections:inspect", args=[leeds_election.pk])).content.decode()
    assert "In its pre-election period" in page
    assert "Wednesday 31 March 2027" in page
    assert "(the default: 25 working days before polling day)" in page
    assert "Bulletin sending" in page
    assert "Spring news" in page


def test_the_listing_searches_and_exports(client, leeds_election, bristol):
    Election.objects.create(authority=bristol, polling_day=datetime.date(2028, 5, 4))
    client.force_login(membership_officer())
    listed = client.get(reverse("elections:index"), {"q": "Leeds"}).context["object_list"]
    assert list(listed) == [leeds_election]
    export = client.get(reverse("elections:index"), {"export": "csv"})
    assert export.status_code == 200
    assert "Leeds City Council" in export.getvalue().decode()
