"""What changes stories: a member's story, from its first draft through review to
publication; a draft made from a post-event outcome report; and consent to a quote
taken back. Views, admin screens, tasks and the demo call these."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.users.models import UserProfile

from events.requests import services as requests
from events.requests.models import EventRequestOutcome
from members.models import viewer_is_member
from network_site.emails import send_templated_email
from network_site.refusals import Refused

from .models import (
    OUTCOME_AREAS,
    Approach,
    QuoteWithdrawal,
    ServiceArea,
    StoryIndexPage,
    StoryPage,
    StoryQuote,
    StoryRelatedPage,
    StorySubmission,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.contrib.auth.models import AnonymousUser, _User  # (django-stubs)
    from django.db.models import QuerySet

WITHDRAW_CONSENT_ACTION = "stories.withdraw_consent"
# What the first step of the member's form sets (stories.forms.AboutForm).
ABOUT_FIELDS = [
    "title",
    "summary",
    "local_authority",
    "service_area",
    "approach",
    "period_start",
    "period_end",
]
SUMMARY_LENGTH = 400
SLUG_LENGTH = 80


def story_index() -> StoryIndexPage:
    index = StoryIndexPage.objects.live().first()
    if index is None:
        raise Refused("The site has no stories page to put a story under yet.")
    return index


def quotes_from_outcome(outcome: EventRequestOutcome) -> list[StoryQuote]:
    """The quotes of an outcome report a story may carry: only the one its host
    agreed the network may publish, with that agreement as its consent."""
    if not (outcome.may_publish_quote and outcome.quote.strip()):
        return []
    submitted = timezone.localdate(outcome.submitted_at)
    return [
        StoryQuote(
            text=outcome.quote.strip(),
            attribution=outcome.quote_attribution.strip(),
            consent_recorded_on=submitted,
            consent_how=f"Agreed on the outcome report of {submitted:%-d %B %Y}",
            from_outcome_report=True,
        )
    ]


def reported_outcomes(user: _User | AnonymousUser) -> QuerySet[EventRequestOutcome]:
    """The outcome reports of the events a member asked for or co-hosted."""
    return EventRequestOutcome.objects.filter(
        request__in=requests.visible_requests(user)
    ).select_related("request")


def outcomes_to_tell(user: _User | AnonymousUser) -> QuerySet[EventRequestOutcome]:
    """Their outcome reports that no story has been made from yet: the dashboard
    invites them to turn each into a story."""
    return reported_outcomes(user).filter(story_submission__isnull=True)


def may_submit_story(user: _User | AnonymousUser) -> bool:
    """Members, and the hosts of an event that was reported on."""
    return user.is_authenticated and (viewer_is_member(user) or reported_outcomes(user).exists())


def may_submit_with(is_member: bool, reported: Sequence[EventRequestOutcome]) -> bool:
    """``may_submit_story`` of a signed-in member, from what a page has already
    loaded: whether they are an active member, and their outcome reports."""
    return is_member or bool(reported)


def submissions_of(user: _User) -> QuerySet[StorySubmission]:
    return StorySubmission.objects.filter(submitted_by=user).with_review()


def draft_of(submission: StorySubmission) -> StoryPage:
    """The story as its latest revision has it: what the member edits."""
    story = submission.story.get_latest_revision_as_object()
    assert isinstance(story, StoryPage)
    return story


def _check_editable(submission: StorySubmission) -> None:
    if not submission.editable:
        if submission.state == StorySubmission.State.IN_REVIEW:
            raise Refused("Our editors are reading this story: you can change it if they ask.")
        raise Refused("This story is no longer a draft, so it cannot be changed here.")


@transaction.atomic
def start_story(user: _User, draft: StoryPage) -> StorySubmission:
    """A member's new story, from the first step of the form: a draft page (not
    live) under the library, and its submission, which the dashboard shows."""
    if not may_submit_story(user):
        raise Refused("Stories are sent by members of the network.")
    index = story_index()
    draft.slug = find_available_slug(index, slugify(draft.title)[:SLUG_LENGTH] or "story")
    draft.live = False
    index.add_child(instance=draft)
    draft.save_revision(user=user, log_action=True)
    return StorySubmission.objects.create(story=draft, submitted_by=user)


@transaction.atomic
def save_draft(submission: StorySubmission, draft: StoryPage, *, user: _User) -> None:
    """A step of the form saved: a new revision of the draft, nothing published."""
    submission = StorySubmission.objects.select_for_update().get(pk=submission.pk)
    _check_editable(submission)
    draft.save_revision(user=user, log_action=True)


def set_member_quote(draft: StoryPage, text: str, attribution: str, *, user: _User) -> None:
    """The member's own quote (one), replacing the one they gave before; quotes
    carried over from an outcome report or added by staff stay."""
    kept = [
        q
        for q in draft.quotes.all()
        if q.from_outcome_report or q.consent_how != _member_consent(user)
    ]
    if text:
        today = timezone.localdate()
        kept.append(
            StoryQuote(
                text=text,
                attribution=attribution,
                consent_recorded_on=today,
                consent_how=_member_consent(user),
            )
        )
    draft.quotes = kept


def _member_consent(user: _User) -> str:
    return f"Confirmed by {user.get_full_name() or user.email} when sending the story"


def member_quote(draft: StoryPage, user: _User) -> StoryQuote | None:
    return next((q for q in draft.quotes.all() if q.consent_how == _member_consent(user)), None)


@transaction.atomic
def send_for_review(submission: StorySubmission, *, user: _User) -> None:
    """The member sends their story to the editors: the site's publishing workflow
    starts, or resumes where the editors sent it back."""
    submission = StorySubmission.objects.select_for_update().get(pk=submission.pk)
    _check_editable(submission)
    draft = draft_of(submission)
    if not any(getattr(draft, field).strip() for field, _label in OUTCOME_AREAS.values()):
        raise Refused("Tell us what changed in at least one of the four areas first.")
    story = submission.story
    state = story.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return
    workflow = story.get_workflow()
    if workflow is None:
        raise Refused("Stories cannot be sent for review yet: the site has no publishing workflow.")
    _members_get_our_emails_not_wagtails(user)
    workflow.start(story, user)


def _members_get_our_emails_not_wagtails(user: _User) -> None:
    """Wagtail tells whoever asked for a review how it ended, with links into the
    admin. A member has no admin: they hear from the network instead (below)."""
    if user.has_perm("wagtailadmin.access_admin"):
        return
    profile = UserProfile.get_for_user(user)
    if profile.approved_notifications or profile.rejected_notifications:
        profile.approved_notifications = profile.rejected_notifications = False
        profile.save(update_fields=["approved_notifications", "rejected_notifications"])


def _tell_submitter(story: StoryPage, email: str, context: dict[str, Any]) -> None:
    """Email the member who sent ``story`` (if it was sent by one still here)."""
    submission = StorySubmission.objects.filter(story=story).select_related("submitted_by").first()
    person = submission.submitted_by if submission is not None else None
    if submission is None or person is None or not person.is_active:
        return
    context = {"person": person, "story": story, "submission": submission, **context}
    send_templated_email(email, person.email, context, user=person)


def tell_published(story: StoryPage) -> None:
    """On a story's first publication, its submitter hears of it."""
    _tell_submitter(story, "stories/published", {"story_url": story.get_full_url()})


