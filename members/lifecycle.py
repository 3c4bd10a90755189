"""What happens to a membership after it is approved: renewal reminders and
lapsing at the end of a year paid offline or waived, staff suspending,
reinstating or ending a membership, and a member leaving the network.

Each change is recorded as a ``MembershipDecision`` (who, when, why), as
approvals are, and the member is emailed; each runs in one transaction with
its email (sent once it commits). A Stripe subscription is cancelled at Stripe
before anything changes here, so that nobody is charged for a membership that
has ended; if Stripe cannot be reached nothing changes and the caller says so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from network_site.emails import send_templated_email
from network_site.payments import services as payment_services
from network_site.refusals import Refused
from network_site.roles import MEMBERSHIP_OFFICERS, staff_to_notify

from .models import Membership, MembershipDecision, MembershipReminder
from .services import admin_url, lock_membership, may_decide

if TYPE_CHECKING:
    from .models import User

Status = Membership.Status
Outcome = MembershipDecision.Outcome
Kind = MembershipReminder.Kind

# Reminders before a year ends: each is sent while the expiry is within its
# lead and beyond the next one's, so a late run sends the later reminder only.
REMINDERS = [
    (Kind.DAYS_30, datetime.timedelta(days=30), datetime.timedelta(days=7)),
    (Kind.DAYS_7, datetime.timedelta(days=7), datetime.timedelta(0)),
]
BATCH_SIZE = 200


def _record(membership: Membership, outcome: str, by: User | None, reason: str, now):
    return MembershipDecision.objects.create(
        membership=membership, outcome=outcome, reason=reason, decided_by=by, decided_at=now
    )


def _tell_member(name: str, membership: Membership, **context) -> None:
    send_templated_email(
        f"members/{name}",
        membership.user.email,
        {"membership": membership, "member": membership.user, **context},
        user=membership.user,
    )


def _tell_officers(membership: Membership, decision: MembershipDecision) -> None:
    """Tell the other membership officers what changed (not the one who did it)."""
    for officer in staff_to_notify(MEMBERSHIP_OFFICERS):
        if officer.pk != decision.decided_by_id:
            send_templated_email(
                "members/membership_changed_staff",
                officer.email,
                {
                    "membership": membership,
                    "decision": decision,
                    "admin_url": admin_url(membership),
                },
                user=officer,
            )


def _stop_subscription(membership: Membership, comment: str) -> None:
    """Cancel the membership's fee subscription at Stripe (StripeUnavailable
    propagates before anything here has changed)."""
    if membership.stripe_subscription_id:
        payment_services.cancel_subscription(membership.stripe_subscription_id, comment=comment)


# Renewal reminders and lapsing (a year paid offline or waived; Stripe renews
# and lapses subscriptions itself, through its webhooks)


def renewable():
    """Active memberships with an end date that Stripe does not renew."""
    return Membership.objects.active().filter(expires_at__isnull=False, stripe_subscription_id="")


@dataclass
class ReminderRun:
    reminded: int = 0
    lapsed: int = 0


def _remind_once(membership: Membership, kind: str) -> bool:
    """Record the reminder for this year of the membership and queue its email,
    unless it has been sent: the unique constraint makes it once, whoever runs."""
    assert membership.expires_at is not None  # renewable() and lapse() see to it
    try:
        with transaction.atomic():
            MembershipReminder.objects.create(
                membership=membership, kind=kind, expires_at=membership.expires_at
            )
    except IntegrityError:
        return False
    return True


def send_renewal_reminders(now: datetime.datetime | None = None) -> ReminderRun:
    """Remind members 30 and 7 days before their year ends, each once, and lapse
    those whose year has ended, telling them how to renew. Safe to run late,
    twice or in two workers at once."""
    now = now or timezone.now()
    run = ReminderRun()
    for kind, lead, next_lead in REMINDERS:
        due = renewable().filter(expires_at__gt=now + next_lead, expires_at__lte=now + lead)
        sent = MembershipReminder.objects.filter(
            membership=OuterRef("pk"), kind=kind, expires_at=OuterRef("expires_at")
        )
        due = due.exclude(Exists(sent))
        for membership in due.select_related("user").order_by("pk")[:BATCH_SIZE]:
            with transaction.atomic():
                if _remind_once(membership, kind):
                    _tell_member(
                        "membership_renewal_reminder",
                        membership,
                        days=lead.days,
                        may_pay=membership.may_pay_fee(now=now),
                    )
                    run.reminded += 1
    for pk in renewable().filter(expires_at__lte=now).values_list("pk", flat=True)[:BATCH_SIZE]:
        if lapse(pk, now=now):
            run.lapsed += 1
    return run


@transaction.atomic
def lapse(pk: int, *, now: datetime.datetime | None = None) -> bool:
    """End a membership whose paid year is over (once: the row is locked and
    checked again); the member is told how to renew."""
    now = now or timezone.now()
    membership = (
        Membership.objects.select_for_update(skip_locked=True)
        .select_related("user")
        .filter(pk=pk, status=Status.ACTIVE, stripe_subscription_id="", expires_at__lte=now)
        .first()
    )
    if membership is None:
        return False
    membership.status = Status.LAPSED
    membership.save(update_fields=["status"])
    _record(
        membership,
        Outcome.LAPSED,
        None,
        f"The year paid for ended on {timezone.localtime(membership.expires_at):%d %B %Y}.",
        now,
    )
    if _remind_once(membership, Kind.LAPSED):
        _tell_member("membership_lapsed", membership, may_pay=membership.may_pay_fee(now=now))
    return True


# Staff: suspend, reinstate, end


def _lock_for_officer(membership: Membership, officer: User, allowed, doing: str) -> Membership:
    if not may_decide(officer):
        raise PermissionDenied("Only membership officers change memberships.")
    locked = lock_membership(membership.pk)
    if locked is None:
        raise Refused("This membership no longer exists.")
    if locked.status not in allowed:
        raise Refused(
            f"The membership of {locked.user} is {locked.get_status_display().lower()}: "
            f"it cannot be {doing}."
        )
    return locked


def _reason(reason: str | None, why: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(f"Give a reason: {why}")
    return reason


def _change(membership, locked, by, status, outcome, reason, email):
    """Move the locked membership to ``status``, record it as ``outcome`` by
    ``by`` (an officer, or the member leaving) and tell the member and the
    officers; the caller's instance shows the new status too."""
    now = timezone.now()
    locked.status = status
    locked.save(update_fields=["status"])
    decision = _record(locked, outcome, by, reason, now)
    membership.status = status
    _tell_member(email, locked, reason=reason)
    _tell_officers(locked, decision)
    return decision


