"""Co-hosting a published event: the host contacts' live registration numbers,
their message to confirmed attendees and their CSV of sharing attendees. Each
view answers only the event's own host contacts; nothing about attendees who did
not agree to share (beyond totals), or about other events, reaches a host."""

import datetime
import json
import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import hosting, services
from events.models import EventHostContact, Registration
from network_site.models import OutboundEmail
from tests.exports import csv_records, csv_text
from tests.factories import (
    EventPageFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    guest_registration,
    named_registration,
)
from tests.members.membership_roles import signed_in_client, verified_user

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def event(events_index):
    event = EventPageFactory(
        parent=events_index,
        title="Keeping care local",
        capacity=5,
        host_authority=LocalAuthorityFactory(name="Leeds City Council"),
    )
    event.host_organisations.add(OrganisationFactory(name="Leeds Voluntary Action"))
    event.save()  # a parental many-to-many is saved with the page
    return event


def register(event, first_name, status=Status.CONFIRMED, share=False, **kwargs):
    return named_registration(
        event,
        first_name,
        "Example",
        user__email=f"{first_name.lower()}@attendee.example",
        status=status,
        share_with_hosts=share,
        **kwargs,
    )


@pytest.fixture
def people(event):
    """One person in each status; only Sharon, Waylon and Abe agreed to share."""
    return {
        "sharon": register(event, "Sharon", share=True, dietary_needs="=SUM(A1:A9)"),
        "priya": register(event, "Priya"),
        "abe": register(event, "Abe", Status.ATTENDED, share=True),
        "waylon": register(event, "Waylon", Status.WAITLISTED, share=True),
        "wendy": register(event, "Wendy", Status.WAITLISTED),
        "olive": register(event, "Olive", Status.OFFERED),
        "carl": register(event, "Carl", Status.CANCELLED),
        "guest": guest_registration(
            event, "Pending Guest", "pending@attendee.example", status=Status.PENDING_CONFIRMATION
        ),
    }


PRIVATE = ["Priya", "priya@attendee.example", "Wendy", "Olive", "Carl", "Pending Guest"]


@pytest.fixture
def host(event):
    user = verified_user(first_name="Hana", last_name="Host", email="hana@leeds.example")
    EventHostContact.objects.create(page=event, user=user)
    return user


host_client = signed_in_client("host")


@pytest.fixture
def other_event(events_index):
    other = EventPageFactory(parent=events_index, title="Somebody else's event", capacity=9)
    register(other, "Zed", share=True)
    return other


def message_url(event):
    return f"/members/hosting/{event.pk}/message/"


def send(client, event, subject="Room change", body="We are now in Room 2.", **extra):
    return client.post(message_url(event), {"subject": subject, "body": body, **extra})


def host_messages():
    return OutboundEmail.objects.filter(template="events/event_host_message")


# Numbers -------------------------------------------------------------------------


def test_host_sees_the_numbers_on_the_page_and_as_json(host_client, event, people):
    page = host_client.get(f"/members/hosting/{event.pk}/")
    assert page.status_code == 200
    # Confirmed: Sharon, Priya and Abe (attended). Places: those three and Olive's offer.
    assert page.context["numbers"] == {
        "confirmed": 3,
        "waitlisted": 2,
        "places_left": 1,
        "capacity": 5,
    }
    html = page.content.decode()
    assert 'aria-live="polite"' in html
    assert re.search(r'data-number="waitlisted">\s*2\s*</dd>', html)
    assert f'href="/members/hosting/{event.pk}/">Refresh the totals' in html
    assert "js/hosting.js" in html

    response = host_client.get(f"/members/hosting/{event.pk}/numbers.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert json.loads(response.content) == page.context["numbers"]


def test_numbers_follow_changes_and_name_nobody(host_client, event, people):
    # Priya cancels: her place and the free one are offered to Waylon and Wendy.
    services.cancel_registration(people["priya"])
    numbers = json.loads(host_client.get(f"/members/hosting/{event.pk}/numbers.json").content)
    assert numbers == {"confirmed": 2, "waitlisted": 0, "places_left": 0, "capacity": 5}
    raw = json.dumps(numbers)
    assert "@" not in raw
    assert not any(name in raw for name in ("Sharon", "Priya", "Waylon", "Example"))


def test_numbers_leave_out_other_events(host_client, event, people, other_event):
    numbers = json.loads(host_client.get(f"/members/hosting/{event.pk}/numbers.json").content)
    assert numbers["capacity"] == 5
    assert numbers["confirmed"] == 3


# Who may use the hosting views ------------------------------------------------------


def hosting_urls(event):
    return [
        f"/members/hosting/{event.pk}/",
        f"/members/hosting/{event.pk}/attendees.csv",
        f"/members/hosting/{event.pk}/numbers.json",
        f"/members/hosting/{event.pk}/message/",
    ]


@pytest.mark.parametrize("who", ["member", "host of another event", "staff superuser"])
def test_everyone_but_the_hosts_gets_404_by_id(client, event, people, other_event, who):
    if who == "member":
        user = verified_user()
    elif who == "host of another event":
        user = verified_user()
        EventHostContact.objects.create(page=other_event, user=user)
    else:
        user = verified_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    for url in [*hosting_urls(event), "/members/hosting/999999/numbers.json"]:
        assert client.get(url).status_code == 404, url
    response = send(client, event)
    assert response.status_code == 404
    assert not host_messages().exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, event, people):
    for url in hosting_urls(event):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert send(client, event).status_code == 302
    assert not host_messages().exists()


