from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    """Local elections and their pre-election periods: staff record them, and the
    event request form, staff screens, council and event pages and bulletins warn
    while one is on."""

    name = "members.elections"
    label = "elections"
    verbose_name = "Elections"
