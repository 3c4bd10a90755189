from wagtail import hooks

from network_site.cautions import PAGE_PUBLISH_CAUTIONS
from network_site.member_data import PERSONAL_DATA

from . import cautions, personal_data
from .viewsets import election_viewset


@hooks.register("register_admin_viewset")
def register_election_viewset():
    return election_viewset


hooks.register(PAGE_PUBLISH_CAUTIONS, cautions.page_publish_cautions)
hooks.register(PERSONAL_DATA, lambda: personal_data.REGISTRY)
