"""Email through a provider outage: retried on a fake clock, delivered exactly once
with one Message-ID across attempts, the provider called outside any database
transaction, and the site admins told once of what finally failed."""

import datetime
from collections import Counter, defaultdict

import pytest
from anymail.exceptions import AnymailRecipientsRefused
from django.core import mail
from django.db import connection
from django.utils import timezone

from network_site.emails import send_templated_email
from network_site.housekeeping import FAILED_EMAILS_TEMPLATE, report_failed_emails
from network_site.models import OutboundEmail
from network_site.scheduling import PERIODIC_TASKS
from network_site.tasks import deliver_email, retry_due_emails
from tests.clock import stopped_clock
from tests.email_backends import RecordingFlakyProviderBackend
from tests.factories import OutboundEmailFactory, UserFactory

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
CONTEXT = {"name": "Ada Lovelace", "message": "Hello"}


@pytest.fixture
def clock(monkeypatch):
    return stopped_clock(monkeypatch, timezone.now())


@pytest.fixture
def provider(settings):
    settings.EMAIL_BACKEND = "tests.email_backends.RecordingFlakyProviderBackend"
    RecordingFlakyProviderBackend.attempts = []
    yield RecordingFlakyProviderBackend
    RecordingFlakyProviderBackend.outage = False
    RecordingFlakyProviderBackend.attempts = []


