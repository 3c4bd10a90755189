"""The stories' part of a fresh site (network_site.site_setup): the library at
/stories/ and "Stories" in the main menu."""

from network_site.site_setup import index_page_step

from .models import StoryIndexPage

STORIES_MENU_ORDER = 250

SETUP_STEPS = [
    index_page_step(
        250,
        StoryIndexPage,
        "stories",
        title="Stories",
        introduction=(
            "What commissioning locally changed, told by the councils, organisations "
            "and people involved."
        ),
        menu_order=STORIES_MENU_ORDER,
    )
]
