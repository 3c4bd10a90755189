from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from members.councils.views import COUNCIL_PAGE_SECTIONS_HOOK
from network_site.member_data import ERASE_MEMBER_DATA, MEMBER_DASHBOARD_CONTEXT, PERSONAL_DATA
from network_site.staff_dashboard import register_report

from . import personal_data, reports, services, views
from .dashboard import stories_context
from .feeds import stories_feed
from .listing import stories_about, story_list
from .models import ServiceArea, StoryIndexPage, StoryPage
from .seo import story_article_schema

# The library's list, feed and structured data (network_site.page_routes):
# declared by the page models, done by the modules above them.
StoryIndexPage.handlers.provide(story_list=story_list, feed=stories_feed)
StoryPage.handlers.provide(structured_data=story_article_schema)

# How many stories a council's page shows; the library, filtered by the
# council, has the rest.
COUNCIL_PAGE_STORIES = 3


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "list-ul"
    menu_label = "Story service areas"
    menu_order = 250
    add_to_admin_menu = False
    list_display = ["name", "slug", "sort_order"]
    list_export = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


register_snippet(ServiceAreaViewSet)

hooks.register(MEMBER_DASHBOARD_CONTEXT, stories_context)
hooks.register(PERSONAL_DATA, lambda: personal_data.REGISTRY)
hooks.register(ERASE_MEMBER_DATA, personal_data.erase)

register_report(reports.StoriesReport, "stories", order=830)


@hooks.register("register_log_actions")
def story_log_actions(actions):
    actions.register_action(
        services.WITHDRAW_CONSENT_ACTION,
        "Consent to a quote taken back",
        "Recorded that consent to a quote was taken back; the quote was removed",
    )


@hooks.register("register_admin_urls")
def story_admin_urls():
    return [
        path(
            "stories/<int:page_id>/consent/",
            views.WithdrawConsentView.as_view(),
            name="stories_withdraw_consent",
        )
    ]


@hooks.register("register_page_header_buttons")
def withdraw_consent_button(page, user, view_name=None, next_url=None):
    if page.specific_class is StoryPage and user.has_perm(views.WITHDRAW_PERMISSION):
        yield Button(
            "Consent taken back",
            reverse("stories_withdraw_consent", args=[page.pk]),
            icon_name="openquote",
            priority=60,
        )


@hooks.register(COUNCIL_PAGE_SECTIONS_HOOK)
def council_stories(authority, request):
    """The newest stories about the council, with a link to the rest."""
    stories = stories_about(authority, COUNCIL_PAGE_STORIES + 1)
    if not stories:
        return None
    index = StoryIndexPage.objects.live().first()
    return {
        "template": "stories/includes/council_section.html",
        "stories": stories[:COUNCIL_PAGE_STORIES],
        "more_url": f"{index.url}?authority={authority.slug}"
        if index and len(stories) > COUNCIL_PAGE_STORIES
        else "",
    }