def test_500_emails_queued_during_a_10_minute_outage_are_each_delivered_exactly_once(
    commit, provider, clock
):
    provider.outage = True
    recipients = [f"member{n}@example.org" for n in range(500)]
    outage_ends = clock.moment + 10 * MINUTE
    queued = iter(recipients)
    minutes = 0
    # The scheduler's clock: each minute 50 more emails are queued (each tries the
    # provider at once, as its own task), then the sweeper runs. After ten minutes
    # the provider recovers; the sweeper goes on until nothing is left to send.
    while OutboundEmail.objects.pending().exists() or minutes == 0:
        if clock.moment >= outage_ends:
            provider.outage = False
        with commit():
            for to in [next(queued, None) for _ in range(50)]:
                if to:
                    send_templated_email("example", to, CONTEXT)
        retry_due_emails.call(now=clock.moment)
        clock.advance(MINUTE)
        minutes += 1
        assert minutes < 24 * 60, "the emails should all be sent within a day of recovery"

    delivered = Counter(message.to[0] for message in mail.outbox)
    assert sorted(delivered) == sorted(recipients)
    assert set(delivered.values()) == {1}
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() == 500

    # Every attempt at one email carried the same Message-ID, the one on its row and
    # on the delivered message (no transaction around the provider call:
    # test_the_provider_is_called_with_no_transaction_or_row_lock_open).
    failed_attempts = len(provider.attempts) - 500
    assert failed_attempts >= 500  # every email failed at least once in the outage
    ids_by_recipient = defaultdict(set)
    for to, message_id, _in_transaction in provider.attempts:
        ids_by_recipient[to].add(message_id)
    rows = dict(OutboundEmail.objects.values_list("to", "message_id"))
    for message in mail.outbox:
        to = message.to[0]
        assert ids_by_recipient[to] == {rows[to]} == {message.extra_headers["Message-ID"]}
    assert len(set(rows.values())) == 500
    print(
        f"500 emails, 10-minute outage: {failed_attempts} failed attempts, "
        f"{len(mail.outbox)} delivered, all sent {minutes} minutes after the first was queued"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_provider_is_called_with_no_transaction_or_row_lock_open(provider):
    email = OutboundEmailFactory(message_id="<one@example.org>")
    assert not connection.in_atomic_block
    assert deliver_email.call(email.pk) == OutboundEmail.Status.SENT
    assert provider.attempts == [("ada@example.org", "<one@example.org>", False)]


def test_a_worker_that_dies_mid_send_leaves_the_email_to_be_sent_again_later(
    commit, provider, clock
):
    provider.outage = True
    with commit():
        email = send_templated_email("example", "ada@example.org", CONTEXT)
    provider.outage = False
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.RETRYING
    # A worker claims it, then dies before it calls the provider or records anything.
    assert OutboundEmail.claim(email.pk, clock.moment) is not None
    # While the claim holds, neither another task nor the sweeper touches it.
    assert deliver_email.call(email.pk) is None
    assert retry_due_emails.call(now=clock.advance(5 * MINUTE)) == 0
    # Once it lapses, the sweeper sends it, under the Message-ID it was given.
    clock.advance(OutboundEmail.SEND_CLAIM)
    assert retry_due_emails.call(now=clock.moment) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.claimed_until is None
    assert [message.extra_headers["Message-ID"] for message in mail.outbox] == [email.message_id]


def test_an_email_queued_before_message_ids_were_kept_gets_one_at_its_first_attempt(provider):
    email = OutboundEmailFactory()
    provider.outage = True
    deliver_email.call(email.pk)
    email.refresh_from_db()
    assert email.message_id.startswith("<")
    assert email.message_id.endswith("@keepitlocal.example>")
    provider.outage = False
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    deliver_email.call(email.pk)
    assert [message_id for _to, message_id, _ in provider.attempts] == [email.message_id] * 2


# The admins' report


def finally_failed(to="ada@example.org", subject="Your place is confirmed"):
    return OutboundEmailFactory(
        template="events/registration_confirmed",
        to=to,
        subject=subject,
        status=OutboundEmail.Status.FAILED,
        attempts=90,
        last_error="AnymailAPIError: 503 Service Unavailable",
    )


def test_site_admins_are_told_once_of_each_email_that_finally_failed(commit, settings):
    settings.ADMINS = [("Operations", "ops@example.org"), ("Director", "director@example.org")]
    first = finally_failed("ada@example.org", "Your place is confirmed")
    second = finally_failed("grace@example.org", "Welcome to the network")

    with commit():
        assert report_failed_emails.call() == 2
    reports = [message for message in mail.outbox if message.subject.endswith("delivered")]
    assert sorted(message.to[0] for message in reports) == [
        "director@example.org",
        "ops@example.org",
    ]
    report = reports[0]
    assert report.subject == "2 emails could not be delivered"
    for failed in (first, second):
        assert f'"{failed.subject}" to {failed.to}' in report.body
    assert "503 Service Unavailable" in report.body
    assert "/admin/" in report.body
    html = report.alternatives[0][0]
    assert "“Welcome to the network” to grace@example.org" in html
    first.refresh_from_db()
    assert first.admins_notified_at is not None

    # Told once: the next runs report nothing, until something else fails.
    mail.outbox.clear()
    with commit():
        assert report_failed_emails.call() == 0
        finally_failed("linus@example.org", "Your ticket")
        assert report_failed_emails.call() == 1
    assert [message.subject for message in mail.outbox] == ["1 email could not be delivered"] * 2


def test_a_report_that_itself_fails_is_not_reported_on(commit, settings):
    settings.ADMINS = [("Operations", "ops@example.org")]
    report = finally_failed("ops@example.org", "1 email could not be delivered")
    OutboundEmail.objects.filter(pk=report.pk).update(template=FAILED_EMAILS_TEMPLATE)
    with commit():
        assert report_failed_emails.call() == 0
    assert mail.outbox == []
    report.refresh_from_db()
    assert report.admins_notified_at is not None


def test_without_admins_set_the_superusers_are_told(commit, settings):
    settings.ADMINS = []
    UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    UserFactory(email="gone@example.org", is_staff=True, is_superuser=True, is_active=False)
    UserFactory(email="editor@example.org", is_staff=True)
    finally_failed()
    with commit():
        assert report_failed_emails.call() == 1
    assert [message.to for message in mail.outbox] == [["root@example.org"]]


def test_a_refused_email_is_reported_after_its_first_attempt(
    commit, provider, monkeypatch, settings
):
    settings.ADMINS = [("Operations", "ops@example.org")]

    def refuse(self, payload, message):
        raise AnymailRecipientsRefused("Inactive recipient")

    monkeypatch.setattr(RecordingFlakyProviderBackend, "post_to_esp", refuse)
    with commit():
        email = send_templated_email("example", "ada@example.org", CONTEXT)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.FAILED, 1)
    monkeypatch.undo()
    with commit():
        assert report_failed_emails.call() == 1
    assert [message.to for message in mail.outbox] == [["ops@example.org"]]
    assert "Inactive recipient" in mail.outbox[0].body


def test_the_report_runs_every_five_minutes():
    assert any(
        periodic.task_path == "network_site.housekeeping.report_failed_emails"
        and periodic.every_minutes == 5
        for periodic in PERIODIC_TASKS
    )
