"""Reconciliation: after webhooks were missed, ``reconcile_payments`` reads Stripe
(through the real SDK, over the fake) and brings every payment back in line, once;
running it again, or delivering the missed webhooks late, changes nothing more."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus

from events import services as event_services
from events.models import Registration
from members.models import Membership
from network_site.models import OutboundEmail
from network_site.payments.models import Payment, Refund, StripeEvent
from network_site.payments.reconcile import reconcile
from network_site.payments.stripe_api import StripeUnavailable
from network_site.payments.tasks import reconcile_recent_payments
from tests.factories import UserFactory
from tests.members.membership_roles import verified_user

from .fees import deliver_all, fee_emails, officer, organisation_member, started_payment
from .sales import fee, paid_event, records, ticket, ticket_payment

pytestmark = pytest.mark.django_db

Status = Payment.Status
DAY = 24 * 60 * 60


@pytest.fixture
def event(home_page):
    return paid_event(home_page)


def since(days=3):
    return timezone.now() - datetime.timedelta(days=days)


def refreshed(*payments):
    for payment in payments:
        payment.refresh_from_db()
    return payments


def run_command(*args):
    out = io.StringIO()
    call_command("reconcile_payments", *args, stdout=out)
    return out.getvalue()


# The outage


@pytest.fixture
def outage(stripe_fake, event):
    """Everything that happened in Stripe while no webhook reached us."""
    paid = ticket(event)
    stripe_fake.complete_session(paid.stripe_checkout_session_id)

    expired = ticket(event)
    stripe_fake.expire_session(expired.stripe_checkout_session_id)

    refunded = ticket(event)
    stripe_fake.complete_session(refunded.stripe_checkout_session_id)
    intent = stripe_fake.get(refunded.stripe_checkout_session_id)["payment_intent"]
    # Staff refunded £5 in Stripe's dashboard.
    stripe_fake.refund_payment(intent, amount=500)

    waiting = ticket(event)  # the buyer is still on the Checkout page

    renewed = fee()
    stripe_fake.complete_session(renewed.stripe_checkout_session_id)
    subscription = stripe_fake.get(renewed.stripe_checkout_session_id)["subscription"]
    stripe_fake.advance(0)  # freeze the clock: the renewal is a year on
    renewal_event = stripe_fake.renew_subscription(subscription)

    failing = fee(amount=4000)
    stripe_fake.complete_session(failing.stripe_checkout_session_id)
    failing_subscription = stripe_fake.get(failing.stripe_checkout_session_id)["subscription"]
    failed_event = stripe_fake.fail_renewal(failing_subscription)
    stripe_fake.clock = None

    return {
        "paid": paid,
        "expired": expired,
        "refunded": refunded,
        "waiting": waiting,
        "renewed": renewed,
        "failing": failing,
        "renewal_invoice": renewal_event["data"]["object"]["id"],
        "failed_invoice": failed_event["data"]["object"]["id"],
        "subscription": subscription,
        "failing_subscription": failing_subscription,
    }


def assert_restored(stripe_fake, outage):
    paid, expired, refunded, waiting, renewed, failing = refreshed(
        *(outage[name] for name in ("paid", "expired", "refunded", "waiting", "renewed", "failing"))
    )
    assert paid.status == Status.PAID
    assert (
        paid.stripe_payment_intent_id
        == (stripe_fake.get(paid.stripe_checkout_session_id)["payment_intent"])
    )
    assert paid.receipt_url.startswith(stripe_fake.receipt_base_url)
    assert paid.paid_at is not None

    assert expired.status == Status.EXPIRED

    assert refunded.status == Status.PARTLY_REFUNDED
    assert refunded.refunded_amount == 500
    (refund,) = refunded.refunds.all()
    assert (refund.amount, refund.status) == (500, Refund.Status.SUCCEEDED)
    assert refund.stripe_refund_id.startswith("re_")

    assert waiting.status == Status.PENDING

    assert renewed.status == Status.PAID
    assert renewed.stripe_subscription_id == outage["subscription"]
    assert renewed.stripe_invoice_id.startswith("in_")
    assert renewed.stripe_invoice_id != outage["renewal_invoice"]
    assert renewed.period_end is not None
    (renewal,) = Payment.objects.filter(stripe_invoice_id=outage["renewal_invoice"])
    assert renewal.status == Status.PAID
    assert renewal.membership_link.membership_id == renewed.membership_link.membership_id
    assert renewal.amount == renewed.amount
    period_end = stripe_fake.get(outage["subscription"])["items"]["data"][0]["current_period_end"]
    assert renewal.period_end.timestamp() == period_end
    assert renewed.period_end < renewal.period_end

    assert failing.status == Status.PAID
    assert failing.stripe_subscription_id == outage["failing_subscription"]
    (failed,) = Payment.objects.filter(stripe_invoice_id=outage["failed_invoice"])
    assert failed.status == Status.FAILED

    # The four tickets, the two first fees, one renewal and one failed renewal.
    assert Payment.objects.count() == 8
    assert Refund.objects.count() == 1


def test_reconciliation_after_a_webhook_outage_restores_every_payment_once(
    stripe_fake, outage, webhook
):
    report = reconcile(since=since())

    assert_restored(stripe_fake, outage)
    assert report.differences == []
    assert report.errors == []
    applied = "\n".join(report.applied)
    for payment in ("paid", "expired", "refunded", "renewed", "failing"):
        assert f"payment {outage[payment].pk} " in applied
    assert outage["renewal_invoice"] in applied
    assert f"payment {outage['waiting'].pk} " not in applied
    assert report.checked["session"] == 6

    after_first = records()
    again = reconcile(since=since())
    assert again.applied == []
    assert again.in_step
    assert "Nothing to do" in str(again)
    assert records() == after_first

    # The missed webhooks finally arrive: each is applied once, and changes nothing.
    for event in stripe_fake.events:
        assert webhook(event).status_code == 200, event["type"]
    assert records() == after_first
    assert_restored(stripe_fake, outage)


def test_the_command_prints_what_it_applied_then_nothing_to_do(stripe_fake, outage):
    output = run_command()
    assert "Applied:" in output
    assert f"payment {outage['paid'].pk} " in output
    assert "Waiting for the buyer → Paid" in output
    assert "Nothing to do" not in output

    output = run_command("--days", "1")
    assert "applied 0" in output
    assert "Nothing to do: our records match Stripe." in output


def test_in_step_with_stripe_there_is_nothing_to_do(stripe_fake, event, webhook):
    payment = ticket(event)
    completed = stripe_fake.complete_session(payment.stripe_checkout_session_id)
    assert webhook(completed).status_code == 200
    report = reconcile(since=since())
    assert report.in_step
    assert report.checked["session"] == 1
    assert str(report).endswith("Nothing to do: our records match Stripe.")


def test_an_open_payment_whose_session_expired_before_the_period_is_expired(stripe_fake, event):
    stripe_fake.clock = stripe_fake.now() - 10 * DAY
    payment = ticket(event)
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timezone.timedelta(10))
    stripe_fake.expire_session(payment.stripe_checkout_session_id)
    stripe_fake.clock = None

    report = reconcile(since=since())
    payment.refresh_from_db()
    assert payment.status == Status.EXPIRED
    assert any(f"payment {payment.pk} " in line for line in report.applied)


# Differences: reported, nothing changed


def test_a_session_whose_amount_differs_is_reported_and_changes_nothing(stripe_fake, event):
    admin = UserFactory(is_superuser=True, is_staff=True, email="admin@network.example")
    payment = ticket(event)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    # Our record says £15 while Stripe took £12.50.
    Payment.objects.filter(pk=payment.pk).update(amount=1500)
    before = records()

    report = reconcile(since=since())

    assert records() == before
    (difference,) = report.differences
    assert payment.stripe_checkout_session_id in difference
    assert "1250 pence, not 1500" in difference
    assert report.applied == []
    assert not report.in_step
    alerts = OutboundEmail.objects.filter(template="payments/payment_alert", to=admin.email)
    assert alerts.count() == 1
    assert StripeEvent.objects.get(outcome=StripeEvent.Outcome.MISMATCH).stripe_id == (
        f"reconcile:{payment.stripe_checkout_session_id}"
    )

    # Still reported by the next run; staff are not alerted again.
    again = reconcile(since=since())
    assert again.differences == report.differences
    assert alerts.count() == 1
    assert records() == before


def test_a_payment_stripe_does_not_know_is_reported(stripe_fake, event):
    payment = ticket_payment(event, stripe_checkout_session_id="cs_test_unknown")
    before = records()
    report = reconcile(since=since())
    assert records() == before
    assert report.differences == [
        f"Payment {payment.pk} ({payment.description}, Waiting for the buyer) names Checkout "
        "Session cs_test_unknown, which Stripe does not know."
    ]


def test_a_session_for_a_payment_we_do_not_have_is_reported(stripe_fake, event):
    payment = ticket(event)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    session_id, payment_id = payment.stripe_checkout_session_id, payment.pk
    payment.delete()
    report = reconcile(since=since())
    assert report.differences == [
        f"Checkout Session {session_id} names payment {payment_id}, which we do not have."
    ]
    assert not Payment.objects.exists()


def test_stripe_failing_part_way_is_reported_and_the_next_run_finishes(stripe_fake):
    payment = fee()
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    subscription = stripe_fake.get(payment.stripe_checkout_session_id)["subscription"]
    renewal = stripe_fake.renew_subscription(subscription)["data"]["object"]["id"]
    # Reading the subscription again while applying the renewal invoice fails.
    stripe_fake.fail_next(
        500,
        times=2,
        method="GET",
        path=f"/v1/subscriptions/{subscription}",
        should_retry=False,
    )

    with pytest.raises(CommandError, match="could not be applied"):
        run_command()
    payment.refresh_from_db()
    assert payment.status == Status.PAID  # the session was applied
    assert not Payment.objects.filter(stripe_invoice_id=renewal).exists()

    run_command()
    assert Payment.objects.get(stripe_invoice_id=renewal).status == Status.PAID


# Stripe unreachable; a dry run


def test_unreachable_stripe_exits_non_zero_and_changes_nothing(stripe_fake, outage):
    before = records()
    stripe_fake.unreachable = True
    with pytest.raises(
        CommandError, match="Stripe could not be reached, so nothing was changed"
    ) as error:
        run_command()
    assert error.value.returncode == 1  # the exit status manage.py gives
    assert records() == before

    result = reconcile_recent_payments.enqueue()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is StripeUnavailable
    assert records() == before


def test_a_dry_run_reports_what_it_would_apply_and_changes_nothing(stripe_fake, outage):
    before = records()
    emails = OutboundEmail.objects.count()
    requests = len(stripe_fake.requests)
    output = run_command("--dry-run")
    assert "a dry run, nothing was changed" in output
    assert "Would apply:" in output
    assert f"payment {outage['paid'].pk} " in output
    assert records() == before
    assert OutboundEmail.objects.count() == emails
    # Stripe was only read.
    assert {request.method for request in stripe_fake.requests[requests:]} == {"GET"}

    real = reconcile(since=since())
    dry_lines = [line for line in output.splitlines() if line.startswith("  - ")]
    assert [f"  - {line}" for line in real.applied] == dry_lines


def test_bad_days_are_refused():
    with pytest.raises(CommandError, match="1 or more"):
        run_command("--days", "0")


# The scheduled task


def test_the_task_reconciles_the_last_two_days(stripe_fake, event):
    payment = ticket(event)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    result = reconcile_recent_payments.enqueue()
    payment.refresh_from_db()
    assert payment.status == Status.PAID
    assert "applied 1" in result.return_value
    assert "applied 0" in reconcile_recent_payments.enqueue().return_value


def test_the_task_does_nothing_without_stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = ""
    assert "not set up" in reconcile_recent_payments.enqueue().return_value


# End to end, through what members and events do with their payments


def test_a_ticket_paid_while_webhooks_were_missed_confirms_the_place_once(
    stripe_fake, event, webhook
):
    buyer = verified_user()
    registration = event_services.register_member(event, buyer)
    assert registration.status == Registration.Status.PENDING_PAYMENT
    session = registration.payments.get().stripe_checkout_session_id
    stripe_fake.complete_session(session)

    reconcile(since=since())

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    confirmations = OutboundEmail.objects.filter(
        template="events/event_registration_confirmed", to=buyer.email
    )
    assert confirmations.count() == 1
    assert reconcile(since=since()).in_step
    deliver_all(webhook, stripe_fake.events)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert confirmations.count() == 1


def test_a_fee_and_its_renewal_paid_while_webhooks_were_missed_count_once(
    client, stripe_fake, webhook
):
    officer()
    membership = organisation_member()
    payment = started_payment(client, membership)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    subscription = stripe_fake.get(payment.stripe_checkout_session_id)["subscription"]
    renewal_invoice = stripe_fake.renew_subscription(subscription)["data"]["object"]["id"]

    reconcile(since=since())

    membership.refresh_from_db()
    renewal = Payment.objects.get(stripe_invoice_id=renewal_invoice)
    assert membership.status == Membership.Status.ACTIVE
    assert membership.stripe_subscription_id == subscription
    assert membership.expires_at == renewal.period_end
    emails = sorted(fee_emails())
    assert emails == [
        ("members/membership_fee_received", membership.user.email),
        ("members/membership_fee_renewed", membership.user.email),
    ]
    assert reconcile(since=since()).in_step
    deliver_all(webhook, stripe_fake.events)
    assert sorted(fee_emails()) == emails
    assert membership.payments.count() == 2
