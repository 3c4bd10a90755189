"""Keys come from the environment and must agree with the mode: a live site never
runs on a test key, a test site never on a live one."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from network_site.payments import stripe_api
from network_site.payments.checks import stripe_keys_match_mode
from network_site.payments.stripe_api import PaymentsNotConfigured

LIVE = {
    "STRIPE_SECRET_KEY": "sk_live_abc",
    "STRIPE_PUBLISHABLE_KEY": "pk_live_abc",
    "STRIPE_WEBHOOK_SECRET": "whsec_abc",
    "STRIPE_LIVE_MODE": True,
}
TEST = {**LIVE, "STRIPE_SECRET_KEY": "sk_test_abc", "STRIPE_PUBLISHABLE_KEY": "pk_test_abc"}


def configure(settings, **values):
    for name, value in values.items():
        setattr(settings, name, value)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({**LIVE, "STRIPE_SECRET_KEY": "sk_test_abc"}, "STRIPE_SECRET_KEY is a test-mode key"),
        ({**LIVE, "STRIPE_PUBLISHABLE_KEY": "pk_test_abc"}, "STRIPE_PUBLISHABLE_KEY is a test"),
        ({**TEST, "STRIPE_LIVE_MODE": False, "STRIPE_SECRET_KEY": "sk_live_abc"}, "live-mode key"),
        ({**TEST, "STRIPE_LIVE_MODE": False, "STRIPE_SECRET_KEY": "hello"}, "not a Stripe key"),
        ({**TEST, "STRIPE_LIVE_MODE": False, "STRIPE_WEBHOOK_SECRET": "x"}, "signing secret"),
    ],
)
def test_keys_that_disagree_with_the_mode_stop_everything(settings, values, problem):
    configure(settings, **values)
    assert any(problem in text for text in stripe_api.key_mode_problems(settings))
    errors = stripe_keys_match_mode()
    assert errors
    assert errors[0].id.startswith("payments.E")
    with pytest.raises(PaymentsNotConfigured, match=problem.split()[0]):
        stripe_api.client()


@pytest.mark.parametrize("values", [LIVE, {**TEST, "STRIPE_LIVE_MODE": False}])
def test_keys_that_match_the_mode_pass(settings, values):
    configure(settings, **values)
    assert stripe_api.key_mode_problems(settings) == []
    assert stripe_keys_match_mode() == []
    assert stripe_api.client() is not None


def test_the_deploy_check_refuses_a_test_key_on_a_live_site(settings):
    configure(settings, **{**LIVE, "STRIPE_SECRET_KEY": "sk_test_abc"})
    with pytest.raises(SystemCheckError, match=r"payments\.E001"):
        call_command("check", "--deploy", "--tag", "payments")


def test_without_keys_the_site_runs_but_cannot_take_payments(settings):
    configure(settings, STRIPE_SECRET_KEY="", STRIPE_PUBLISHABLE_KEY="", STRIPE_WEBHOOK_SECRET="")
    assert stripe_keys_match_mode() == []
    with pytest.raises(PaymentsNotConfigured, match="not set"):
        stripe_api.client()


def test_dashboard_links_follow_the_mode(settings):
    configure(settings, STRIPE_LIVE_MODE=False)
    assert stripe_api.dashboard_url("payments", "pi_1") == (
        "https://dashboard.stripe.com/test/payments/pi_1"
    )
    configure(settings, STRIPE_LIVE_MODE=True)
    assert (
        stripe_api.dashboard_url("payments", "pi_1") == "https://dashboard.stripe.com/payments/pi_1"
    )
    assert stripe_api.dashboard_url("payments", "") == ""


@pytest.mark.django_db
def test_a_site_without_keys_says_so_when_someone_tries_to_pay(settings, client):
    """A laptop without Stripe keys: paying is refused with a clear message, never a 500."""
    from network_site.payments.models import Payment
    from tests.payments.fees import organisation_member, press_pay

    configure(settings, STRIPE_SECRET_KEY="", STRIPE_PUBLISHABLE_KEY="")
    membership = organisation_member()
    client.force_login(membership.user)
    response = press_pay(client, membership)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "could not reach our payment provider" in page
    assert not Payment.objects.exclude(status=Payment.Status.CANCELLED).exists()