def test_a_host_of_one_event_sees_nothing_of_another(host_client, event, other_event):
    for url in hosting_urls(other_event):
        assert host_client.get(url).status_code == 404, url
    assert send(host_client, other_event).status_code == 404
    listing = host_client.get("/members/hosting/").content.decode()
    assert "Keeping care local" in listing
    assert "Somebody else" not in listing


# Messaging ------------------------------------------------------------------------


def test_the_page_says_who_the_message_goes_to(host_client, event, people):
    html = host_client.get(f"/members/hosting/{event.pk}/").content.decode()
    assert "Message confirmed attendees" in html
    assert re.search(r'<strong><span data-number="confirmed">3</span> at the moment', html)
    assert f'action="/members/hosting/{event.pk}/message/#message-title"' in html
    assert 'maxlength="150"' in html
    assert 'maxlength="5000"' in html
    assert "You can send 3 more now." in html


def test_message_goes_to_confirmed_and_attended_only(
    host_client, event, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(host_client, event, body="Bring your <b>questions</b>.")
    assert response.status_code == 302
    assert response["Location"] == f"/members/hosting/{event.pk}/#main-content"
    # Priya did not agree to share her details, and still gets the message.
    expected = {"sharon@attendee.example", "priya@attendee.example", "abe@attendee.example"}
    assert {email.to for email in host_messages()} == expected
    assert {tuple(message.to) for message in mail.outbox} == {(to,) for to in expected}
    for message in mail.outbox:
        assert message.reply_to == ["hana@leeds.example"]
    email = host_messages().get(to="priya@attendee.example")
    assert email.subject == "Room change (Keeping care local)"
    assert email.reply_to == "hana@leeds.example"
    assert "Dear Priya Example" in email.body_text
    assert "Hana Host sends you this message on behalf of the hosts of Keeping care local" in (
        email.body_text
    )
    assert "Leeds City Council and Leeds Voluntary Action" in email.body_text
    assert "Bring your <b>questions</b>." in email.body_text
    assert "Bring your &lt;b&gt;questions&lt;/b&gt;." in email.body_html
    assert "Event page: http://testserver/events/keeping-care-local/" in email.body_text
    # Each attendee gets their own copy: no other attendee's address in it.
    assert "sharon@attendee.example" not in email.body_text + email.body_html


def test_the_host_never_sees_addresses_they_were_not_given(host_client, event, people):
    response = send(host_client, event)
    page = host_client.get(response["Location"])
    html = page.content.decode()
    assert "Your message has been sent to 3 attendees." in html
    for private in PRIVATE:
        assert private not in html
    # The sharing attendees are listed, as before.
    assert "sharon@attendee.example" in html


def test_a_fourth_message_in_24_hours_is_refused(host_client, event, people, host):
    for number in range(3):
        assert send(host_client, event, subject=f"Update {number}").status_code == 302
    assert host_messages().count() == 9
    # The limit is the event's, shared by all its hosts.
    colleague = verified_user()
    EventHostContact.objects.create(page=event, user=colleague)
    host_client.force_login(colleague)
    response = send(host_client, event, subject="One more", body="Keep this text")
    assert response.status_code == 429
    assert host_messages().count() == 9
    html = response.content.decode()
    assert "already sent 3 messages about this event in the last 24 hours" in html
    assert "Keep this text" in html  # nothing typed is lost
    assert "There is a problem" in html


def test_the_limit_frees_up_after_24_hours(host_client, event, people, monkeypatch, settings):
    if not settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        pytest.skip("moves the local-memory cache's clock forward")
    for _ in range(3):
        send(host_client, event)
    assert send(host_client, event).status_code == 429
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 24 * 60 * 60 - 60)
    assert send(host_client, event).status_code == 429
    monkeypatch.setattr(time, "time", lambda: real_time() + 24 * 60 * 60 + 60)
    assert send(host_client, event).status_code == 302
    assert host_messages().count() == 12


