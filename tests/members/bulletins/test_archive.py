"""The archive at /bulletins/: sent bulletins only; members-only ones for active
members alone; each with a web version of what was emailed."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from members.bulletins.models import Bulletin
from members.models import Membership
from tests.factories import UserFactory

from .conftest import bulletin, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(home_page):
    sent = {"status": Bulletin.Status.SENT, "sent_at": timezone.now()}
    return {
        "public": bulletin(subject="Open to all", slug="open", **sent),
        "members": bulletin(subject="For members", slug="for-members", members_only=True, **sent),
        "draft": bulletin(subject="Not yet", slug="not-yet"),
        "scheduled": bulletin(
            subject="Soon", slug="soon", status=Bulletin.Status.SCHEDULED, send_at=timezone.now()
        ),
    }


def _listed(client):
    response = client.get(reverse("bulletins:index"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # what it lists depends on who asks
    return [b.subject for b in response.context["bulletins"]]


def test_the_public_sees_sent_bulletins_that_are_not_for_members(archive, client):
    assert _listed(client) == ["Open to all"]
    client.force_login(UserFactory())
    assert _listed(client) == ["Open to all"]


def test_an_active_member_sees_the_members_only_ones_too(archive, client):
    client.force_login(member())
    assert sorted(_listed(client)) == ["For members", "Open to all"]
    client.force_login(member(status=Membership.Status.LAPSED))
    assert _listed(client) == ["Open to all"]


def test_the_web_version_shows_what_was_sent(archive, client):
    response = client.get(reverse("bulletins:detail", args=["open"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Open to all</h1>" in html
    assert "What we did this month" in html
    assert '/events/">Leeds</a> &amp; Bristol.' in html
    assert "Three councils, two events and one good idea." in html


def test_each_call_to_action_in_the_web_version_is_named_by_its_own_heading(client, home_page):
    def call_to_action(heading, url):
        return (
            "call_to_action",
            {"heading": heading, "text": "", "button_label": "Go", "link": {"url": url}},
        )

    bulletin(
        slug="asks",
        status=Bulletin.Status.SENT,
        sent_at=timezone.now(),
        body=[call_to_action("Join the network", "/members/join/"), call_to_action("Host", "/")],
    )
    html = BeautifulSoup(client.get(reverse("bulletins:detail", args=["asks"])).text, "html.parser")
    boxes = html.select("section.cta")
    assert [box["aria-labelledby"] for box in boxes] == ["bulletin-cta-1", "bulletin-cta-2"]
    assert [html.find(id=box["aria-labelledby"]).get_text() for box in boxes] == [
        "Join the network",
        "Host",
    ]


def test_a_members_only_bulletin_asks_visitors_to_sign_in_and_refuses_others(archive, client):
    url = reverse("bulletins:detail", args=["for-members"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(member())
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("slug", ["not-yet", "soon", "no-such-bulletin"])
def test_a_bulletin_not_yet_sent_is_not_found(archive, client, slug):
    client.force_login(member())
    assert client.get(reverse("bulletins:detail", args=[slug])).status_code == 404
