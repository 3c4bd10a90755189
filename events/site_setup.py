"""The events' part of a fresh site (network_site.site_setup): the events index
at /events/ and "Events" in the main menu."""

from network_site.site_setup import index_page_step

from .models import EventIndexPage

EVENTS_MENU_ORDER = 200

SETUP_STEPS = [
    index_page_step(
        400,
        EventIndexPage,
        "events",
        title="Events",
        introduction="Roundtables, workshops and online sessions run by the network.",
        menu_order=EVENTS_MENU_ORDER,
    )
]
