"""What changes stories: a draft made from a post-event outcome report, and consent
to a quote taken back. Views, admin screens, tasks and the demo call these."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log

from events.requests.models import EventRequestOutcome
from network_site.refusals import Refused

from .models import (
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
    from django.contrib.auth.models import _User  # the configured user model (django-stubs)

WITHDRAW_CONSENT_ACTION = "stories.withdraw_consent"
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
