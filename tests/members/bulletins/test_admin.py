"""The Bulletins screens, as someone in the Communications group uses them:
see the audience's size, preview, send a test, send now or at a time, stop a
scheduled one; a sent bulletin cannot be changed."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.bulletins.models import Bulletin, BulletinDelivery
from network_site import roles
from network_site.models import OutboundEmail
from tests.members.membership_roles import verified_user

from .conftest import member

pytestmark = pytest.mark.django_db


def _url(name, bulletin):
    return reverse(f"bulletins_admin:{name}", args=[bulletin.pk])


def test_the_bulletin_shows_how_many_it_reaches_now(comms, client, draft):
    member(), member(), member(consent=False)
    response = client.get(_url("inspect", draft))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 members with marketing consent and a deliverable address" in page
    assert "For everyone, once sent" in page


def test_the_preview_shows_the_html_in_a_frame_and_the_text(comms, client, draft):
    page = client.get(_url("preview", draft)).content.decode()
    # The page has a heading and a title of its own, for screen readers and tabs.
    assert re.search(rf'<h1 class="w-sr-only">\s*Preview: {re.escape(draft.subject)}\s*</h1>', page)
    assert f"<title>Preview: {draft.subject}" in page
    assert f'src="{_url("preview_html", draft)}"' in page
    assert "WHAT WE DID THIS MONTH" in page  # the plain text, under the frame
    framed = client.get(_url("preview_html", draft))
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "<h2" in framed.content.decode()
    assert "What we did this month" in framed.content.decode()


def test_a_test_goes_to_the_sender_alone_marked_as_a_test(comms, client, draft, commit):
    member()
    with commit():
        response = client.post(_url("send_test", draft))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["comms@example.org"]
    assert message.subject == "[Test] News from the network"
    assert "List-Unsubscribe" in message.extra_headers
    draft.refresh_from_db()
    assert draft.is_draft
    assert not BulletinDelivery.objects.exists()


def test_send_now_sends_it_to_the_audience(comms, client, draft, commit):
    reader = member()
    with commit():
        response = client.post(_url("send", draft), {"when": "now"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Bulletin.Status.SENT
    assert draft.sent_by == comms
    assert [m.to for m in mail.outbox] == [[reader.email]]
    page = client.get(_url("inspect", draft)).content.decode()
    assert "Delivered to the provider" in page


def test_send_later_schedules_it_and_stop_makes_it_a_draft_again(comms, client, draft, commit):
    member()
    when = timezone.localtime() + datetime.timedelta(days=1)
    with commit():
        response = client.post(
            _url("send", draft), {"when": "later", "send_at": f"{when:%Y-%m-%d %H:%M}"}
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Bulletin.Status.SCHEDULED
    assert timezone.localtime(draft.send_at).strftime("%Y-%m-%d %H:%M") == f"{when:%Y-%m-%d %H:%M}"
    assert mail.outbox == []
    client.post(_url("stop", draft))
    draft.refresh_from_db()
    assert draft.is_draft
    assert draft.send_at is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"when": "later"}, "Choose when to send it."),
        ({"when": "later", "send_at": "2020-01-01 09:00"}, "Choose a time from now on"),
        ({"when": "later", "send_at": "tomorrow-ish"}, "Enter a valid date/time."),
        ({"when": "sometime"}, "Select a valid choice."),
    ],
)
def test_a_bad_time_is_refused_beside_the_field(comms, client, draft, data, message):
    member()
    response = client.post(_url("send", draft), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_an_audience_of_nobody_is_refused(comms, client, draft):
    member(consent=False)
    response = client.post(_url("send", draft), {"when": "now"})
    assert response.status_code == 400
    assert "Nobody in this audience can receive it" in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_a_sent_bulletin_cannot_be_edited_or_deleted(comms, client, draft, commit):
    member()
    with commit():
        client.post(_url("send", draft), {"when": "now"})
    for name in ("edit", "delete"):
        response = client.get(_url(name, draft))
        assert response.status_code == 302
        assert response["Location"] == _url("inspect", draft)
    response = client.post(_url("delete", draft))
    assert Bulletin.objects.filter(pk=draft.pk).exists()


def test_staff_outside_communications_cannot_send(client, draft):
    editor = verified_user(email="editor@example.org", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client.force_login(editor)
    member()
    response = client.post(_url("send", draft), {"when": "now"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    draft.refresh_from_db()
    assert draft.is_draft
