"""The email backbone: one helper renders a branded template pair, the send is a task
enqueued when the transaction commits, provider failures are retried for three days
(tests/network_site/test_email_outage.py: a long outage, Message-IDs, the admins'
report), and bounces and complaints make an address undeliverable."""

import base64
import datetime
import json

import pytest
from anymail.exceptions import AnymailRecipientsRefused
from django.contrib.auth.models import Group
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

from network_site.emails import render_email, send_templated_email
from network_site.models import OrganisationSettings, OutboundEmail, UndeliverableAddress
from network_site.roles import EDITORS
from network_site.scheduling import PERIODIC_TASKS
from network_site.tasks import REDISPATCH_AFTER, deliver_email, retry_due_emails
from tests.email_backends import FlakyProviderBackend
from tests.exports import csv_text
from tests.factories import OutboundEmailFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Ada Lovelace", "message": "Hello"}
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def anymail_test_backend(settings):
    # Django's test set-up replaces EMAIL_BACKEND with locmem; send through anymail's
    # test backend, which records into mail.outbox as a real ESP backend would send.
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"


@pytest.fixture
def provider(settings):
    """The email provider, whose `outage` switch makes every send fail."""
    settings.EMAIL_BACKEND = "tests.email_backends.FlakyProviderBackend"
    yield FlakyProviderBackend
    FlakyProviderBackend.outage = False


