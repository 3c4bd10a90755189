from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    """The network by place: a page for every local authority and the network in it."""

    name = "members.councils"
    label = "councils"
    verbose_name = "Council pages"
