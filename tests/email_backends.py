"""Email backends for tests that need the provider to misbehave."""

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError
from django.db import connection


class FlakyProviderBackend(AnymailTestBackend):
    """anymail's test backend (messages land in mail.outbox), except that while
    `outage` is on the provider answers every send with an API error and nothing
    is delivered."""

    outage = False

    def post_to_esp(self, payload, message):
        if type(self).outage:
            raise AnymailAPIError("503 Service Unavailable (simulated provider outage)")
        return super().post_to_esp(payload, message)


class RecordingFlakyProviderBackend(FlakyProviderBackend):
    """As FlakyProviderBackend, and every attempt, failed or not, is recorded in
    `attempts` as (recipient, Message-ID header, whether a database transaction was
    open during the call)."""

    attempts: list[tuple[str, str, bool]] = []

    def post_to_esp(self, payload, message):
        type(self).attempts.append(
            (message.to[0], message.extra_headers.get("Message-ID", ""), connection.in_atomic_block)
        )
        return super().post_to_esp(payload, message)
