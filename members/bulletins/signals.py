"""Unsubscribing by email: the ``mailto:`` of a bulletin's List-Unsubscribe
header (RFC 2369) asks the mail client to write to BULLETIN_UNSUBSCRIBE_MAILTO
with the subject "unsubscribe <token>". The provider's inbound webhook (anymail's
``inbound`` signal, authenticated like its tracking webhook) brings that mail
here; the token is the same signed, per-recipient one as the one-click URL's,
so a forged or mistyped one changes nothing."""

import contextlib
import re

from anymail.signals import inbound
from django.dispatch import receiver

from . import services

SUBJECT = re.compile(r"\bunsubscribe\s+(?P<token>\S+)", re.IGNORECASE)


def token_in(subject: str) -> str | None:
    found = SUBJECT.search(subject or "")
    return found.group("token") if found else None


@receiver(inbound, dispatch_uid="bulletins.unsubscribe_by_email")
def unsubscribe_by_email(sender, event, esp_name, **kwargs):
    """Withdraw the consent of the recipient whose token the mail's subject holds
    (mail that is not an unsubscribe request is ignored)."""
    token = token_in(event.message.subject if event.message else "")
    if token:
        with contextlib.suppress(services.BadToken):  # forged or mangled: nothing to do
            services.unsubscribe(token)