@pytest.fixture
def queue_only(settings):
    """Tasks are queued for a worker and not run, as with the production task backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def queued_deliveries(backend):
    return [
        result
        for result in backend.results
        if result.task.module_path == "network_site.tasks.deliver_email"
    ]


def send(commit, to="ada@example.org", **kwargs):
    with commit():
        return send_templated_email("example", to, CONTEXT, **kwargs)


# Rendering


def test_email_is_rendered_as_branded_text_and_html(home_page):
    organisation = OrganisationSettings.for_site(home_page.get_site())
    organisation.name = "Keep it Local Network"
    organisation.address = "1 High Street\nLeeds LS1 1AA"
    organisation.save()

    rendered = render_email("example", {"name": "Ada & Co", "message": "See you in Leeds"})

    assert rendered.subject == "Welcome to the network, Ada & Co"
    text = rendered.body_text
    assert text.startswith("Dear Ada & Co,\n\nThank you for joining Keep it Local Network.")
    assert "See what is on: http://testserver/events/" in text
    assert "\n--\nKeep it Local Network\n1 High Street\nLeeds LS1 1AA\nhttp://testserver/\n" in text
    assert "<" not in text
    assert "\n\n\n" not in text

    html = rendered.body_html
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "<title>Welcome to the network, Ada &amp; Co</title>" in html
    assert 'href="http://testserver/events/"' in html
    assert "1 High Street<br>Leeds LS1 1AA" in html
    assert html.count("Keep it Local Network") >= 2  # header and footer


def test_user_supplied_context_is_escaped_in_html_and_literal_in_text():
    rendered = render_email("example", {"name": "Mallory", "message": "<script>alert(1)</script>"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.body_html
    assert "<script>" not in rendered.body_html
    assert "<script>alert(1)</script>" in rendered.body_text


def test_subject_is_one_line_even_if_context_has_newlines():
    rendered = render_email("example", {"name": "Ada\nBcc: evil@example.org", "message": ""})
    assert rendered.subject == "Welcome to the network, Ada Bcc: evil@example.org"


# Sending in the caller's transaction


def test_email_is_saved_then_sent_when_the_transaction_commits(commit):
    member = UserFactory(email="ada@example.org")
    with commit():
        email = send_templated_email("example", "ada@example.org", CONTEXT, user=member)
        # The request goes on without touching the provider.
        assert mail.outbox == []
        assert OutboundEmail.objects.get().status == OutboundEmail.Status.QUEUED

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "Welcome to the network, Ada Lovelace"
    assert message.from_email == "Keep it Local Network <hello@keepitlocal.example>"
    assert message.body.startswith("Dear Ada Lovelace,")
    assert message.alternatives[0][1] == "text/html"
    assert "<title>Welcome to the network, Ada Lovelace</title>" in message.alternatives[0][0]
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.esp_message_id == "0"  # anymail's test backend: the index in the outbox
    assert email.user == member
    assert email.template == "example"
    assert email.kind == OutboundEmail.Kind.TRANSACTIONAL


def test_reply_to_is_passed_on(commit):
    send(commit, reply_to="events@example.org")
    assert mail.outbox[0].reply_to == ["events@example.org"]


def change_that_fails():
    with transaction.atomic():
        send_templated_email("example", "ada@example.org", CONTEXT)
        raise RuntimeError("the change that caused the email failed")


def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        change_that_fails()

    assert callbacks == []
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


def test_a_request_only_enqueues_the_send(commit, queue_only):
    email = send(commit)

    assert mail.outbox == []
    [queued] = queued_deliveries(queue_only)
    assert queued.args == [email.pk]
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED

    # Later, in a worker:
    deliver_email.call(*queued.args)
    assert len(mail.outbox) == 1


def test_a_bad_address_is_refused_at_once():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        send_templated_email("example", "not an address", CONTEXT)
    assert not OutboundEmail.objects.exists()


# Provider failures


def test_provider_outage_is_retried_and_every_email_is_delivered_once_after_recovery(
    commit, provider
):
    provider.outage = True
    recipients = [f"member{n}@example.org" for n in range(3)]
    with commit():
        emails = [send_templated_email("example", to, CONTEXT) for to in recipients]

    assert mail.outbox == []
    for email in emails:
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.RETRYING
        assert email.attempts == 1
        assert "simulated provider outage" in email.last_error
        assert email.next_attempt_at - timezone.now() <= MINUTE
    # Nothing is due until the backoff has passed.
    assert retry_due_emails.call() == 0

    # Still down at the next attempt: the wait doubles.
    later = max(email.next_attempt_at for email in emails) + datetime.timedelta(seconds=1)
    assert retry_due_emails.call(now=later) == 3
    for email in emails:
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.RETRYING
        assert email.attempts == 2
        assert MINUTE < email.next_attempt_at - timezone.now() <= 2 * MINUTE
    assert mail.outbox == []

    # The provider recovers.
    provider.outage = False
    later = max(email.next_attempt_at for email in emails) + datetime.timedelta(seconds=1)
    assert retry_due_emails.call(now=later) == 3

    assert sorted(message.to[0] for message in mail.outbox) == recipients
    for email in emails:
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.SENT
        assert email.attempts == 3

    # Sweeping again, however much later, and a stray duplicate task send nothing more.
    assert retry_due_emails.call(now=later + datetime.timedelta(days=2)) == 0
    deliver_email.call(emails[0].pk)
    assert len(mail.outbox) == 3


def test_backoff_doubles_from_a_minute_to_at_most_an_hour():
    delays = [OutboundEmail.retry_delay(attempts) for attempts in range(1, 10)]
    assert [delay // MINUTE for delay in delays] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_email_is_retried_for_three_days_after_its_first_attempt_then_failed():
    email = OutboundEmailFactory()
    start = timezone.now()
    email.record_failure(ConnectionError("timed out"), start)
    assert email.status == OutboundEmail.Status.RETRYING
    assert email.next_attempt_at == start + MINUTE

    email.record_failure(ConnectionError("timed out"), start + datetime.timedelta(days=2, hours=23))
    assert email.status == OutboundEmail.Status.RETRYING

    email.record_failure(ConnectionError("timed out"), start + datetime.timedelta(days=3))
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 3
    assert email.next_attempt_at is None
    assert email.last_error == "ConnectionError: timed out"


def test_email_still_failing_after_three_days_is_failed_and_never_retried(commit, provider):
    provider.outage = True
    email = send(commit)
    # Three days go by with the provider still down.
    OutboundEmail.objects.filter(pk=email.pk).update(
        first_attempted_at=timezone.now() - datetime.timedelta(days=3, minutes=1),
        next_attempt_at=timezone.now() - MINUTE,
    )
    assert retry_due_emails.call() == 1

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 2
    provider.outage = False
    assert retry_due_emails.call(now=timezone.now() + datetime.timedelta(days=7)) == 0
    assert mail.outbox == []


def test_a_refused_recipient_fails_at_once(commit, provider, monkeypatch):
    def refuse(self, payload, message):
        raise AnymailRecipientsRefused("Inactive recipient")

    monkeypatch.setattr(FlakyProviderBackend, "post_to_esp", refuse)
    email = send(commit)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 1
    assert "Inactive recipient" in email.last_error


def test_sweeper_sends_an_email_whose_task_was_lost(commit, queue_only, settings):
    email = send(commit)
    queue_only.results.clear()  # the worker lost it
    now = timezone.now()

    # Its own task has a grace period before the sweeper steps in.
    assert retry_due_emails.call(now=now) == 0
    later = now + OutboundEmail.DISPATCH_GRACE + MINUTE
    assert retry_due_emails.call(now=later) == 1
    # Enqueued once: the next sweeps leave it to that task for a while.
    assert retry_due_emails.call(now=later) == 0
    assert retry_due_emails.call(now=later + MINUTE) == 0

    # That task was lost too; the sweeper enqueues it again, and now a worker runs it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert retry_due_emails.call(now=later + REDISPATCH_AFTER) == 1
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_the_sweeper_runs_every_minute():
    assert any(
        periodic.task_path == "network_site.tasks.retry_due_emails" and periodic.every_minutes == 1
        for periodic in PERIODIC_TASKS
    )


# Undeliverable addresses


def test_marketing_to_an_undeliverable_address_is_suppressed_but_transactional_goes(commit):
    UndeliverableAddress.record("Bounced@Example.org", UndeliverableAddress.Reason.BOUNCED)

    newsletter = send(commit, to="bounced@example.org", kind=OutboundEmail.Kind.MARKETING)
    reset = send(commit, to="BOUNCED@example.org")

    assert newsletter.status == OutboundEmail.Status.SUPPRESSED
    reset.refresh_from_db()
    assert reset.status == OutboundEmail.Status.SENT
    assert [message.to for message in mail.outbox] == [["BOUNCED@example.org"]]
    assert retry_due_emails.call(now=timezone.now() + datetime.timedelta(days=1)) == 0
    deliver_email.call(newsletter.pk)
    assert len(mail.outbox) == 1


def test_queued_marketing_is_suppressed_if_the_address_bounces_before_it_is_sent(
    commit, queue_only
):
    newsletter = send(commit, kind=OutboundEmail.Kind.MARKETING)
    other = send(commit, to="grace@example.org", kind=OutboundEmail.Kind.MARKETING)
    UndeliverableAddress.record("ada@example.org", UndeliverableAddress.Reason.COMPLAINED)

    for queued in queued_deliveries(queue_only):
        deliver_email.call(*queued.args)

    newsletter.refresh_from_db()
    assert newsletter.status == OutboundEmail.Status.SUPPRESSED
    other.refresh_from_db()
    assert other.status == OutboundEmail.Status.SENT
    assert [message.to for message in mail.outbox] == [["grace@example.org"]]


def test_member_dashboard_can_ask_whether_an_address_is_undeliverable():
    assert not UndeliverableAddress.is_undeliverable("ada@example.org")
    assert UndeliverableAddress.for_email("ada@example.org") is None
    assert not UndeliverableAddress.is_undeliverable("")

    UndeliverableAddress.record(" Ada@Example.org ", UndeliverableAddress.Reason.BOUNCED)

    assert UndeliverableAddress.is_undeliverable("ada@example.org")
    assert UndeliverableAddress.is_undeliverable("ADA@EXAMPLE.ORG")
    assert UndeliverableAddress.for_email("Ada@example.org").reason == "bounced"


# Tracking webhooks

BOUNCE = {
    "RecordType": "Bounce",
    "MessageStream": "outbound",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "Name": "Hard bounce",
    "Tag": "example",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Metadata": {"outbound_email_id": "1"},
    "ServerID": 23,
    "Description": "The server was unable to deliver your message (ex: unknown user).",
    "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    "Email": "Ada.Lovelace@Example.org",
    "From": "hello@keepitlocal.example",
    "BouncedAt": "2025-11-05T16:33:54.9070259Z",
    "DumpAvailable": True,
    "Inactive": True,
    "CanActivate": True,
    "Subject": "Welcome to the network",
}
COMPLAINT = {
    **BOUNCE,
    "RecordType": "SpamComplaint",
    "ID": 42,
    "Type": "SpamComplaint",
    "TypeCode": 512,
    "Name": "Spam complaint",
    "Description": "The subscriber explicitly marked this message as spam.",
    "Details": "Test spam complaint details",
    "Email": "grace@example.org",
}
DELIVERY = {
    "RecordType": "Delivery",
    "MessageStream": "outbound",
    "ServerID": 23,
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "Recipient": "grace@example.org",
    "Tag": "example",
    "DeliveredAt": "2025-11-05T16:33:54.9070259Z",
    "Details": "Test delivery webhook details",
}


def post_tracking(client, payload, credentials="test:secret"):
    headers = {}
    if credentials is not None:
        token = base64.b64encode(credentials.encode()).decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    return client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        **headers,
    )


def test_bounce_webhook_marks_the_address_undeliverable(client):
    response = post_tracking(client, BOUNCE)

    assert response.status_code == 200
    address = UndeliverableAddress.objects.get()
    assert address.email == "ada.lovelace@example.org"
    assert address.reason == UndeliverableAddress.Reason.BOUNCED
    assert address.esp_event_id == "4323372036854775807"
    assert "unable to deliver" in address.detail
    assert "550 5.1.1" in address.detail
    assert UndeliverableAddress.is_undeliverable("ada.lovelace@example.org")


def test_spam_complaint_webhook_marks_the_address_undeliverable(client):
    assert post_tracking(client, COMPLAINT).status_code == 200
    address = UndeliverableAddress.objects.get()
    assert address.email == "grace@example.org"
    assert address.reason == UndeliverableAddress.Reason.COMPLAINED


def test_other_tracking_events_are_accepted_and_ignored(client):
    assert post_tracking(client, DELIVERY).status_code == 200
    assert not UndeliverableAddress.objects.exists()


@pytest.mark.parametrize("credentials", [None, "test:wrong", "other:secret", ""])
def test_webhook_without_the_shared_secret_changes_nothing(client, credentials):
    response = post_tracking(client, BOUNCE, credentials=credentials)
    assert response.status_code in (400, 401, 403)
    assert not UndeliverableAddress.objects.exists()


def test_webhook_redelivery_is_harmless(client):
    for _ in range(2):
        assert post_tracking(client, BOUNCE).status_code == 200
    assert post_tracking(client, {**BOUNCE, "ID": 99, "Type": "SoftBounce"}).status_code == 200
    assert UndeliverableAddress.objects.count() == 1
    assert UndeliverableAddress.objects.get().esp_event_id == "4323372036854775807"


# Staff screens


def test_staff_see_sent_and_failed_emails(superuser_client, commit, provider):
    send(commit, to="sent@example.org")
    provider.outage = True
    failed = send(commit, to="failed@example.org")
    failed.record_failure(ConnectionError("down"), timezone.now(), permanent=True)

    listing = superuser_client.get("/admin/outbound_emails/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "sent@example.org" in content
    assert "failed@example.org" in content
    assert "Welcome to the network, Ada Lovelace" in content
    assert "/admin/outbound_emails/new/" not in content  # no "Add" button
    assert f"/admin/outbound_emails/inspect/{failed.pk}/" in content

    only_failed = superuser_client.get("/admin/outbound_emails/", {"status": "failed"})
    assert "failed@example.org" in only_failed.content.decode()
    assert "sent@example.org" not in only_failed.content.decode()

    found = superuser_client.get("/admin/outbound_emails/", {"q": "failed@"})
    assert "failed@example.org" in found.content.decode()
    assert "sent@example.org" not in found.content.decode()

    inspect = superuser_client.get(f"/admin/outbound_emails/inspect/{failed.pk}/")
    assert inspect.status_code == 200
    assert "ConnectionError: down" in inspect.content.decode()

    body = csv_text(superuser_client.get("/admin/outbound_emails/", {"export": "csv"}))
    assert "failed@example.org" in body
    assert "sent@example.org" in body
    xlsx = superuser_client.get("/admin/outbound_emails/", {"export": "xlsx"})
    assert xlsx.status_code == 200


def test_staff_cannot_add_or_edit_emails(superuser_client, commit):
    email = send(commit)
    for url in ("/admin/outbound_emails/new/", f"/admin/outbound_emails/edit/{email.pk}/"):
        response = superuser_client.get(url)
        assert response.status_code in (302, 403), url
    response = superuser_client.post(f"/admin/outbound_emails/delete/{email.pk}/")
    assert response.status_code in (302, 403)
    assert OutboundEmail.objects.filter(pk=email.pk).exists()


def test_staff_see_and_clear_undeliverable_addresses(superuser_client):
    address = UndeliverableAddress.record(
        "ada@example.org", UndeliverableAddress.Reason.BOUNCED, detail="Mailbox does not exist"
    )
    UndeliverableAddress.record("grace@example.org", UndeliverableAddress.Reason.COMPLAINED)

    listing = superuser_client.get("/admin/undeliverable_addresses/", {"q": "ada"})
    assert listing.status_code == 200
    assert "ada@example.org" in listing.content.decode()
    assert "grace@example.org" not in listing.content.decode()
    assert superuser_client.get("/admin/undeliverable_addresses/new/").status_code in (302, 403)

    # The member fixed their mailbox: staff clear the address.
    response = superuser_client.post(f"/admin/undeliverable_addresses/delete/{address.pk}/")
    assert response.status_code == 302
    assert not UndeliverableAddress.is_undeliverable("ada@example.org")
    assert UndeliverableAddress.is_undeliverable("grace@example.org")


def test_email_menu_groups_both_screens(superuser_client):
    content = superuser_client.get("/admin/").content.decode()
    assert "/admin/outbound_emails/" in content
    assert "/admin/undeliverable_addresses/" in content


@pytest.mark.parametrize("url", ["/admin/outbound_emails/", "/admin/undeliverable_addresses/"])
def test_email_screens_are_closed_to_members_and_other_staff(client, url):
    UndeliverableAddress.record("ada@example.org", UndeliverableAddress.Reason.BOUNCED)

    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "ada@example.org" not in response.content.decode()

    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "ada@example.org" not in response.content.decode()