def test_the_limit_is_per_event(host_client, event, people, other_event, host):
    EventHostContact.objects.create(page=other_event, user=host)
    for _ in range(3):
        send(host_client, event)
    assert send(host_client, other_event).status_code == 302
    assert host_messages().filter(to="zed@attendee.example").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"subject": "", "body": "Hello"}, "subject", "Enter a subject."),
        ({"subject": "Hello", "body": "   "}, "body", "Write your message."),
        (
            {"subject": "x" * 151, "body": "Hello"},
            "subject",
            "Keep the subject to 150 characters or fewer (it has 151).",
        ),
        (
            {"subject": "Hello", "body": "x" * 5001},
            "body",
            "Keep the message to 5000 characters or fewer (it has 5001).",
        ),
    ],
)
def test_bad_input_is_400_with_the_message_beside_the_field(
    host_client, event, people, data, field, error
):
    response = host_client.post(message_url(event), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [error]
    html = response.content.decode()
    assert "There is a problem" in html
    assert f'<a href="#id_{field}">' in html
    assert html.count(error) == 2  # in the summary and beside the field
    assert not host_messages().exists()
    # A refused message does not count against the limit.
    assert hosting._slots_taken(event) == []


def test_a_cancelled_event_cannot_be_messaged(host_client, event, people):
    services.cancel_event(event, "The hall flooded.", by="staff")
    page = host_client.get(f"/members/hosting/{event.pk}/").content.decode()
    assert "can no longer be messaged" in page
    assert 'action="/members/hosting/' not in page
    response = send(host_client, event)
    assert response.status_code == 400
    assert "This event has been cancelled" in response.content.decode()
    assert not host_messages().exists()


def test_an_unpublished_event_is_not_hosted_yet(host_client, event, people):
    """Co-hosting starts at publication: a draft's hosts see nothing of it."""
    event.unpublish()
    assert send(host_client, event).status_code == 404
    assert host_client.get(reverse("members:hosting_event", args=[event.pk])).status_code == 404
    assert event.title not in host_client.get(reverse("members:hosting")).content.decode()
    assert not host_messages().exists()


def test_messages_stop_two_weeks_after_the_event(host_client, event, people):
    event.start = timezone.now() - datetime.timedelta(days=14, hours=3)
    event.end = timezone.now() - datetime.timedelta(days=13, hours=23)
    event.save()
    assert send(host_client, event).status_code == 302  # a thank-you is fine
    event.end = timezone.now() - datetime.timedelta(days=14, minutes=1)
    event.save()
    response = send(host_client, event)
    assert response.status_code == 400
    assert "ended more than 14 days ago" in response.content.decode()
    assert host_messages().count() == 3


def test_nobody_to_message_yet(host_client, event):
    register(event, "Wanda", Status.WAITLISTED)
    page = host_client.get(f"/members/hosting/{event.pk}/").content.decode()
    assert "Nobody has a confirmed place yet" in page
    assert send(host_client, event).status_code == 400
    assert not host_messages().exists()


def test_getting_the_message_address_leads_back_to_the_form(host_client, event):
    response = host_client.get(message_url(event))
    assert response.status_code == 302
    assert response["Location"] == f"/members/hosting/{event.pk}/#message-title"


# The shared function (also behind the staff message form) ----------------------------


def test_message_attendees_queues_one_email_each_in_one_transaction(event, people, monkeypatch):
    calls = []
    real = services.send_templated_email

    def fail_on_the_second(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "send_templated_email", fail_on_the_second)
    with pytest.raises(RuntimeError):
        services.message_attendees(event, subject="Hello", body="Hi")
    assert not OutboundEmail.objects.exists()  # the first one was rolled back too

    monkeypatch.setattr(services, "send_templated_email", real)
    count = services.message_attendees(event, subject="Hello", body="Hi")
    assert count == 3
    emails = OutboundEmail.objects.filter(template="events/event_message")
    assert sorted(email.to for email in emails) == [
        "abe@attendee.example",
        "priya@attendee.example",
        "sharon@attendee.example",
    ]
    assert {email.reply_to for email in emails} == {""}


# The CSV ----------------------------------------------------------------------------


def test_csv_has_only_sharing_attendees_and_defuses_formulas(host_client, event, people):
    response = host_client.get(f"/members/hosting/{event.pk}/attendees.csv")
    content = csv_text(response)
    rows = csv_records(response)
    assert sorted(row["Email"] for row in rows) == [
        "abe@attendee.example",
        "sharon@attendee.example",
        "waylon@attendee.example",
    ]
    for private in PRIVATE:
        assert private not in content
    sharon = next(row for row in rows if row["Email"] == "sharon@attendee.example")
    assert sharon["Dietary needs"] == "'=SUM(A1:A9)"
