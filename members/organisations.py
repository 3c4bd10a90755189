"""An organisation's membership with more than one contact.

The organisation's membership is held, and its fee paid, by its main contact
(the member who applied for it). They, or a membership officer, invite further
contacts by email; each accepts with an account of their own and becomes a
member of the category "community organisation" whose membership points at the
organisation's (``Membership.contact_for``). A further contact is active while
the organisation's membership is (``Membership.active_q``): nothing is copied
from one to the other. The main contact or an officer removes a contact; a
contact may leave as any member does. Every step is recorded in the contact's
membership history, as approvals are.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from network_site.emails import send_templated_email
from network_site.refusals import Refused

from .models import Membership, MembershipDecision, OrganisationInvitation
from .services import lock_membership, may_decide

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from .models import User

Status = Membership.Status
Outcome = MembershipDecision.Outcome

# The main contact and the further contacts and open invitations together.
MAX_CONTACTS = 10
INVITATION_VALID_FOR = datetime.timedelta(days=14)
_SALT = "members.organisation-invitation"
# An organisation's membership takes contacts while it is under way or current.
TAKES_CONTACTS = (Status.PENDING, Status.AWAITING_PAYMENT, Status.ACTIVE, Status.LAPSED)


def contacts(membership: Membership) -> QuerySet[Membership]:
    """The further contacts of an organisation's membership, who have not been
    removed or left."""
    return (
        Membership.objects.filter(contact_for=membership)
        .exclude(status=Status.CANCELLED)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def open_invitations(membership: Membership) -> QuerySet[OrganisationInvitation]:
    return membership.invitations.filter(accepted_at__isnull=True, cancelled_at__isnull=True)


def may_manage(user: User, membership: Membership) -> bool:
    """The organisation's main contact and membership officers manage its contacts."""
    if not membership.is_main_contact:
        return False
    return membership.user_id == user.pk or may_decide(user)


def _check_manager(user: User, membership: Membership) -> None:
    if not may_manage(user, membership):
        raise PermissionDenied("Only the organisation's main contact or staff manage its contacts.")


# Inviting


def invitation_token(invitation: OrganisationInvitation) -> str:
    return signing.dumps([invitation.pk, invitation.email], salt=_SALT)


def invitation_url(invitation: OrganisationInvitation) -> str:
    return reverse("members:organisation_invitation", args=[invitation_token(invitation)])


@transaction.atomic
def invite(membership: Membership, by: User, email: str) -> OrganisationInvitation:
    """Invite ``email`` to be a further contact of the organisation and email
    them the link; inviting an address again sends a fresh link."""
    _check_manager(by, membership)
    locked = lock_membership(membership.pk)
    if locked is None or locked.status not in TAKES_CONTACTS:
        raise Refused("This organisation's membership has ended: it cannot take new contacts.")
    email = email.strip().lower()
    if email == locked.user.email.lower():
        raise Refused("That is the main contact's own address.", field="email")
    if contacts(locked).filter(user__email__iexact=email).exists():
        raise Refused(f"{email} is already a contact of the organisation.", field="email")
    invitation = open_invitations(locked).filter(email=email).first()
    if invitation is None:
        taken = 1 + contacts(locked).count() + open_invitations(locked).count()
        if taken >= MAX_CONTACTS:
            raise Refused(
                f"An organisation can have up to {MAX_CONTACTS} contacts, counting "
                "invitations not yet answered. Remove a contact or cancel an invitation first.",
                field="email",
            )
        invitation = OrganisationInvitation(membership=locked, email=email)
    invitation.invited_by = by
    invitation.sent_at = timezone.now()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:  # invited by someone else this very moment
        raise Refused(f"{email} has just been invited.", field="email") from None
    send_templated_email(
        "members/organisation_invitation",
        email,
        {
            "invitation": invitation,
            "membership": locked,
            "inviter": by,
            "accept_url": invitation_url(invitation),
            "valid_until": invitation.sent_at + INVITATION_VALID_FOR,
        },
    )
    return invitation


@transaction.atomic
def cancel_invitation(invitation: OrganisationInvitation, by: User) -> None:
    _check_manager(by, invitation.membership)
    if not invitation.is_open:
        raise Refused("This invitation has already been answered or cancelled.")
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])


# Accepting


