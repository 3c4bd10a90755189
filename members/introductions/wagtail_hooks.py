from wagtail import hooks
from wagtail.permissions import register_permission_policy

from network_site.member_data import ERASE_MEMBER_DATA, PERSONAL_DATA

from . import personal_data
from .models import IntroductionRequest
from .viewsets import IntroductionPermissionPolicy, introduction_request_viewset

# Registered before the viewset is, so Wagtail does not make its default policy.
register_permission_policy(IntroductionRequest, IntroductionPermissionPolicy(IntroductionRequest))

hooks.register(PERSONAL_DATA, lambda: personal_data.REGISTRY)
hooks.register(ERASE_MEMBER_DATA, personal_data.erase_member_data)


@hooks.register("register_admin_viewset")
def register_introduction_viewset():
    return introduction_request_viewset
