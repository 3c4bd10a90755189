"""What stories hold about a member: the stories they submitted (their entries of
the personal-data register) and their part of erasure (registered in
stories.wagtail_hooks; see network_site.member_data and members.personal_data)."""

from wagtail.models import Page

from network_site.member_data import Exported, NotExported

from . import services
from .models import StoryFollowUp, StoryFollowUpOptOut, StoryPage, StorySubmission

# What the member wrote or chose in a story they submitted.
STORY_FIELDS = (
    "title",
    "summary",
    "local_authority",
    "organisations",
    "service_area",
    "approach",
    "outcome_contribution",
    "outcome_choice",
    "outcome_wellbeing",
    "outcome_isolation",
    "period_start",
    "period_end",
    "live",
    "first_published_at",
)
PAGE_RECORD = "The page's own record in the CMS (tree, revisions, settings), not about the member."


REGISTRY = {
    "stories.StorySubmission": Exported.owned_by(
        StorySubmission,
        "submitted_by",
        fields=("id", "story", "submitted_by", "outcome", "created_at"),
    ),
    "stories.StoryPage": Exported.owned_by(
        StoryPage,
        "submission__submitted_by",
        fields=STORY_FIELDS,
        withheld={
            field.name: PAGE_RECORD
            for field in [*StoryPage._meta.concrete_fields, *StoryPage._meta.many_to_many]
            if field.name not in STORY_FIELDS
        },
    ),
    "stories.StoryFollowUp": Exported.owned_by(
        StoryFollowUp,
        "user",
        fields=("id", "request", "user", "stage", "sent_at"),
    ),
    "stories.StoryFollowUpOptOut": Exported.owned_by(
        StoryFollowUpOptOut,
        "user",
        fields=("id", "user", "created_at"),
    ),
    "stories.ServiceArea": NotExported(
        "A staff-kept list of service areas (its name is the area's, not a person's)."
    ),
    "stories.QuoteWithdrawal": NotExported(
        "Records that someone took back consent to a quote; it names the staff member "
        "who recorded it, not the member."
    ),
}


def erase(user, addresses):
    """The member's stories that were never published go; published ones are the
    network's, edited and published by its staff, and stay without the member's
    name. A quote carried over from their outcome report loses its consent with
    the report's (events.requests.personal_data.erase)."""
    submissions = StorySubmission.objects.filter(submitted_by=user).select_related("story")
    for submission in submissions:
        story = submission.story
        if story.first_published_at is None:
            Page.objects.get(pk=story.pk).delete()
            continue
        for quote in services.quotes_in_story(story):
            if quote.from_outcome_report and quote.uuid not in story.withdrawn_quote_uuids():
                services.withdraw_quote_consent(
                    story, quote.uuid, recorded_by=None, note="The member's data was erased."
                )
    StorySubmission.objects.filter(submitted_by=user).update(submitted_by=None)
