"""The rules of joining the network and of deciding applications.

Views, admin screens and bulk actions all call these functions; none of them
repeats a rule. Each runs in one transaction: the records and the emails are
saved together or not at all (emails are sent once the transaction commits).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network_site.emails import send_templated_email
from network_site.refusals import Refused
from network_site.roles import MEMBERSHIP_OFFICERS, staff_to_notify

from .models import Membership, MembershipDecision, MembershipFees, Organisation

if TYPE_CHECKING:
    from .models import User

DECIDE_PERMISSION = "members.decide_membership"


def release_contacts(main: Membership, reason: str) -> None:
    """The further contacts of an organisation's membership stop being members
    through it (recorded in their histories, with ``reason``) and no longer point
    at it; its open invitations are cancelled (members.organisations). Used when
    its main contact applies afresh or closes their account."""
    now = timezone.now()
    Status = Membership.Status
    released = Membership.objects.filter(contact_for=main)
    for contact in released.exclude(status=Status.CANCELLED):
        contact.status = Status.CANCELLED
        contact.save(update_fields=["status"])
        MembershipDecision.objects.create(
            membership=contact,
            outcome=MembershipDecision.Outcome.CONTACT_REMOVED,
            reason=reason,
            decided_at=now,
        )
    released.update(contact_for=None)
    main.invitations.filter(accepted_at__isnull=True, cancelled_at__isnull=True).update(
        cancelled_at=now
    )


def may_decide(user) -> bool:
    """Membership officers and superusers decide applications."""
    return bool(user and user.is_active and user.has_perm(DECIDE_PERMISSION))


def lock_membership(pk):
    """The membership row, locked until the transaction ends (None if it is gone)."""
    return Membership.objects.select_for_update().select_related("user").filter(pk=pk).first()


def admin_url(membership: Membership) -> str:
    return reverse("memberships:inspect", args=[membership.pk])


# Applying


@transaction.atomic
def submit_application(user: User, data: Mapping[str, Any]) -> Membership:
    """Make ``user`` a pending member from a join form's cleaned data.

    ``data`` holds first_name, last_name, category and that category's fields
    (see members.forms.join.JoinForm). For a community organisation the
    organisation is created with ``user`` as its contact.
    """
    # Lock the user so that two submissions at once make one membership.
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    previous = Membership.objects.filter(user=user).first()
    if previous is not None and not previous.may_apply_again():
        raise Refused("You have already applied to join the network.")

    user.first_name = data["first_name"]
    user.last_name = data["last_name"]
    user.save(update_fields=["first_name", "last_name"])

    category = data["category"]
    Category = Membership.Category
    membership = Membership(user=user, category=category, status=Membership.Status.PENDING)
    if previous is not None:
        # Applying again: the same row, so the earlier decisions and payments stay
        # in its history; what the earlier application said does not.
        membership.pk = previous.pk
        membership.stripe_customer_id = previous.stripe_customer_id
        # A new application is a new organisation (or none): the old one's
        # further contacts do not come along.
        release_contacts(previous, "The main contact applied afresh.")
    income_band = ""
    if category == Category.COUNCILLOR:
        membership.local_authority = data["councillor_authority"]
        membership.ward = data["councillor_ward"]
    elif category == Category.OFFICER:
        membership.local_authority = data["officer_authority"]
        membership.job_title = data["officer_job_title"]
    elif category == Category.ORGANISATION:
        income_band = data["organisation_income_band"]
        organisation = Organisation.objects.create(
            name=data["organisation_name"],
            kind=Organisation.Kind.COMMUNITY,
            charity_number=data.get("organisation_charity_number", ""),
            company_number=data.get("organisation_company_number", ""),
            income_band=income_band,
            website=data.get("organisation_website", ""),
        )
        authorities = list(data["organisation_authorities"])
        organisation.local_authorities.set(authorities)
        membership.organisation = organisation
        membership.organisation_name = organisation.name
        membership.job_title = data.get("organisation_role", "")
        # The first area served is the organisation's home for filters and the directory.
        membership.local_authority = authorities[0] if authorities else None
    elif category == Category.POLICY:
        membership.organisation_name = data["policy_organisation"]
        membership.job_title = data.get("policy_job_title", "")
    elif category == Category.OTHER:
        membership.organisation_name = data.get("other_organisation", "")
        membership.bio = data["other_about"]
    else:
        raise Refused("Choose a membership category.")

    membership.fee_due = MembershipFees.load().fee_for(category, income_band)
    membership.applied_at = timezone.now()
    membership.save()

    send_templated_email(
        "members/membership_received",
        user.email,
        {"membership": membership, "member": user},
        user=user,
    )
    for officer in staff_to_notify(MEMBERSHIP_OFFICERS):
        send_templated_email(
            "members/membership_new_application",
            officer.email,
            {"membership": membership, "member": user, "admin_url": admin_url(membership)},
            user=officer,
        )
    return membership


# Deciding


def _lock_pending(membership: Membership, officer: User) -> Membership:
    if not may_decide(officer):
        raise PermissionDenied("Only membership officers decide applications.")
    locked = lock_membership(membership.pk)
    if locked is None:
        raise Refused("This application no longer exists.")
    if locked.status != Membership.Status.PENDING:
        raise Refused(
            f"The application from {locked.user} is already {locked.get_status_display().lower()}"
            " and cannot be decided again."
        )
    return locked


def _decide(membership: Membership, officer: User, outcome: str, reason: str) -> MembershipDecision:
    locked = _lock_pending(membership, officer)
    approved = outcome == MembershipDecision.Outcome.APPROVED
    if not approved:
        status = Membership.Status.REJECTED
    elif locked.fee_due > 0:
        status = Membership.Status.AWAITING_PAYMENT  # active once the fee is paid
    else:
        status = Membership.Status.ACTIVE
    now = timezone.now()
    locked.status = status
    locked.decided_by = officer
    locked.decided_at = now
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    decision = MembershipDecision.objects.create(
        membership=locked, outcome=outcome, reason=reason, decided_by=officer, decided_at=now
    )
    # The caller's instance shows the decision too.
    membership.status, membership.decided_by, membership.decided_at = status, officer, now
    send_templated_email(
        "members/membership_approved" if approved else "members/membership_rejected",
        locked.user.email,
        {
            "membership": locked,
            "member": locked.user,
            "reason": reason,
            "offers_direct_debit": MembershipFees.load().offer_bacs_direct_debit,
        },
        user=locked.user,
    )
    return decision


@transaction.atomic
def approve(membership: Membership, officer: User, reason: str | None = "") -> MembershipDecision:
    """Accept a pending application and tell the member. With no fee due the
    membership is active at once; otherwise it waits for the fee, which the
    member pays from their dashboard (see members.fees)."""
    return _decide(membership, officer, MembershipDecision.Outcome.APPROVED, (reason or "").strip())


@transaction.atomic
def reject(membership: Membership, officer: User, reason: str | None) -> MembershipDecision:
    """Turn down a pending application; the applicant is told why."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Give a reason: the applicant is told why they were not accepted.")
    return _decide(membership, officer, MembershipDecision.Outcome.REJECTED, reason)


@dataclass
class BulkApproval:
    approved: list[Membership] = field(default_factory=list)
    skipped: list[Membership] = field(default_factory=list)


@transaction.atomic
def approve_many(
    memberships: Iterable[Membership], officer: User, reason: str | None = ""
) -> BulkApproval:
    """Approve each pending membership (one decision each); others are skipped, not failed."""
    if not may_decide(officer):
        raise PermissionDenied("Only membership officers decide applications.")
    result = BulkApproval()
    for membership in memberships:
        try:
            with transaction.atomic():
                approve(membership, officer, reason)
        except Refused:
            result.skipped.append(membership)
        else:
            result.approved.append(membership)
    return result
