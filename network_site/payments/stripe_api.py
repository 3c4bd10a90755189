"""The one way the site talks to Stripe: a configured ``stripe.StripeClient``.

Keys come from the environment (settings). Nothing works when the keys and the
mode disagree: in live mode every key must be a live key, in test mode a test
key. Tests give the client a fake HTTP layer with ``set_http_client`` so that the
SDK's own request and response code runs against it.
"""

import logging
from typing import Any

import stripe
from django.conf import settings

logger = logging.getLogger(__name__)

_http_client: stripe.HTTPClient | None = None

# Where the "view in Stripe" links of the admin point.
DASHBOARD = "https://dashboard.stripe.com"


class StripeUnavailable(Exception):
    """Stripe could not be reached or refused the call; nothing was bought or held."""


class PaymentsNotConfigured(StripeUnavailable):
    """The Stripe keys are missing or do not match STRIPE_LIVE_MODE."""


def _prefix_mode(key: str) -> str | None:
    for prefix in ("sk_", "rk_", "pk_"):
        if key.startswith(prefix + "live_"):
            return "live"
        if key.startswith(prefix + "test_"):
            return "test"
    return None


def key_mode_problems(conf: Any = settings) -> list[str]:
    """What is wrong with the configured keys for the configured mode (a list of
    sentences; empty when all is well or when Stripe is not configured at all)."""
    keys = {
        "STRIPE_SECRET_KEY": conf.STRIPE_SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": conf.STRIPE_PUBLISHABLE_KEY,
    }
    if not any(keys.values()):
        return []
    mode = "live" if conf.STRIPE_LIVE_MODE else "test"
    problems = []
    for name, key in keys.items():
        found = _prefix_mode(key)
        if found is None:
            problems.append(f"{name} is not a Stripe key.")
        elif found != mode:
            problems.append(
                f"{name} is a {found}-mode key but STRIPE_LIVE_MODE says the site runs in "
                f"{mode} mode."
            )
    if not conf.STRIPE_WEBHOOK_SECRET.startswith("whsec_"):
        problems.append("STRIPE_WEBHOOK_SECRET is not a Stripe webhook signing secret.")
    return problems


def livemode() -> bool:
    return bool(settings.STRIPE_LIVE_MODE)


def set_http_client(http_client: stripe.HTTPClient | None) -> None:
    """Tests only: send every Stripe call through ``http_client`` (None restores
    the SDK's own)."""
    global _http_client
    _http_client = http_client


def client() -> stripe.StripeClient:
    problems = key_mode_problems(settings)
    if not settings.STRIPE_SECRET_KEY:
        problems.append("STRIPE_SECRET_KEY is not set.")
    if problems:
        # A configuration fault, caught at deploy by the system check; at run time
        # it stops the payment like an outage would, with a clear message, not a 500.
        logger.error("Stripe is not usable: %s", " ".join(problems))
        raise PaymentsNotConfigured(" ".join(problems))
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=_http_client,
        max_network_retries=2,
    )


def dashboard_url(kind: str, object_id: str | None) -> str:
    """A link to an object in Stripe's dashboard, e.g. ("payments", "pi_...")."""
    if not object_id:
        return ""
    test = "" if livemode() else "/test"
    return f"{DASHBOARD}{test}/{kind}/{object_id}"
