"""Deciding applications: only officers and superusers, only once, always recorded, always told."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from members import services
from members.models import Membership, MembershipDecision
from network_site.refusals import Refused
from network_site.roles import MEMBERSHIP_OFFICERS
from tests.factories import MembershipFactory
from tests.members.membership_roles import (
    user_in_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(db):
    return MembershipFactory(user__first_name="Ada", user__email="ada@example.org")


def permissions(model, *actions):
    """``app.action_model`` for each action on ``model`` (``app.model``)."""
    app, name = model.split(".")
    return {f"{app}.{action}_{name}" for action in actions}


def test_membership_officers_group_has_exactly_the_permissions_it_needs():
    group = Group.objects.get(name=MEMBERSHIP_OFFICERS)
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    everything = ("view", "add", "change", "delete")
    assert granted == {
        "wagtailadmin.access_admin",
        *permissions("members.membership", "view", "change", "decide"),
        *permissions("members.organisation", "view"),
        *permissions("members.localauthority", "view"),
        *permissions("payments.payment", "view", "refund"),
        *permissions("payments.stripeevent", "view"),
        *permissions("councils.commitment", *everything),
        *permissions("elections.election", *everything),
    }


def test_roles_are_repaired_when_run_again():
    from network_site.roles import ensure_staff_roles

    group = Group.objects.get(name=MEMBERSHIP_OFFICERS)
    group.permissions.add(Permission.objects.get(codename="delete_membership"))
    ensure_staff_roles()
    assert not group.permissions.filter(codename="delete_membership").exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("member", False), ("staff", False), ("officer", True), ("superuser", True)],
)
def test_who_may_decide(role, allowed):
    assert services.may_decide(user_in_role(role)) is allowed


def test_approval_is_recorded_and_the_member_welcomed(application, officer, commit):
    before = timezone.now()
    with commit():
        decision = services.approve(application, officer, "Welcome aboard")
    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE
    assert application.decided_by == officer
    assert application.decided_at >= before
    assert (decision.outcome, decision.reason, decision.decided_by) == (
        "approved",
        "Welcome aboard",
        officer,
    )
    assert decision.decided_at == application.decided_at
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert mail.outbox[0].subject.startswith("Welcome to")
    assert "Welcome aboard" in mail.outbox[0].body


def test_welcome_email_mentions_the_fee_due(officer, commit):
    application = MembershipFactory(category="organisation", fee_due=150)
    with commit():
        services.approve(application, officer)
    assert "£150.00" in mail.outbox[0].body


def test_rejection_is_recorded_and_the_applicant_told_why(application, officer, commit):
    with commit():
        services.reject(application, officer, "  We only accept UK councils.  ")
    application.refresh_from_db()
    assert application.status == Membership.Status.REJECTED
    decision = MembershipDecision.objects.get(membership=application)
    assert (decision.outcome, decision.reason, decision.decided_by) == (
        "rejected",
        "We only accept UK councils.",
        officer,
    )
    assert "We only accept UK councils." in mail.outbox[0].body


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_rejection_needs_a_reason(application, officer, reason):
    with pytest.raises(Refused, match="reason"):
        services.reject(application, officer, reason)
    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING
    assert not MembershipDecision.objects.exists()


@pytest.mark.parametrize("second", ["approve", "reject"])
def test_a_decided_application_cannot_be_decided_again(application, officer, second, commit):
    with commit():
        services.approve(application, officer)
    mail.outbox.clear()
    stale = Membership.objects.get(pk=application.pk)
    stale.status = Membership.Status.PENDING  # a copy loaded before the first decision
    decide = {
        "approve": lambda: services.approve(stale, officer),
        "reject": lambda: services.reject(stale, officer, "Changed my mind"),
    }[second]
    with pytest.raises(Refused, match="already active"):
        decide()
    assert MembershipDecision.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["member", "staff"])
def test_others_cannot_decide(application, role):
    with pytest.raises(PermissionDenied):
        services.approve(application, user_in_role(role))
    with pytest.raises(PermissionDenied):
        services.reject(application, user_in_role(role), "No")
    assert not MembershipDecision.objects.exists()


def test_approve_many_records_each_and_skips_the_decided(officer, commit):
    pending = MembershipFactory.create_batch(3)
    rejected = MembershipFactory(status=Membership.Status.REJECTED)
    with commit():
        result = services.approve_many([*pending, rejected], officer)
    assert result.approved == pending
    assert result.skipped == [rejected]
    assert MembershipDecision.objects.filter(outcome="approved").count() == 3
    assert Membership.objects.filter(status="active").count() == 3
    assert len(mail.outbox) == 3


def test_a_failed_email_leaves_the_application_undecided(application, officer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no template")

    monkeypatch.setattr(services, "send_templated_email", broken)
    with pytest.raises(RuntimeError):
        services.approve(application, officer)
    application.refresh_from_db()
    assert application.status == Membership.Status.PENDING
    assert not MembershipDecision.objects.exists()
