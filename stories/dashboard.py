"""What the member dashboard shows of stories (registered in stories.wagtail_hooks;
see network_site.member_data): the stories they sent and where each is, and the
outcome reports of theirs that could become one. Two queries, whoever the member."""

from . import services


def stories_context(user, membership):
    reported = list(
        services.reported_outcomes(user).select_related("request__event", "story_submission")
    )
    is_member = membership is not None and membership.is_active
    may_submit = services.may_submit_with(is_member, reported)
    submissions = list(services.submissions_of(user))
    if not (may_submit or submissions):
        return {}
    return {
        "story_submissions": submissions,
        "outcomes_to_tell": [
            outcome for outcome in reported if not hasattr(outcome, "story_submission")
        ],
        "may_submit_story": may_submit,
    }
