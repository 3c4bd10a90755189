"""The demo's introductions: one open request, one with a member proposed and
waiting, one both sides accepted; loading the demo sends no email."""

import io

import pytest
from django.core.management import call_command

from members.introductions.models import Introduction, IntroductionRequest
from members.models import Membership
from network_site.models import OutboundEmail

pytestmark = pytest.mark.django_db


def load_demo_content():
    stdout = io.StringIO()
    call_command("load_demo_content", force=True, stdout=stdout)
    return stdout.getvalue()


def test_the_demo_has_introductions_at_three_stages():
    output = load_demo_content()
    assert "Introductions: " in output
    Status = IntroductionRequest.Status
    requests = IntroductionRequest.objects.all()
    assert sorted(requests.values_list("status", flat=True)) == [
        Status.OPEN,
        Status.PROPOSED,
        Status.PROPOSED,
    ]
    states = sorted(introduction.state() for introduction in Introduction.objects.all())
    assert states == ["introduced", "waiting"]
    for introduction in Introduction.objects.all():
        assert introduction.proposed_by.email == "officer@keepitlocal.example"
        assert introduction.member.open_to_introductions
        assert introduction.request.events.exists()
    for email in ("councillor@keepitlocal.example", "organisation@keepitlocal.example"):
        assert Membership.objects.get(user__email=email).open_to_introductions
    assert not OutboundEmail.objects.filter(template__startswith="introductions/").exists()

    again = load_demo_content()
    assert IntroductionRequest.objects.count() == 3
    assert Introduction.objects.count() == 2
    line = next(line for line in again.splitlines() if line.startswith("Introductions"))
    assert "created" not in line
    assert "updated" not in line


def test_the_demo_pages_work(client):
    load_demo_content()
    councillor = Membership.objects.get(user__email="councillor@keepitlocal.example").user
    client.force_login(councillor)
    page = client.get("/members/introductions/")
    assert page.status_code == 200
    assert "Hyde Park Community Larder" in page.text
