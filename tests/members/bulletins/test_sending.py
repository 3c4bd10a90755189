"""Sending a bulletin: once to each recipient, in batches, resuming after a
worker stops; every email carries one-click unsubscribe (RFC 8058)."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from members.bulletins import sending, services, tasks
from members.bulletins.models import Bulletin, BulletinDelivery
from members.models import MarketingConsent
from network_site.models import OutboundEmail
from network_site.refusals import Refused
from tests.factories import UserFactory

from .conftest import bulletin, member

pytestmark = pytest.mark.django_db


def _scheduled(**fields):
    chosen = bulletin(**fields)
    chosen.status = Bulletin.Status.SCHEDULED
    chosen.send_at = timezone.now()
    chosen.save()
    return chosen


def test_every_email_carries_list_unsubscribe_with_a_url_and_a_mailto(home_page, commit):
    recipient = member()
    with commit():
        sending.send(_scheduled().pk)
    (message,) = mail.outbox
    delivery = BulletinDelivery.objects.get(user=recipient)
    url = sending.unsubscribe_url(sending.unsubscribe_token(delivery))
    site = settings.WAGTAILADMIN_BASE_URL
    assert url.startswith(f"{site}/unsubscribe/")
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{url}>, <mailto:hello@keepitlocal.example?subject=unsubscribe%20")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert url in message.body
    assert url in html
    assert message.subject == "News from the network"
    assert "Three councils, two events and one good idea." in html  # the preheader
    assert f'href="{site}/events/"' in html  # links made absolute
    assert f"We met in Leeds ({site}/events/) & Bristol." in message.body


def test_each_recipient_has_their_own_link(home_page, commit):
    first, second = member(), member()
    with commit():
        sending.send(_scheduled().pk)
    links = {m.to[0]: m.extra_headers["List-Unsubscribe"] for m in mail.outbox}
    assert set(links) == {first.email, second.email}
    assert links[first.email] != links[second.email]


def test_a_send_that_stops_after_a_batch_resumes_and_sends_each_recipient_once(home_page, commit):
    recipients = [member() for _ in range(5)]
    chosen = _scheduled()
    with commit():
        assert sending.start(chosen.pk)
        assert sending.send_batch(chosen.pk, size=2) == 2
    # The worker dies here. The scheduler's next tick finds the bulletin still sending.
    assert sending.due() == [chosen.pk]
    with commit():
        tasks.send_due_bulletins.call()
        tasks.send_bulletin.call(chosen.pk)  # a second worker, late: nothing left to send
    per_recipient = [OutboundEmail.objects.filter(to=person.email).count() for person in recipients]
    assert per_recipient == [1] * 5
    assert len(mail.outbox) == 5
    chosen.refresh_from_db()
    assert chosen.status == Bulletin.Status.SENT
    assert sending.due() == []


def test_a_batch_that_fails_half_way_leaves_nothing_sent_and_resumes_whole(home_page, commit):
    recipients = [member() for _ in range(3)]
    chosen = _scheduled()
    sending.start(chosen.pk)
    real_queue = sending.queue_email
    calls = []

    def provider_down_on_the_second(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            raise ConnectionError("the database went away")
        return real_queue(*args, **kwargs)

    with (
        mock.patch.object(sending, "queue_email", provider_down_on_the_second),
        pytest.raises(ConnectionError),
    ):
        sending.send_batch(chosen.pk)
    assert OutboundEmail.objects.count() == 0
    assert not BulletinDelivery.objects.exclude(status=BulletinDelivery.Status.PENDING).exists()
    with commit():
        sending.send(chosen.pk)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in recipients)


def test_send_now_through_the_service_sends_at_once(home_page, commit):
    member()
    staff = UserFactory()
    chosen = bulletin()
    with commit():
        services.schedule(chosen, by=staff)
    chosen.refresh_from_db()
    assert chosen.status == Bulletin.Status.SENT
    assert chosen.sent_by == staff
    assert len(mail.outbox) == 1


def test_a_bulletin_for_later_waits_for_its_time(home_page, commit):
    member()
    now = timezone.now()
    chosen = bulletin()
    with commit():
        services.schedule(
            chosen, by=UserFactory(), send_at=now + datetime.timedelta(hours=2), now=now
        )
        tasks.send_due_bulletins.call()
    assert mail.outbox == []
    assert sending.due(now + datetime.timedelta(hours=2)) == [chosen.pk]
    services.unschedule(chosen)
    assert chosen.status == Bulletin.Status.DRAFT
    assert sending.due(now + datetime.timedelta(days=1)) == []


def test_only_a_draft_with_an_audience_can_be_sent(home_page):
    chosen = bulletin(categories=["policy"])
    member()  # a councillor: not in the audience
    with pytest.raises(Refused, match="Nobody in this audience"):
        services.schedule(chosen, by=UserFactory())
    chosen.categories = []
    chosen.save()
    services.schedule(chosen, by=UserFactory(), send_at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(Refused, match="already been sent or scheduled"):
        services.schedule(chosen, by=UserFactory())
    with pytest.raises(Refused, match="from now on"):
        services.schedule(
            bulletin(slug="other"),
            by=UserFactory(),
            send_at=timezone.now() - datetime.timedelta(hours=1),
        )


def test_a_test_goes_to_the_staff_member_whatever_their_consent(home_page, commit):
    staff = UserFactory(email="comms@example.org")
    with commit():
        services.send_test(bulletin(), staff)
    (message,) = mail.outbox
    assert message.to == ["comms@example.org"]
    assert message.subject == "[Test] News from the network"
    assert "List-Unsubscribe" in message.extra_headers
    assert not BulletinDelivery.objects.exists()


def test_progress_counts_what_happened_to_each_recipient(home_page, commit):
    member(), member()
    withdraws = member()
    chosen = _scheduled()
    sending.start(chosen.pk)
    MarketingConsent.objects.create(user=withdraws, given=False, wording="Stop")
    with commit():
        sending.send(chosen.pk)
    progress = services.progress(chosen)
    assert progress == {
        "recipients": 3,
        "waiting": 0,
        "handed_over": 2,
        "suppressed": 1,
        "sent": 2,
        "failed": 0,
        "retrying": 0,
    }
