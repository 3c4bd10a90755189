"""Follow-ups: three and six months after an event held with a council, its hosts
are asked once at each stage what changed since, with a link to the story form;
they can opt out from the email, signed in or not."""

import datetime
import re

import pytest
from django.core import signing
from django.utils import timezone

from events.requests.models import EventRequest
from members.models import Membership
from network_site.models import OutboundEmail
from network_site.scheduling import PERIODIC_TASKS
from stories import follow_ups
from stories.models import StoryFollowUp, StoryFollowUpOptOut
from stories.tasks import send_story_follow_ups
from tests.factories import EventRequestFactory, MembershipFactory
from tests.members.membership_roles import verified_user

from .test_consent_and_outcomes import outcome_for

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 9, 1, 9, 0))


def held(authority, *, days_ago, requester=None, contacts=()):
    fields = {"requester": requester} if requester else {}
    event_request = EventRequestFactory(
        local_authority=authority,
        status=EventRequest.Status.HELD,
        status_changed_at=NOW - datetime.timedelta(days=days_ago),
        **fields,
    )
    event_request.contacts.set(contacts)
    return event_request


def host(authority, email):
    user = verified_user(email=email)
    MembershipFactory(user=user, local_authority=authority, status=Membership.Status.ACTIVE)
    return user


def asked(template="stories/follow_up"):
    return sorted(OutboundEmail.objects.filter(template=template).values_list("to", flat=True))


def test_hosts_are_asked_three_months_on_and_six_months_on_once_each(leeds, commit):
    requester, contact = host(leeds, "asha@leeds.example"), host(leeds, "sam@leeds.example")
    event_request = held(leeds, days_ago=92, requester=requester, contacts=[contact])
    early = held(leeds, days_ago=60, requester=host(leeds, "early@leeds.example"))  # not yet

    with commit():
        assert follow_ups.send_follow_ups(NOW) == 2
    assert asked() == ["asha@leeds.example", "sam@leeds.example"]
    email = OutboundEmail.objects.filter(to="asha@leeds.example").get()
    assert "3 months on" in email.subject
    assert "/members/stories/new/" in email.body_text
    assert "/members/stories/follow-ups/stop/" in email.body_text

    # A second run, the next day, asks nobody again.
    with commit():
        assert follow_ups.send_follow_ups(NOW + datetime.timedelta(days=1)) == 0
    assert len(asked()) == 2

    # Three months later, the six-month follow-up goes, once (and the three-month
    # one of the later event).
    later = NOW + datetime.timedelta(days=91)
    with commit():
        assert follow_ups.send_follow_ups(later) == 3
        assert follow_ups.send_follow_ups(later) == 0
    assert list(early.story_follow_ups.values_list("stage", flat=True)) == [3]
    stages = StoryFollowUp.objects.filter(request=event_request).values_list("stage", flat=True)
    assert sorted(stages) == [3, 3, 6, 6]
    six = OutboundEmail.objects.filter(to="asha@leeds.example").order_by("-pk").first()
    assert "6 months on" in six.subject


def test_an_event_held_long_ago_gets_only_the_stage_due_now(leeds):
    held(leeds, days_ago=200, requester=host(leeds, "asha@leeds.example"))
    assert follow_ups.send_follow_ups(NOW) == 1
    assert list(StoryFollowUp.objects.values_list("stage", flat=True)) == [6]
    held(leeds, days_ago=400, requester=host(leeds, "old@leeds.example"))
    assert follow_ups.send_follow_ups(NOW) == 0


def test_the_link_starts_a_story_from_the_outcome_report_while_none_is_made(leeds):
    outcome = outcome_for(leeds)
    outcome.request.status_changed_at = NOW - datetime.timedelta(days=95)
    outcome.request.save(update_fields=["status_changed_at"])
    assert follow_ups.send_follow_ups(NOW) == 1
    email = OutboundEmail.objects.get(template="stories/follow_up")
    assert f"/members/stories/new/?outcome={outcome.request_id}" in email.body_text


def test_only_held_requests_and_only_active_people_are_asked(leeds):
    left = host(leeds, "left@leeds.example")
    left.is_active = False
    left.save()
    held(leeds, days_ago=92, requester=left)
    lapsed = verified_user(email="lapsed@leeds.example")
    MembershipFactory(user=lapsed, local_authority=leeds, status=Membership.Status.LAPSED)
    held(leeds, days_ago=92, requester=lapsed)  # no outcome report, no membership: no form
    declined = held(leeds, days_ago=92, requester=host(leeds, "declined@leeds.example"))
    EventRequest.objects.filter(pk=declined.pk).update(status=EventRequest.Status.DECLINED)
    assert follow_ups.send_follow_ups(NOW) == 0
    assert asked() == []


def test_a_host_opts_out_from_the_email_without_signing_in(client, leeds):
    requester = host(leeds, "asha@leeds.example")
    held(leeds, days_ago=92, requester=requester)
    held(leeds, days_ago=185, requester=requester)
    follow_ups.send_follow_ups(NOW)
    email = OutboundEmail.objects.filter(to=requester.email).first()
    link = re.search(r"(/members/stories/follow-ups/stop/[^/\s]+/)", email.body_text).group(1)

    page = client.get(link)
    assert page.status_code == 200
    assert "Send me no more follow-ups" in page.content.decode()
    assert not StoryFollowUpOptOut.objects.exists()  # a GET changes nothing

    response = client.post(link)
    assert response.status_code == 200
    assert "We will not ask again" in response.content.decode()
    assert StoryFollowUpOptOut.objects.get().user == requester
    assert client.post(link).status_code == 200  # twice is the same as once
    assert StoryFollowUpOptOut.objects.count() == 1

    sent = len(asked())
    assert follow_ups.send_follow_ups(NOW + datetime.timedelta(days=91)) == 0
    assert len(asked()) == sent


@pytest.mark.parametrize("token", ["not-a-token", "MQ:1uQ2Zx:tampered-signature"])
def test_a_bad_opt_out_link_changes_nothing(client, token):
    response = client.post(f"/members/stories/follow-ups/stop/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert not StoryFollowUpOptOut.objects.exists()


def test_a_link_signed_for_something_else_is_refused(client, leeds):
    someone = host(leeds, "asha@leeds.example")
    token = signing.dumps(someone.pk, salt="bulletins.unsubscribe")
    assert client.post(f"/members/stories/follow-ups/stop/{token}/").status_code == 400
    assert not StoryFollowUpOptOut.objects.exists()


def test_the_follow_ups_run_every_day_from_the_scheduler(leeds):
    assert any(
        periodic.task_path == "stories.tasks.send_story_follow_ups"
        and periodic.every_minutes == 1440
        for periodic in PERIODIC_TASKS
    )
    event_request = held(leeds, days_ago=0, requester=host(leeds, "asha@leeds.example"))
    EventRequest.objects.filter(pk=event_request.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=92)
    )
    result = send_story_follow_ups.enqueue()  # as the scheduler does: now is now
    assert result.return_value == 1
    assert asked() == ["asha@leeds.example"]
