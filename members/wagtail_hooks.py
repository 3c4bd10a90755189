from wagtail import hooks

from .viewsets import local_authority_viewset


@hooks.register("register_admin_viewset")
def register_local_authority_viewset():
    return local_authority_viewset
