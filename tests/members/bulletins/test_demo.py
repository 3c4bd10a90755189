"""The demo's bulletins: two in the archive (one for members only) and a draft;
loading again changes nothing, and a bulletin sent from the demo stays sent."""

import pytest
from django.core import mail

from members.bulletins.models import Bulletin
from tests.network_site.test_load_demo_content import load_demo_content

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_archive_and_a_draft_and_sends_nothing(client):
    output = load_demo_content(force=True)
    assert "Bulletins: 3 created" in output
    assert mail.outbox == []
    assert sorted(Bulletin.objects.sent().values_list("slug", "members_only")) == [
        ("autumn-2026", False),
        ("members-briefing-november-2026", True),
    ]
    page = client.get("/bulletins/autumn-2026/").content.decode()
    assert "What we heard at our first regional roundtable" in page  # an article card
    assert "/events/online-briefing-procurement-act/" in page  # an event card

    Bulletin.objects.filter(slug="winter-2026").update(status=Bulletin.Status.SENT)
    assert "Bulletins: 3 unchanged" in load_demo_content(force=True)
    assert Bulletin.objects.get(slug="winter-2026").status == Bulletin.Status.SENT


def test_the_privacy_notice_says_bulletins_carry_no_tracking(client):
    load_demo_content(force=True)
    notice = client.get("/privacy/").content.decode()
    assert "Our bulletins" in notice
    assert "no tracking pixels" in notice
