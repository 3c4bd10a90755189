from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self):
        from network_site.payments.services import register_purpose

        from .fees import PURPOSE, MembershipFeeHandler

        register_purpose(PURPOSE, MembershipFeeHandler())
