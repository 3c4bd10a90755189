from wagtail import hooks

from .viewsets import email_viewset_group


@hooks.register("register_admin_viewset")
def register_email_viewsets():
    return email_viewset_group
