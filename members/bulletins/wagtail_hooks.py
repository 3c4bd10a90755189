from wagtail import hooks

from network_site.member_data import MEMBER_DASHBOARD_CONTEXT, PERSONAL_DATA

from . import personal_data
from .viewsets import bulletin_viewset

hooks.register(MEMBER_DASHBOARD_CONTEXT, personal_data.dashboard_context)
hooks.register(PERSONAL_DATA, lambda: personal_data.REGISTRY)


@hooks.register("register_admin_viewset")
def register_bulletin_viewset():
    return bulletin_viewset
