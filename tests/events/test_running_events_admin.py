"""Running one event in the admin: the listing with its counts, filters and search,
exports (all attendees for staff, sharing ones only for hosts), adding people,
moving them within capacity, messages to confirmed attendees, cancelling the event."""

import pytest

from events.models import EventHostContact, Registration
from network_site.models import OutboundEmail
from tests.exports import csv_records, xlsx_sheet
from tests.factories import RegistrationFactory, guest_registration, named_registration
from tests.members.membership_roles import verified_user

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def event(make_event):
    """Two places, both taken by ``people`` (one confirmed, one attended)."""
    return make_event(capacity=2)


@pytest.fixture
def people(event):
    return {
        "ada": named_registration(
            event,
            "Ada",
            "Lovelace",
            user__email="ada@example.org",
            share_with_hosts=True,
            access_needs="Step-free access",
        ),
        "bob": named_registration(event, "Bob", "Brown", status=Status.ATTENDED),
        "cy": guest_registration(event, "Cy Guest", "cy@example.org", status=Status.WAITLISTED),
        "dee": named_registration(event, "Dee", "Done", status=Status.CANCELLED),
    }


def listing(event, **query):
    return {"event": event.pk, **query}


def names(response):
    return {registration.name for registration in response.context["object_list"]}


def test_header_counts_against_capacity(manager_client, event, people):
    response = manager_client.get("/admin/registrations/", listing(event))
    summary = response.context["summary"]
    assert (summary["taken"], summary["capacity"], summary["left"]) == (2, 2, 0)
    assert (summary["confirmed"], summary["waitlisted"], summary["attended"]) == (1, 1, 1)
    assert b"2 of 2" in response.content
    assert f"/admin/events/check-in/{event.pk}/".encode() in response.content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "confirmed"}, {"Ada Lovelace"}),
        ({"status": "waitlisted"}, {"Cy Guest"}),
        ({"status": "cancelled"}, {"Dee Done"}),
        ({"status": "attended"}, {"Bob Brown"}),
        ({"share_with_hosts": "true"}, {"Ada Lovelace"}),
        ({"q": "lovelace"}, {"Ada Lovelace"}),
        ({"q": "cy@example"}, {"Cy Guest"}),
    ],
)
def test_filters_and_search(manager_client, event, people, query, expected):
    response = manager_client.get("/admin/registrations/", listing(event, **query))
    assert response.status_code == 200
    assert names(response) == expected


def test_listing_of_one_event_leaves_out_other_events(manager_client, event, people, make_event):
    other = make_event()
    RegistrationFactory(event=other, user__first_name="Zed", user__last_name="Else")
    assert "Zed Else" not in names(manager_client.get("/admin/registrations/", listing(event)))


def test_staff_export_has_every_attendee(manager_client, event, people):
    response = manager_client.get("/admin/registrations/", listing(event, export="csv"))
    rows = csv_records(response)
    assert {row["Name"] for row in rows} == {"Ada Lovelace", "Bob Brown", "Cy Guest", "Dee Done"}
    assert rows[0]["Access needs"] == "Step-free access"
    response = manager_client.get("/admin/registrations/", listing(event, export="xlsx"))
    sheet = xlsx_sheet(response)
    assert sheet.max_row == 5


def test_host_export_has_only_sharing_attendees(client, event, people):
    host = verified_user()
    EventHostContact.objects.create(page=event, user=host)
    client.force_login(host)
    response = client.get(f"/members/hosting/{event.pk}/attendees.csv")
    rows = csv_records(response)
    assert [row["Email"] for row in rows] == ["ada@example.org"]


def test_host_export_defuses_spreadsheet_formulas(client, event):
    RegistrationFactory(event=event, share_with_hosts=True, dietary_needs="=HYPERLINK(1)")
    host = verified_user()
    EventHostContact.objects.create(page=event, user=host)
    client.force_login(host)
    content = client.get(f"/members/hosting/{event.pk}/attendees.csv").content.decode()
    assert "'=HYPERLINK(1)" in content


