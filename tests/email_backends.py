"""Email backends for tests that need the provider to misbehave."""

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError


class FlakyProviderBackend(AnymailTestBackend):
    """anymail's test backend (messages land in mail.outbox), except that while
    `outage` is on the provider answers every send with an API error and nothing
    is delivered."""

    outage = False

    def post_to_esp(self, payload, message):
        if type(self).outage:
            raise AnymailAPIError("503 Service Unavailable (simulated provider outage)")
        return super().post_to_esp(payload, message)
