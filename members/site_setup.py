"""The members' part of a fresh site (network_site.site_setup): the directory and
the join form in the main menu (both are views, not pages)."""

from network_site.site_setup import SetupStep

DIRECTORY_MENU_ORDER = 300
JOIN_MENU_ORDER = 310


def member_links(setup):
    setup.add_menu_link("/members/directory/", "Members", order=DIRECTORY_MENU_ORDER)
    setup.add_menu_link("/members/join/", "Join", order=JOIN_MENU_ORDER)


SETUP_STEPS = [SetupStep("Member links", 300, member_links)]
