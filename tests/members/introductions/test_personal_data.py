"""Introductions in the member's data export, and gone after erasure."""

import json

import pytest
from django.urls import reverse

from members.introductions import services
from members.introductions.models import Introduction, IntroductionEvent, IntroductionRequest
from members.personal_data import erase_member, export_member_data
from tests.exports import body
from tests.members.introductions.conftest import proposal, signed_in

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_members_requests_introductions_and_steps(councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    services.answer(introduction, councillor.user, True)
    records = export_member_data(councillor.user)["records"]
    (request_row,) = records["introductions.IntroductionRequest"]["rows"]
    assert request_row["reason"] == "We are starting a food poverty group."
    (introduction_row,) = records["introductions.Introduction"]["rows"]
    assert introduction_row["requester_answer"]["value"] == "accepted"
    actions = [row["action"]["value"] for row in records["introductions.IntroductionEvent"]["rows"]]
    assert actions == ["asked", "proposed", "accepted"]
    membership = records["members.Membership"]["rows"][0]
    assert membership["open_to_introductions"] is False
    # Nothing of the other side before they accept: no name, no address.
    text = json.dumps(records["introductions.Introduction"])
    assert larder.user.email not in text
    assert "Okafor" not in text

    # The member proposed sees the introduction offered to them, not the requester's request.
    other = export_member_data(larder.user)["records"]
    assert other["introductions.IntroductionRequest"]["rows"] == []
    assert len(other["introductions.Introduction"]["rows"]) == 1
    assert councillor.user.email not in json.dumps(other["introductions.Introduction"])


def test_the_export_download_includes_introductions(councillor, larder, officer):
    proposal(councillor, larder, officer)
    response = signed_in(councillor.user).get(reverse("members:export"))
    data = json.loads(body(response))
    assert data["records"]["introductions.IntroductionRequest"]["rows"]


def test_erasing_the_requester_removes_their_requests_and_steps(councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    erase_member(councillor.user)
    assert not IntroductionRequest.objects.exists()
    assert not Introduction.objects.filter(pk=introduction.pk).exists()
    assert not IntroductionEvent.objects.exists()


def test_erasing_the_member_proposed_removes_the_introduction(councillor, larder, officer):
    introduction = proposal(councillor, larder, officer)
    erase_member(larder.user)
    assert not Introduction.objects.filter(pk=introduction.pk).exists()
    assert not IntroductionEvent.objects.filter(introduction__isnull=False).exists()
    larder.refresh_from_db()
    assert not larder.open_to_introductions
    # The requester's own request stays, and staff may propose someone else.
    request = IntroductionRequest.objects.get()
    assert (request.requester, request.status) == (councillor, IntroductionRequest.Status.OPEN)
    assert list(IntroductionEvent.objects.values_list("action", flat=True)) == ["asked"]
