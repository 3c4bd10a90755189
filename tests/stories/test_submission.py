"""A member's story, from their dashboard: the form in steps, saved as a draft,
sent to the editors, sent back with a comment, sent again, published; and a
host's story from their outcome report."""

import pytest
from wagtail.models import WorkflowState

from members.models import Membership
from network_site.models import OutboundEmail
from stories.models import StoryPage, StorySubmission
from tests.factories import MembershipFactory

from .conftest import area
from .test_consent_and_outcomes import moderator, outcome_for

pytestmark = pytest.mark.django_db

ABOUT = {
    "title": "A lunch club the neighbourhood runs",
    "summary": "A small grant let neighbours run their own lunch club.",
    "service_area": "",  # set per test: the pk of a service area
    "approach": "grant",
    "period_start": "2025-01-01",
    "period_end": "",
}


@pytest.fixture
def member(leeds):
    return MembershipFactory(local_authority=leeds, status=Membership.Status.ACTIVE).user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def about(leeds, **changes):
    return {
        **ABOUT,
        "local_authority": leeds.pk,
        "service_area": area("adult-social-care").pk,
        **changes,
    }


def start(member_client, leeds, **changes):
    response = member_client.post("/members/stories/new/", about(leeds, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return StorySubmission.objects.get()


def test_bad_input_in_the_first_step_saves_nothing(member_client, story_index, leeds):
    response = member_client.post(
        "/members/stories/new/",
        about(leeds, title="", period_start="2025-06-01", period_end="2025-01-01"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the story a title." in page
    assert "The period cannot end before it starts." in page
    assert not StoryPage.objects.exists()
    assert not StorySubmission.objects.exists()


def test_a_member_writes_a_story_in_steps_and_sends_it(member_client, member, story_index, leeds):
    form = member_client.get("/members/stories/new/")
    assert form.status_code == 200
    # The radios offer real choices only, none of them picked for the member.
    assert "---------" not in form.content.decode()
    assert "checked" not in form.content.decode()
    submission = start(member_client, leeds)
    story = submission.story
    assert not story.live
    assert story.title == ABOUT["title"]
    assert submission.submitted_by == member
    assert submission.state == StorySubmission.State.DRAFT

    step = f"/members/stories/{submission.pk}/"
    response = member_client.post(
        step + "outcomes/", {"outcome_isolation": "People who lived alone now eat together."}
    )
    assert response.status_code == 302
    assert response.url == step + "quote/"

    # A quote needs the speaker's agreement: without it nothing is saved.
    response = member_client.post(step + "quote/", {"text": "I look forward to Tuesdays."})
    assert response.status_code == 400
    assert "tick this once they agree" in response.content.decode()
    response = member_client.post(
        step + "quote/",
        {"text": "I look forward to Tuesdays.", "attribution": "A diner", "consent": "on"},
    )
    assert response.url == step

    draft = StoryPage.objects.get(pk=story.pk).get_latest_revision_as_object()
    assert draft.outcome_isolation == "People who lived alone now eat together."
    [quote] = draft.quotes.all()
    assert quote.consent_recorded_on is not None
    assert not StoryPage.objects.get(pk=story.pk).live  # saving never publishes

    # Saving as a draft goes back to the dashboard, which shows where it is.
    response = member_client.post(
        step + "outcomes/",
        {"outcome_isolation": "People who lived alone now eat together.", "save_draft": "1"},
    )
    assert response.url == "/members/dashboard/"
    dashboard = member_client.get("/members/dashboard/").content.decode()
    assert ABOUT["title"] in dashboard
    assert "Draft" in dashboard

    response = member_client.post(step)
    assert response.status_code == 302
    submission = StorySubmission.objects.with_review().get()
    assert submission.state == StorySubmission.State.IN_REVIEW
    # While the editors read it, it is not the member's to change.
    assert member_client.get(step + "about/").url == step


def test_a_story_must_say_what_changed_before_it_is_sent(member_client, story_index, leeds):
    submission = start(member_client, leeds)
    response = member_client.post(f"/members/stories/{submission.pk}/")
    assert response.status_code == 400
    assert "at least one of the four areas" in response.content.decode()
    assert not WorkflowState.objects.exists()


def test_sent_back_with_a_comment_then_sent_again_and_published(
    member_client, member, story_index, leeds
):
    submission = start(member_client, leeds)
    step = f"/members/stories/{submission.pk}/"
    member_client.post(step + "outcomes/", {"outcome_wellbeing": "Fewer falls at home."})
    member_client.post(step)
    reviewer = moderator()

    state = WorkflowState.objects.get()
    state.current_task_state.reject(user=reviewer, comment="Which year was the grant made?")

    submission = StorySubmission.objects.with_review().get()
    assert submission.state == StorySubmission.State.CHANGES_REQUESTED
    assert submission.review_comment == "Which year was the grant made?"
    email = OutboundEmail.objects.get(template="stories/sent_back")
    assert email.to == member.email
    assert "Which year was the grant made?" in email.body_text
    dashboard = member_client.get("/members/dashboard/").content.decode()
    assert "Which year was the grant made?" in dashboard
    assert "Sent back to you" in dashboard

    response = member_client.post(step + "about/", about(leeds, title="A lunch club since 2023"))
    assert response.status_code == 302
    member_client.post(step)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert StorySubmission.objects.with_review().get().state == StorySubmission.State.IN_REVIEW

    state.current_task_state.approve(user=reviewer)
    story = StoryPage.objects.get(pk=submission.story_id)
    assert story.live
    assert story.title == "A lunch club since 2023"
    assert StorySubmission.objects.with_review().get().state == StorySubmission.State.PUBLISHED
    published = OutboundEmail.objects.get(template="stories/published")
    assert published.to == member.email
    assert story.slug in published.body_text
    # Wagtail's own admin emails are not for members.
    assert not OutboundEmail.objects.exclude(template__startswith="stories/").filter(
        to=member.email
    )


def test_a_host_turns_their_outcome_report_into_a_story(client, story_index, leeds):
    outcome = outcome_for(leeds, quote="We keep the money local now.")
    host = outcome.request.requester
    client.force_login(host)
    dashboard = client.get("/members/dashboard/").content.decode()
    link = f"/members/stories/new/?outcome={outcome.request_id}"
    assert link in dashboard

    form = client.get(link).content.decode()
    assert "We carry over the quote you agreed we may publish" in form
    assert "The council now funds lunch clubs for five years." in form  # the summary to start

    response = client.post(link, about(leeds, title="Lunch clubs funded for five years"))
    assert response.status_code == 302
    submission = StorySubmission.objects.get()
    assert submission.outcome == outcome
    draft = submission.story.get_latest_revision_as_object()
    assert draft.title == "Lunch clubs funded for five years"
    assert [q.text for q in draft.quotes.all()] == ["We keep the money local now."]
    assert client.get(f"/members/stories/{submission.pk}/quote/").status_code == 200

    # One story per report: the invitation goes, and the link no longer works.
    assert link not in client.get("/members/dashboard/").content.decode()
    assert client.get(link).status_code == 404


def test_someone_elses_story_is_not_found(client, member_client, story_index, leeds):
    submission = start(member_client, leeds)
    other = MembershipFactory(local_authority=leeds, status=Membership.Status.ACTIVE).user
    client.force_login(other)
    for path in ("", "about/", "quote/"):
        assert client.get(f"/members/stories/{submission.pk}/{path}").status_code == 404
    assert client.post(f"/members/stories/{submission.pk}/").status_code == 404


def test_only_members_and_hosts_may_send_stories(client, story_index, leeds):
    pending = MembershipFactory(local_authority=leeds, status=Membership.Status.PENDING).user
    client.force_login(pending)
    response = client.get("/members/stories/new/")
    assert response.url == "/members/dashboard/"
    assert client.post("/members/stories/new/", about(leeds)).url == "/members/dashboard/"
    assert not StoryPage.objects.exists()
    assert "Tell us a story" not in client.get("/members/dashboard/").content.decode()