def tell_sent_back(story: StoryPage, comment: str) -> None:
    """When an editor sends a submitted story back, its submitter is told why."""
    _tell_submitter(story, "stories/sent_back", {"comment": comment})


def story_fields_from_outcome(outcome: EventRequestOutcome) -> dict[str, Any]:
    """What the first step of the form starts with for a story made from an
    outcome report (the same as story_from_outcome gives the page)."""
    request = outcome.request
    event = request.event
    held = timezone.localdate(event.start) if event is not None else None
    return {
        "title": event.title if event is not None else request.title,
        "summary": Truncator(outcome.what_changed.strip()).chars(SUMMARY_LENGTH),
        "local_authority": request.local_authority_id,
        "period_start": held,
        "period_end": held,
    }


@transaction.atomic
def start_story_from_outcome(
    user: _User, outcome: EventRequestOutcome, draft: StoryPage
) -> StorySubmission:
    """A host's story from their outcome report: made as story_from_outcome makes
    it (with exactly the quotes they agreed we may publish), then given what they
    chose in the first step of the form."""
    if not outcomes_to_tell(user).filter(pk=outcome.pk).exists():
        raise Refused("A story has already been made from this outcome report.")
    story = story_from_outcome(
        outcome,
        user=user,
        service_area=draft.service_area,
        approach=draft.approach,
        title=draft.title,
    )
    submission = story.submission
    latest = draft_of(submission)
    for name in ABOUT_FIELDS:
        setattr(latest, name, getattr(draft, name))
    latest.save_revision(user=user, log_action=False)
    return submission