def test_move_to_confirmed_is_refused_when_full(manager_client, event, people):
    response = manager_client.post(f"/admin/registrations/confirm/{people['cy'].pk}/", follow=True)
    people["cy"].refresh_from_db()
    assert people["cy"].status == Status.WAITLISTED
    assert b"The event is full" in response.content


def test_move_to_waitlist_then_confirm_within_capacity(manager_client, event, people):
    manager_client.post(f"/admin/registrations/waitlist/{people['ada'].pk}/")
    people["ada"].refresh_from_db()
    assert people["ada"].status == Status.WAITLISTED
    response = manager_client.post(
        f"/admin/registrations/confirm/{people['ada'].pk}/"
        + f"?next=/admin/registrations/%3Fevent%3D{event.pk}"
    )
    assert response["Location"] == f"/admin/registrations/?event={event.pk}"
    people["ada"].refresh_from_db()
    assert people["ada"].status == Status.CONFIRMED


def test_cancel_registration(manager_client, people):
    manager_client.post(f"/admin/registrations/cancel/{people['ada'].pk}/")
    people["ada"].refresh_from_db()
    assert people["ada"].status == Status.CANCELLED


def test_add_a_member_and_a_guest(manager_client, event):
    member = verified_user(email="member@example.org")
    url = f"/admin/registrations/event/{event.pk}/add/"
    assert manager_client.post(url, {"email": "MEMBER@example.org"}).status_code == 302
    assert Registration.objects.get(event=event, user=member).status == Status.CONFIRMED
    response = manager_client.post(url, {"email": "guest@example.org", "name": ""})
    assert response.status_code == 400
    assert b"give the guest" in response.content
    manager_client.post(url, {"email": "guest@example.org", "name": "Gus Guest"})
    manager_client.post(url, {"email": "late@example.org", "name": "Lee Late"})
    statuses = dict(Registration.objects.filter(event=event).values_list("guest_name", "status"))
    assert statuses["Gus Guest"] == Status.CONFIRMED
    assert statuses["Lee Late"] == Status.WAITLISTED  # capacity 2: the third waits
    response = manager_client.post(url, {"email": "member@example.org"})
    assert response.status_code == 400
    assert Registration.objects.filter(event=event, user=member).count() == 1


def test_message_goes_to_each_confirmed_attendee(manager_client, event, people):
    url = f"/admin/registrations/event/{event.pk}/message/"
    assert b"2 attendees" in manager_client.get(url).content
    response = manager_client.post(url, {"subject": "Room change", "body": "Room 2 <b>now</b>"})
    assert response.status_code == 302
    sent = OutboundEmail.objects.filter(template="events/event_message")
    assert sorted(email.to for email in sent) == sorted([people["ada"].email, people["bob"].email])
    email = sent.get(to="ada@example.org")
    assert "Room change" in email.subject
    assert "Room 2 <b>now</b>" in email.body_text
    assert "Room 2 &lt;b&gt;now&lt;/b&gt;" in email.body_html


def test_message_needs_a_subject_and_a_body(manager_client, event, people):
    url = f"/admin/registrations/event/{event.pk}/message/"
    assert manager_client.post(url, {"subject": "", "body": ""}).status_code == 400
    assert not OutboundEmail.objects.filter(template="events/event_message").exists()


def test_cancel_event_emails_every_registrant(manager_client, event, people):
    url = f"/admin/registrations/event/{event.pk}/cancel/"
    assert manager_client.post(url, {"reason": "  "}).status_code == 400
    response = manager_client.post(url, {"reason": "The hall flooded."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    assert event.cancellation_reason == "The hall flooded."
    emailed = set(
        OutboundEmail.objects.filter(template="events/event_cancelled").values_list("to", flat=True)
    )
    # Everyone still registered (confirmed and waitlisted) is told; those who had
    # cancelled already, or attended, are not.
    assert emailed == {people["ada"].email, people["cy"].email}
    assert (
        b"already been cancelled"
        in manager_client.post(url, {"reason": "Again"}, follow=True).content
    )


def test_generic_create_and_delete_are_not_offered(manager_client, people):
    assert manager_client.get("/admin/registrations/new/").status_code in (302, 403)
    response = manager_client.get(f"/admin/registrations/delete/{people['ada'].pk}/")
    assert response.status_code in (302, 403)
