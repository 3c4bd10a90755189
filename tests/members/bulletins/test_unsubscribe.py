"""The unsubscribe link: a GET shows one button and changes nothing; a POST
(a mail client's one-click, RFC 8058, with no session and no CSRF token)
unsubscribes at once; a forged link changes nothing."""

import base64
import json
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.bulletins import sending
from members.bulletins.audience import consenting_members
from members.bulletins.models import Bulletin, BulletinDelivery
from members.models import MarketingConsent

from .conftest import bulletin, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(home_page, commit):
    recipient = member(user__email="reader@example.org")
    chosen = bulletin(status=Bulletin.Status.SCHEDULED, send_at=timezone.now())
    with commit():
        sending.send(chosen.pk)
    delivery = BulletinDelivery.objects.get(user=recipient)
    return delivery, sending.unsubscribe_token(delivery)


def _url(token):
    return reverse("bulletins:unsubscribe", args=[token])


def test_a_get_shows_one_button_and_changes_nothing(delivered, client):
    delivery, token = delivered
    response = client.get(_url(token))
    assert response.status_code == 200
    assert b'<button class="button" type="submit">Unsubscribe</button>' in response.content
    assert reverse("members:profile").encode() in response.content
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is None
    assert consenting_members().filter(pk=delivery.user_id).exists()


def test_one_click_post_unsubscribes_without_a_session_or_csrf_token(delivered):
    delivery, token = delivered
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        _url(token),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is not None
    latest = MarketingConsent.objects.filter(user=delivery.user).first()
    assert latest.given is False
    assert (
        latest.wording
        == "Unsubscribed with the one-click link in the bulletin “News from the network”."
    )
    assert latest.recorded_at == delivery.unsubscribed_at
    assert not consenting_members().filter(pk=delivery.user_id).exists()
    # Again (a mail client retrying): nothing more is recorded.
    mail_client.post(_url(token))
    assert MarketingConsent.objects.filter(user=delivery.user, given=False).count() == 1


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "2" + token[1:],  # another delivery's id, old signature
        lambda token: "not-a-token",
    ],
)
def test_a_forged_link_changes_nothing(delivered, client, forge):
    delivery, token = delivered
    response = client.post(_url(forge(token)))
    assert response.status_code == 400
    assert b"This unsubscribe link does not work" in response.content
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is None
    assert MarketingConsent.objects.filter(user=delivery.user).first().given is True


def test_a_test_emails_link_unsubscribes_nobody(delivered, client):
    delivery, _ = delivered
    response = client.post(_url(sending.unsubscribe_token(None)))
    assert response.status_code == 200
    assert b"unsubscribes nobody" in response.content
    assert MarketingConsent.objects.filter(given=False).count() == 0
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is None


def test_the_dashboard_and_the_data_export_show_the_unsubscription(delivered, client):
    delivery, token = delivered
    Client().post(_url(token))
    delivery.refresh_from_db()
    client.force_login(delivery.user)
    dashboard = client.get(reverse("members:dashboard")).content.decode()
    when = timezone.localtime(delivery.unsubscribed_at)
    assert (
        f"You unsubscribed on {when:%-d %B %Y} at {when:%H:%M}, with the link in the bulletin "
        "“News from the network”." in dashboard
    )
    export = json.loads(client.get(reverse("members:export")).content)
    (row,) = export["records"]["bulletins.BulletinDelivery"]["rows"]
    assert row["unsubscribed_at"] == delivery.unsubscribed_at.isoformat()
    consents = export["records"]["members.MarketingConsent"]["rows"]
    assert consents[-1]["given"] is False


# By email: the List-Unsubscribe mailto:, through the provider's inbound webhook


def post_inbound(client, subject, credentials="test:secret"):
    """Mail to the unsubscribe address as Postmark's inbound webhook posts it
    (basic auth as for its tracking webhook)."""
    token = base64.b64encode(credentials.encode()).decode()
    payload = {
        "FromFull": {"Email": "reader@example.org", "Name": "A Reader"},
        "ToFull": [{"Email": settings.BULLETIN_UNSUBSCRIBE_MAILTO, "Name": ""}],
        "Subject": subject,
        "TextBody": "",
        "Headers": [],
        "MessageID": "22c74902-a0c1-4511-804f-341342852c90",
    }
    return client.post(
        "/anymail/postmark/inbound/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
    )


def test_mail_to_the_mailto_address_unsubscribes_its_recipient(delivered, client):
    delivery, token = delivered
    mailto = sending.unsubscribe_headers(token)["List-Unsubscribe"].split("<mailto:")[1]
    subject = unquote(mailto.split("?subject=")[1].rstrip(">"))
    response = post_inbound(client, subject)
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is not None
    assert not consenting_members().filter(pk=delivery.user_id).exists()


@pytest.mark.parametrize(
    "subject", ["unsubscribe not-a-real-token", "Re: your bulletin", "unsubscribe"]
)
def test_mail_without_a_good_token_changes_nothing(delivered, client, subject):
    delivery, _ = delivered
    assert post_inbound(client, subject).status_code == 200
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is None
    assert consenting_members().filter(pk=delivery.user_id).exists()


def test_inbound_mail_without_the_webhook_secret_is_refused(delivered, client):
    delivery, token = delivered
    response = post_inbound(client, f"unsubscribe {token}", credentials="test:wrong")
    assert response.status_code == 400
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is None