@transaction.atomic
def story_from_outcome(
    outcome: EventRequestOutcome,
    *,
    user: _User | None,
    service_area: ServiceArea,
    approach: str = Approach.OTHER,
    title: str = "",
) -> StoryPage:
    """A draft story (not live) made from an outcome report: its council, the
    event as a related page, what changed as the start of its account, and
    exactly the quotes the host consented to. One story per report."""
    if StorySubmission.objects.filter(outcome=outcome).exists():
        raise Refused("A story has already been made from this outcome report.")
    request = outcome.request
    event = request.event
    index = story_index()
    title = title or (event.title if event else request.title)
    story = StoryPage(
        title=title,
        slug=find_available_slug(index, slugify(title)[:SLUG_LENGTH] or "story"),
        summary=Truncator(outcome.what_changed.strip()).chars(SUMMARY_LENGTH),
        local_authority=request.local_authority,
        service_area=service_area,
        approach=approach,
        outcome_contribution=outcome.what_happened.strip(),
        live=False,
    )
    story.quotes = quotes_from_outcome(outcome)
    if event is not None:
        story.related_pages = [StoryRelatedPage(page_link=event.page_ptr)]
        story.period_start = story.period_end = timezone.localdate(event.start)
    index.add_child(instance=story)
    story.organisations.set(request.co_host_organisations.all())
    story.save_revision(user=user, log_action=True)
    StorySubmission.objects.create(story=story, submitted_by=user, outcome=outcome)
    return story


def _without_quote(content: dict[str, Any], quote_id: str) -> dict[str, Any]:
    quotes = content.get("quotes") or []
    return {**content, "quotes": [q for q in quotes if str(q.get("uuid")) != quote_id]}


def quotes_in_story(story: StoryPage) -> list[StoryQuote]:
    """Every quote of the story, live or only in its latest draft, with consent or
    not: what staff choose from when consent is taken back."""
    quotes = {q.uuid: q for q in story.quotes.all()}
    if story.has_unpublished_changes and story.latest_revision is not None:
        for quote in story.latest_revision.as_object().quotes.all():
            quotes.setdefault(quote.uuid, quote)
    return list(quotes.values())


@transaction.atomic
def withdraw_quote_consent(
    story: StoryPage, quote_uuid: uuid.UUID, *, recorded_by: _User | None, note: str = ""
) -> QuoteWithdrawal:
    """Consent to a quote taken back: recorded, so that no page, feed, search or
    export shows it again; its words are removed from every revision of the story;
    and a live story is published again without it, by the system."""
    story = StoryPage.objects.select_for_update().get(pk=story.pk)
    if earlier := QuoteWithdrawal.objects.filter(story=story, quote_uuid=quote_uuid).first():
        return earlier
    if not any(q.uuid == quote_uuid for q in quotes_in_story(story)):
        raise Refused("This story has no such quote.")
    withdrawal, created = QuoteWithdrawal.objects.get_or_create(
        quote_uuid=quote_uuid,
        defaults={"story": story, "recorded_by": recorded_by, "note": note},
    )
    if not created:
        return withdrawal
    quote_id = str(quote_uuid)
    draft = story.latest_revision if story.has_unpublished_changes else None
    for revision in story.revisions.all():
        revision.content = _without_quote(revision.content, quote_id)
        revision.save(update_fields=["content"])
    if story.live:
        story.quotes = [q for q in story.quotes.all() if q.uuid != quote_uuid]
        story.save_revision(user=None, log_action=True).publish(user=None)
        if draft is not None:
            # An editor's unpublished changes stay the latest draft (without the quote).
            draft.refresh_from_db()
            draft.as_object().save_revision(user=draft.user, log_action=False)
    else:
        StoryQuote.objects.filter(page=story, uuid=quote_uuid).delete()
    log(
        instance=story,
        action=WITHDRAW_CONSENT_ACTION,
        user=recorded_by,
        data={"quote": quote_id, "note": note},
    )
    return withdrawal
