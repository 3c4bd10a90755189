"""A membership after approval: renewal reminders 30 and 7 days before a year
paid offline or waived ends and lapsing when it does (each email once);
officers suspend, reinstate and end memberships with a recorded reason; a
rejected or former member applies again on the same record, its history kept;
a member leaves the network, their Stripe subscription cancelled, their
account kept."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members import lifecycle
from members.models import Membership, MembershipDecision, MembershipReminder
from network_site.models import OutboundEmail
from network_site.payments import services as payment_services
from network_site.payments import stripe_api
from network_site.scheduling import PERIODIC_TASKS
from tests.factories import LocalAuthorityFactory, MembershipFactory
from tests.members.membership_roles import verified_user
from tests.payments.fees import organisation_member, started_payment

pytestmark = pytest.mark.django_db

Status = Membership.Status
Outcome = MembershipDecision.Outcome
DAY = datetime.timedelta(days=1)
REMINDER = "members/membership_renewal_reminder"
LAPSED = "members/membership_lapsed"


def emails(template, to=None):
    found = OutboundEmail.objects.filter(template=template)
    return list((found.filter(to=to) if to else found).order_by("pk"))


def member_until(expires_at, **kwargs):
    """An active member whose year (paid offline or waived) ends at ``expires_at``."""
    if "user" not in kwargs:
        kwargs["user"] = verified_user(email="rhian@example.org", first_name="Rhian")
    kwargs.setdefault("status", Status.ACTIVE)
    return MembershipFactory(expires_at=expires_at, fee_due="30.00", **kwargs)


# Reminders and lapsing


def test_a_year_ending_is_reminded_30_and_7_days_before_and_at_lapse_once_each():
    now = timezone.now()
    membership = member_until(now + 40 * DAY)
    for days_later in range(0, 45):  # the daily task, run twice a day
        moment = now + days_later * DAY
        lifecycle.send_renewal_reminders(now=moment)
        lifecycle.send_renewal_reminders(now=moment + datetime.timedelta(hours=12))
    reminders = emails(REMINDER, "rhian@example.org")
    assert len(reminders) == 2
    assert "ends in 30 days" in reminders[0].subject
    assert "ends in 7 days" in reminders[1].subject
    assert "/members/dashboard/" in reminders[0].body_text
    (lapsed,) = emails(LAPSED, "rhian@example.org")
    assert "Renew from your dashboard" in lapsed.body_html
    membership.refresh_from_db()
    assert membership.status == Status.LAPSED
    assert membership.decisions.get().outcome == Outcome.LAPSED
    assert set(membership.reminders.values_list("kind", flat=True)) == {
        "30-days",
        "7-days",
        "lapsed",
    }


def test_a_late_run_sends_only_the_reminder_now_due():
    now = timezone.now()
    member_until(now + 3 * DAY)
    lifecycle.send_renewal_reminders(now=now)
    (reminder,) = emails(REMINDER)
    assert "ends in 7 days" in reminder.subject


def test_a_renewed_year_has_reminders_of_its_own():
    now = timezone.now()
    membership = member_until(now + 20 * DAY)
    lifecycle.send_renewal_reminders(now=now)
    membership.expires_at = now + 385 * DAY  # an officer recorded next year's fee
    membership.save()
    lifecycle.send_renewal_reminders(now=now + 360 * DAY)
    assert len(emails(REMINDER)) == 2
    assert MembershipReminder.objects.filter(membership=membership).count() == 2


def test_stripe_renews_subscriptions_itself_and_other_states_are_left_alone():
    now = timezone.now()
    member_until(now - DAY, stripe_subscription_id="sub_123")
    member_until(
        now + 5 * DAY, user=verified_user(email="s@example.org"), stripe_subscription_id="sub_9"
    )
    MembershipFactory(status=Status.SUSPENDED, expires_at=now - DAY)
    MembershipFactory(status=Status.ACTIVE, expires_at=None)  # a free category: no end
    run = lifecycle.send_renewal_reminders(now=now)
    assert (run.reminded, run.lapsed) == (0, 0)
    assert not OutboundEmail.objects.exists()
    assert not Membership.objects.filter(status=Status.LAPSED).exists()


def test_the_reminder_task_runs_daily():
    (periodic,) = [p for p in PERIODIC_TASKS if p.task_path.endswith("send_renewal_reminders")]
    assert periodic.every_minutes == 24 * 60
    member_until(timezone.now() - DAY)
    from members.tasks import send_renewal_reminders

    assert send_renewal_reminders.call() == {"reminded": 0, "lapsed": 1}


# Officers: suspend, reinstate, end


def _change_url(action, membership):
    return reverse(f"memberships:{action}", args=[membership.pk])


def test_an_officer_suspends_with_a_reason_and_the_member_is_told(officer_client, officer):
    membership = member_until(timezone.now() + 100 * DAY)
    response = officer_client.post(_change_url("suspend", membership), {"reason": ""})
    assert response.status_code == 400
    assert "Give a reason: the member is told why." in response.text
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE  # nothing changed
    assert not membership.decisions.exists()

    response = officer_client.post(
        _change_url("suspend", membership), {"reason": "Complaints about conduct at an event."}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Status.SUSPENDED
    decision = membership.decisions.get()
    assert (decision.outcome, decision.decided_by) == (Outcome.SUSPENDED, officer)
    (email,) = emails("members/membership_suspended", "rhian@example.org")
    assert "Complaints about conduct at an event." in email.body_text
    page = officer_client.get(reverse("memberships:inspect", args=[membership.pk])).text
    assert "Complaints about conduct at an event." in page
    assert _change_url("reinstate", membership) in page
    assert _change_url("suspend", membership) not in page


def test_reinstating_makes_the_member_active_again_or_lapsed_if_the_year_ended(officer):
    active = member_until(timezone.now() + 100 * DAY, status=Status.SUSPENDED)
    lifecycle.reinstate(active, officer, "")
    assert Membership.objects.get(pk=active.pk).status == Status.ACTIVE
    ended = MembershipFactory(status=Status.SUSPENDED, expires_at=timezone.now() - DAY)
    lifecycle.reinstate(ended, officer, "Cleared.")
    assert Membership.objects.get(pk=ended.pk).status == Status.LAPSED
    assert len(emails("members/membership_reinstated")) == 2


def test_a_change_that_does_not_fit_the_status_is_refused_and_says_why(officer_client):
    pending = MembershipFactory(status=Status.PENDING)
    page = officer_client.get(_change_url("suspend", pending))
    assert "so it cannot be suspended now" in page.text
    response = officer_client.post(_change_url("suspend", pending), {"reason": "Because."})
    assert response.status_code == 400
    assert "cannot be suspended" in response.text
    assert Membership.objects.get(pk=pending.pk).status == Status.PENDING


def test_only_officers_change_memberships(client):
    membership = member_until(timezone.now() + 100 * DAY)
    client.force_login(verified_user(email="editor@example.org", is_staff=True))
    response = client.post(_change_url("end", membership), {"reason": "No."})
    assert response.status_code in (302, 403)
    assert Membership.objects.get(pk=membership.pk).status == Status.ACTIVE


# Paying by subscription: ending or leaving cancels it at Stripe


@pytest.fixture
def subscriber(client, stripe_fake):
    membership = organisation_member()
    payment = started_payment(client, membership)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    payment_services.sync_session(payment.stripe_checkout_session_id)
    membership.refresh_from_db()
    assert membership.has_live_subscription()
    client.logout()
    return membership


def _subscription_status(membership):
    return stripe_api.client().v1.subscriptions.retrieve(membership.stripe_subscription_id).status


def test_ending_a_membership_cancels_its_subscription(client, subscriber, officer):
    client.force_login(officer)
    response = client.post(_change_url("end", subscriber), {"reason": "Closed down."})
    assert response.status_code == 302
    assert _subscription_status(subscriber) == "canceled"
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CANCELLED
    assert subscriber.decisions.first().outcome == Outcome.ENDED
    (email,) = emails("members/membership_ended", subscriber.user.email)
    assert "nothing more will be taken" in email.body_text


def test_a_member_leaves_keeping_their_account_and_stripe_stops_charging(
    client, subscriber, officer
):
    client.force_login(subscriber.user)
    page = client.get(reverse("members:leave"))
    assert "Your annual fee is cancelled at Stripe" in page.text
    response = client.post(reverse("members:leave"), {"reason": "Our funding ended."})
    assert response.status_code == 302
    assert _subscription_status(subscriber) == "canceled"
    subscriber.refresh_from_db()
    assert subscriber.status == Status.CANCELLED
    decision = subscriber.decisions.first()
    assert (decision.outcome, decision.decided_by, decision.reason) == (
        Outcome.LEFT,
        subscriber.user,
        "Our funding ended.",
    )
    assert emails("members/membership_left", subscriber.user.email)
    assert emails("members/membership_changed_staff", officer.email)
    subscriber.user.refresh_from_db()
    assert subscriber.user.is_active
    dashboard = client.get(reverse("members:dashboard")).text
    assert "You left the network on" in dashboard
    assert "apply to join again" in dashboard


def test_leaving_while_stripe_is_unreachable_changes_nothing(client, subscriber, stripe_fake):
    client.force_login(subscriber.user)
    stripe_fake.unreachable = True
    response = client.post(reverse("members:leave"), {"reason": ""})
    assert response.status_code == 503
    assert "so you are still a member" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Status.ACTIVE
    assert not subscriber.decisions.filter(outcome=Outcome.LEFT).exists()


def test_someone_without_a_membership_has_nothing_to_leave(client):
    client.force_login(verified_user(email="reader@example.org"))
    response = client.post(reverse("members:leave"))
    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard")


# Applying again


def test_a_rejected_applicant_applies_again_and_the_earlier_decision_stays(client, officer):
    from members import services

    leeds = LocalAuthorityFactory(name="Leeds City Council")
    user = verified_user(email="again@example.org")
    membership = MembershipFactory(user=user, status=Status.PENDING, local_authority=leeds)
    services.reject(membership, officer, "We could not confirm you sit on the council.")
    client.force_login(user)
    page = client.get(reverse("members:join"))
    assert "Applying again" in page.text
    assert "Which best describes you?" in page.text
    response = client.post(
        reverse("members:join"),
        {
            "first_name": "Sam",
            "last_name": "Again",
            "category": "councillor",
            "councillor_authority": leeds.pk,
            "councillor_ward": "Headingley",
        },
    )
    assert response.status_code == 302
    (again,) = Membership.objects.filter(user=user)
    assert again.pk == membership.pk
    assert again.status == Status.PENDING
    assert again.decided_by is None
    assert list(again.decisions.values_list("outcome", flat=True)) == [Outcome.REJECTED]


def test_a_pending_or_active_member_cannot_apply_twice(client):
    user = verified_user(email="twice@example.org")
    MembershipFactory(user=user, status=Status.ACTIVE)
    client.force_login(user)
    response = client.post(
        reverse("members:join"), {"first_name": "A", "last_name": "B", "category": "other"}
    )
    assert response.status_code == 200
    assert "Status: <strong>Active</strong>" in response.text
    assert Membership.objects.filter(user=user).count() == 1