SUSPENDABLE = (Status.ACTIVE, Status.AWAITING_PAYMENT, Status.LAPSED)
ENDABLE = (*SUSPENDABLE, Status.SUSPENDED)


def changes_allowed(membership: Membership) -> dict[str, str]:
    """What an officer may do to the membership now: action and button label."""
    allowed = {}
    if membership.status in SUSPENDABLE:
        allowed["suspend"] = "Suspend"
    if membership.status == Status.SUSPENDED:
        allowed["reinstate"] = "Reinstate"
    if membership.status in ENDABLE:
        allowed["end"] = "End the membership"
    if membership.contact_for_id and membership.status != Status.CANCELLED:
        allowed["remove"] = "Remove as a contact"
    return allowed


@transaction.atomic
def suspend(membership: Membership, officer: User, reason: str | None) -> MembershipDecision:
    """Pause a membership (it is no longer active: no members' events, no
    directory) until an officer reinstates it; the member is told why."""
    reason = _reason(reason, "the member is told why their membership is suspended.")
    locked = _lock_for_officer(membership, officer, SUSPENDABLE, "suspended")
    return _change(
        membership,
        locked,
        officer,
        Status.SUSPENDED,
        Outcome.SUSPENDED,
        reason,
        "membership_suspended",
    )


@transaction.atomic
def reinstate(membership: Membership, officer: User, reason: str | None = "") -> MembershipDecision:
    """Lift a suspension: the membership is active again, or lapsed if its
    paid year ended meanwhile."""
    locked = _lock_for_officer(membership, officer, (Status.SUSPENDED,), "reinstated")
    expired = locked.expires_at is not None and locked.expires_at <= timezone.now()
    status = Status.LAPSED if expired else Status.ACTIVE
    return _change(
        membership,
        locked,
        officer,
        status,
        Outcome.REINSTATED,
        (reason or "").strip(),
        "membership_reinstated",
    )


def end(membership: Membership, officer: User, reason: str | None) -> MembershipDecision:
    """End a membership for good (the account stays); a fee subscription is
    cancelled at Stripe first. The person may apply again later."""
    reason = _reason(reason, "the member is told why their membership has ended.")
    with transaction.atomic():
        locked = _lock_for_officer(membership, officer, ENDABLE, "ended")
    _stop_subscription(locked, "The network ended the membership.")
    with transaction.atomic():
        locked = _lock_for_officer(membership, officer, ENDABLE, "ended")
        return _change(
            membership,
            locked,
            officer,
            Status.CANCELLED,
            Outcome.ENDED,
            reason,
            "membership_ended",
        )


# The member: leave the network


def leave(membership: Membership, member: User, reason: str | None = "") -> MembershipDecision:
    """End the member's own membership without deleting their account: their fee
    subscription is cancelled at Stripe, the officers are told, and they may
    apply again later."""
    if membership.user_id != member.pk:
        raise PermissionDenied("Only the member can leave for themselves.")
    if not membership.may_leave():
        raise Refused("Your membership has already ended.")
    _stop_subscription(membership, "The member left the network.")
    with transaction.atomic():
        locked = lock_membership(membership.pk)
        if locked is None or not locked.may_leave():
            raise Refused("Your membership has already ended.")
        reason = (reason or "").strip()
        return _change(
            membership, locked, member, Status.CANCELLED, Outcome.LEFT, reason, "membership_left"
        )