def invitation_from_token(token: str) -> OrganisationInvitation:
    """The open invitation a link names, or Refused saying why the link is no good."""
    try:
        pk, email = signing.loads(token, salt=_SALT, max_age=INVITATION_VALID_FOR)
    except signing.SignatureExpired:
        raise Refused(
            "This invitation is out of date. Ask the organisation's main contact to send a new one."
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise Refused(
            "This invitation link is not valid. Check that it was copied whole."
        ) from None
    invitation = (
        OrganisationInvitation.objects.select_related(
            "membership__user", "membership__organisation"
        )
        .filter(pk=pk, email=email)
        .first()
    )
    if invitation is None or invitation.cancelled_at is not None:
        raise Refused("This invitation has been withdrawn.")
    if invitation.accepted_at is not None:
        raise Refused("This invitation has already been accepted.")
    if invitation.sent_at + INVITATION_VALID_FOR < timezone.now():
        raise Refused(
            "This invitation is out of date. Ask the organisation's main contact to send a new one."
        )
    return invitation


def why_cannot_accept(invitation: OrganisationInvitation, user: User) -> str | None:
    """None when ``user`` may accept the invitation now, otherwise a sentence why not."""
    if user.email.lower() != invitation.email:
        return (
            f"This invitation was sent to {invitation.email}, but you are signed in as "
            f"{user.email}. Sign in with the invited address, or ask for an invitation to yours."
        )
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        return "Confirm your email address first: we have sent you a link."
    own = Membership.objects.filter(user=user).first()
    if own is not None and not own.may_apply_again():
        return (
            "You already have a membership of your own. To become a contact of "
            f"{invitation.membership.organisation} instead, leave it first from your dashboard."
        )
    if invitation.membership.status not in TAKES_CONTACTS:
        return "This organisation's membership has ended, so it cannot take new contacts."
    return None


@transaction.atomic
def accept(token: str, user: User) -> Membership:
    """Make ``user`` a further contact of the organisation the invitation is for."""
    invitation = invitation_from_token(token)
    invitation = OrganisationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise Refused("This invitation has already been answered.")
    main = lock_membership(invitation.membership_id)
    assert main is not None  # the invitation cascades with it
    invitation.membership = main
    problem = why_cannot_accept(invitation, user)
    if problem:
        raise Refused(problem)
    now = timezone.now()
    previous = Membership.objects.filter(user=user).first()
    contact = Membership(
        # Someone whose earlier membership ended keeps the one record and its history.
        pk=previous.pk if previous else None,
        user=user,
        category=Membership.Category.ORGANISATION,
        status=Status.ACTIVE,
        organisation=main.organisation,
        organisation_name=main.organisation_name,
        local_authority=main.local_authority,
        contact_for=main,
        fee_due=0,
        applied_at=now,
        decided_at=now,
        decided_by=invitation.invited_by,
        stripe_customer_id=previous.stripe_customer_id if previous else "",
    )
    contact.save()
    MembershipDecision.objects.create(
        membership=contact,
        outcome=Outcome.CONTACT_JOINED,
        reason=f"Invited by {invitation.invited_by or 'a former member'} to {main.organisation}.",
        decided_by=invitation.invited_by,
        decided_at=now,
    )
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    send_templated_email(
        "members/organisation_contact_joined",
        main.user.email,
        {"membership": main, "member": main.user, "contact": contact},
        user=main.user,
    )
    return contact


# Removing


def may_remove(user: User, contact: Membership) -> bool:
    return (
        contact.contact_for is not None
        and contact.status != Status.CANCELLED
        and may_manage(user, contact.contact_for)
    )


@transaction.atomic
def remove(contact: Membership, by: User, reason: str | None = "") -> MembershipDecision:
    """End a further contact's membership of the organisation (their account
    stays); they are told, and so is the main contact when staff removed them."""
    locked = lock_membership(contact.pk)
    if locked is None or not may_remove(by, locked):
        raise Refused("This person is not a contact of the organisation any more.")
    main = locked.contact_for
    assert main is not None  # may_remove
    locked.status = Status.CANCELLED
    locked.save(update_fields=["status"])
    contact.status = Status.CANCELLED
    reason = (reason or "").strip()
    decision = MembershipDecision.objects.create(
        membership=locked, outcome=Outcome.CONTACT_REMOVED, reason=reason, decided_by=by
    )
    context = {"membership": locked, "organisation_membership": main, "reason": reason}
    send_templated_email(
        "members/organisation_contact_removed",
        locked.user.email,
        {**context, "member": locked.user},
        user=locked.user,
    )
    if by.pk != main.user_id:
        send_templated_email(
            "members/organisation_contact_removed_main",
            main.user.email,
            {**context, "member": main.user, "contact": locked},
            user=main.user,
        )
    return decision
