"""Stripe keys must agree with the mode the site runs in: a live site never uses a
test key and a test site never uses a live one (nor a live webhook secret)."""

from django.conf import settings
from django.core.checks import Error, register

from .stripe_api import key_mode_problems


@register("payments", deploy=True)
def stripe_keys_match_mode(app_configs=None, **kwargs):
    return [
        Error(
            problem,
            hint="Set STRIPE_LIVE_MODE and the three Stripe keys together.",
            id=f"payments.E00{n}",
        )
        for n, problem in enumerate(key_mode_problems(settings), start=1)
    ]
