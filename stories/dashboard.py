"""What the member dashboard shows of stories (registered in stories.wagtail_hooks;
see network_site.member_data): the stories they sent and where each is, and the
outcome reports of theirs that could become one."""

from . import services


def stories_context(user):
    may_submit = services.may_submit_story(user)
    submissions = list(services.submissions_of(user)) if user.is_authenticated else []
    if not (may_submit or submissions):
        return {}
    return {
        "story_submissions": submissions,
        "outcomes_to_tell": list(services.outcomes_to_tell(user).select_related("request__event")),
        "may_submit_story": may_submit,
    }
