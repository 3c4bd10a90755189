"""How allauth fits the site: its emails go through the site's email backbone."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_request_context
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from network_site.emails import email_context, queue_email, render_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's message (``<prefix>_subject.txt``, ``<prefix>_message.txt``)
        inside the site's branded email and queue it like every other email: saved as
        an OutboundEmail, sent by the ``deliver_email`` task after the commit, retried
        if the provider fails."""
        branding = email_context()
        site_url = branding["site_url"]
        allauth_context = {
            "request": allauth_request_context.request,
            "email": email,
            # allauth's templates greet from the current site; ours is the organisation.
            "current_site": SimpleNamespace(
                name=branding["organisation"].name, domain=urlsplit(site_url).netloc
            ),
            **context,
        }
        subject = render_to_string(f"{template_prefix}_subject.txt", allauth_context)
        subject = self.format_email_subject(" ".join(subject.split()))
        message = render_to_string(f"{template_prefix}_message.txt", allauth_context)
        rendered = render_email(
            "account/message",
            {"account_subject": subject, "message": message.strip(), "code": context.get("code")},
        )
        queue_email(template_prefix, email, rendered, user=self._user_for(email, context))

    @staticmethod
    def _user_for(email, context):
        """The account the email is about, so staff see it on the member's emails."""
        user = context.get("user")
        if isinstance(user, get_user_model()) and user.pk:
            return user
        return get_user_model().objects.filter(email__iexact=email).first()
