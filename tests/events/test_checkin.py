"""Check-in on the day: search by name, mark attended (through events.services),
a live count of who has come."""

import pytest

from events.models import Registration
from tests.factories import RegistrationFactory, guest_registration, named_registration
from tests.members.membership_roles import verified_user

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def people(event):
    return {
        "ada": named_registration(event, "Ada", "Lovelace"),
        "grace": guest_registration(event, "Grace Hopper", "grace@example.org"),
        "wait": named_registration(event, "Walt", "Wait", status=Status.WAITLISTED),
        "gone": named_registration(event, "Gil", "Gone", status=Status.CANCELLED),
    }


@pytest.fixture
def event(make_event):
    """Ten places: room for everyone in ``people``."""
    return make_event(capacity=10)


def url(event):
    return f"/admin/events/check-in/{event.pk}/"


def test_lists_people_with_a_place_and_the_count(manager_client, event, people):
    page = manager_client.get(url(event)).content.decode()
    assert "Ada Lovelace" in page
    assert "Grace Hopper" in page
    assert "Walt Wait" not in page
    assert "Gil Gone" not in page
    assert "0 of 2" in page
    assert 'name="viewport"' in page  # usable on a phone


def test_search_by_name_or_email(manager_client, event, people):
    page = manager_client.get(url(event), {"q": "hopper"}).content.decode()
    assert "Grace Hopper" in page
    assert "Ada Lovelace" not in page
    assert "Grace Hopper" in manager_client.get(url(event), {"q": "grace@"}).content.decode()
    assert (
        "No one with a place matches"
        in manager_client.get(url(event), {"q": "zzz"}).content.decode()
    )


def test_mark_attended_changes_the_count(manager_client, event, people):
    response = manager_client.post(url(event) + "?q=ada", {"registration": people["ada"].pk})
    assert response.status_code == 302
    assert response["Location"] == url(event) + "?q=ada"
    people["ada"].refresh_from_db()
    assert people["ada"].status == Status.ATTENDED
    assert people["ada"].attended_at is not None
    page = manager_client.get(url(event)).content.decode()
    assert "1 of 2" in page
    assert "Checked in" in page
    # Harmless to tap twice.
    manager_client.post(url(event), {"registration": people["ada"].pk})
    assert "1 of 2" in manager_client.get(url(event)).content.decode()


def test_someone_without_a_place_is_not_checked_in(manager_client, event, people):
    response = manager_client.post(url(event), {"registration": people["wait"].pk}, follow=True)
    people["wait"].refresh_from_db()
    assert people["wait"].status == Status.WAITLISTED
    assert b"give them a place before checking them in" in response.content


def test_a_registration_of_another_event_or_junk_is_refused(
    manager_client, event, people, make_event
):
    other = make_event()
    stranger = RegistrationFactory(event=other)
    assert manager_client.post(url(event), {"registration": stranger.pk}).status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == Status.CONFIRMED
    response = manager_client.post(url(event), {"registration": "abc"}, follow=True)
    assert b"Choose someone to check in" in response.content


def test_only_people_who_run_events_check_in(client, event, people):
    client.force_login(verified_user())
    response = client.post(url(event), {"registration": people["ada"].pk})
    assert response.status_code in (302, 403)
    people["ada"].refresh_from_db()
    assert people["ada"].status == Status.CONFIRMED


def test_the_live_count_endpoint_follows_check_ins(manager_client, event):
    from django.test import Client

    from events import services

    registration = RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    url = f"/admin/events/check-in/{event.pk}/count/"

    assert Client().get(url).status_code == 302  # anonymous: to sign in
    assert manager_client.get(url).json() == {"checked_in": 0, "expected": 2}
    services.mark_attended(registration, by=registration.user)
    response = manager_client.get(url)
    assert response.json() == {"checked_in": 1, "expected": 2}
    assert "no-store" in response["Cache-Control"]
