"""The rules of introductions, in one place: who may ask, whom staff may propose,
answering, withdrawing, and the moment contact details are shared.

Double opt-in: nothing that identifies how to reach the other side (email
address, phone, ward, job title, name of a person) is in any email until both
have accepted; then each is emailed the other's details, once. Only members who
opted in (``Membership.open_to_introductions``) can be proposed, and only by a
membership officer (``members.services.may_decide``). Every step is an
``IntroductionEvent``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from members.models import LocalAuthority, Membership
from members.services import may_decide
from network_site.emails import send_templated_email
from network_site.refusals import Refused

from .models import Introduction, IntroductionEvent, IntroductionRequest

if TYPE_CHECKING:
    from members.models import User

Kind = IntroductionRequest.Kind
Status = IntroductionRequest.Status
Answer = Introduction.Answer
Action = IntroductionEvent.Action
Category = Membership.Category

MAX_OPEN_REQUESTS = 5
# Who asks for which kind of introduction.
KIND_FOR_CATEGORY: dict[str, str] = {
    Category.COUNCILLOR: Kind.MEET_ORGANISATIONS,
    Category.OFFICER: Kind.MEET_ORGANISATIONS,
    Category.ORGANISATION: Kind.MEET_COUNCIL,
}


def _record(request, action, actor=None, introduction=None, at=None) -> IntroductionEvent:
    return IntroductionEvent.objects.create(
        request=request,
        introduction=introduction,
        action=action,
        actor=actor,
        at=at or timezone.now(),
    )


def own_membership(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("local_authority", "organisation", "contact_for")
        .filter(user=user)
        .first()
    )


def open_requests(membership: Membership) -> QuerySet[IntroductionRequest]:
    return IntroductionRequest.objects.filter(
        requester=membership, status__in=IntroductionRequest.OPEN_STATUSES
    )


# Asking


def why_cannot_ask(membership: Membership | None) -> str | None:
    """None when the member may ask for an introduction now, otherwise why not."""
    if membership is None or not membership.is_active:
        return "Introductions are for members of the network whose membership is active."
    if membership.category not in KIND_FOR_CATEGORY:
        return (
            "Introductions are for councillors, local authority officers and community "
            "organisations. Contact us if you would like to meet someone in the network."
        )
    if membership.category != Category.ORGANISATION and membership.local_authority_id is None:
        return (
            "Add the council you sit on or work for to your membership first: we introduce "
            "you to the organisations working in its area. Contact us to add it."
        )
    if open_requests(membership).count() >= MAX_OPEN_REQUESTS:
        return (
            f"You have {MAX_OPEN_REQUESTS} requests open, the most you can have at once. "
            "Withdraw one, or wait until we have closed one, before asking again."
        )
    return None


def authorities_to_ask_about(membership: Membership) -> QuerySet[LocalAuthority]:
    """The authorities a member may ask about: a councillor's or officer's own; an
    organisation's areas (any current authority when it has named none)."""
    if membership.category != Category.ORGANISATION:
        if membership.local_authority_id is None:
            return LocalAuthority.objects.none()
        return LocalAuthority.objects.filter(pk=membership.local_authority_id)
    organisation = membership.organisation
    areas = (
        LocalAuthority.objects.filter(organisations=organisation)
        if organisation is not None
        else LocalAuthority.objects.none()
    )
    if membership.local_authority_id:
        areas = areas | LocalAuthority.objects.filter(pk=membership.local_authority_id)
    if not areas.exists():
        return LocalAuthority.objects.current()
    return areas.distinct()


@transaction.atomic
def ask(
    membership: Membership, local_authority: LocalAuthority, reason: str
) -> IntroductionRequest:
    # The membership row, locked: two requests at once cannot pass the limit together.
    locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if locked is None:
        raise Refused("Your membership has ended.")
    problem = why_cannot_ask(locked)
    if problem:
        raise Refused(problem)
    if not authorities_to_ask_about(locked).filter(pk=local_authority.pk).exists():
        raise Refused("Choose one of the authorities listed.", field="local_authority")
    request = IntroductionRequest.objects.create(
        requester=locked,
        local_authority=local_authority,
        kind=KIND_FOR_CATEGORY[locked.category],
        reason=reason.strip(),
    )
    _record(request, Action.ASKED, actor=membership.user, at=request.created_at)
    return request


# Proposing (staff)


def suggested_matches(request: IntroductionRequest) -> QuerySet[Membership]:
    """The members staff may propose: active, opted in to introductions, at the
    request's authority (councillors and officers who sit on or work for it, or
    organisations working in its area), never the requester nor anyone proposed
    already."""
    authority = request.local_authority_id
    if request.kind == Kind.MEET_ORGANISATIONS:
        where = Q(category=Category.ORGANISATION) & (
            Q(organisation__local_authorities=authority) | Q(local_authority=authority)
        )
    else:
        where = Q(category__in=(Category.COUNCILLOR, Category.OFFICER), local_authority=authority)
    matches = (
        Membership.objects.active()
        .filter(where, open_to_introductions=True, user__is_active=True)
        .exclude(pk=request.requester_id)
        .exclude(introductions_offered__request=request)
    )
    # Distinct by primary key, without DISTINCT over every column (fine on both databases).
    return (
        Membership.objects.filter(pk__in=matches.values("pk"))
        .select_related("user", "organisation", "local_authority")
        .order_by("category", "organisation__name", "user__last_name", "pk")
    )


@transaction.atomic
def propose(request: IntroductionRequest, member: Membership, by: User) -> Introduction:
    """Propose ``member`` to the request; both sides are asked by email, neither
    learns how to reach the other."""
    if not may_decide(by):
        raise Refused("Only membership officers propose introductions.")
    request = IntroductionRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise Refused("This request is closed: nobody can be proposed to it.")
    if not suggested_matches(request).filter(pk=member.pk).exists():
        raise Refused(
            "This member cannot be proposed: they are not an active member at this "
            "authority who agreed to introductions, or they have been proposed already.",
            field="member",
        )
    member = Membership.objects.select_related("user", "organisation", "local_authority").get(
        pk=member.pk
    )
    introduction = Introduction.objects.create(request=request, member=member, proposed_by=by)
    if request.status == Status.OPEN:
        request.status = Status.PROPOSED
        request.save(update_fields=["status"])
    _record(request, Action.PROPOSED, actor=by, introduction=introduction)
    requester = request.requester
    link = reverse("members:introductions:index")
    send_templated_email(
        "introductions/proposed_to_member",
        member.user.email,
        {
            "member": member.user,
            "request": request,
            "asking": describe(requester),
            "url": link,
        },
        user=member.user,
    )
    send_templated_email(
        "introductions/proposed_to_requester",
        requester.user.email,
        {
            "member": requester.user,
            "request": request,
            "proposed": describe(member),
            "url": link,
        },
        user=requester.user,
    )
    return introduction


@transaction.atomic
def close(request: IntroductionRequest, by: User) -> IntroductionRequest:
    """Staff close a request: nobody more is proposed; introductions under way go on."""
    if not may_decide(by):
        raise Refused("Only membership officers close introduction requests.")
    request = IntroductionRequest.objects.select_for_update().get(pk=request.pk)
    _end_request(request, Status.CLOSED, Action.CLOSED, by)
    return request


def _end_request(request: IntroductionRequest, status: str, action: str, actor) -> None:
    """Close or withdraw an open request (locked by the caller), with its step."""
    if not request.is_open:
        raise Refused("This request is already closed or withdrawn.")
    request.status = status
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _record(request, action, actor=actor, at=request.closed_at)


# Describing a member, in general terms only (no name, no contact detail).


def describe(membership: Membership) -> str:
    authority = membership.local_authority.name if membership.local_authority else ""
    if membership.category == Category.ORGANISATION:
        name = membership.organisation.name if membership.organisation else "A community group"
        return f"{name}, a community organisation" + (f" in {authority}" if authority else "")
    roles: dict[str, str] = {Category.COUNCILLOR: "A councillor", Category.OFFICER: "An officer"}
    role = roles.get(membership.category, "A member")
    return f"{role} at {authority}" if authority else role


# Answering and withdrawing (either side)


def side_of(introduction: Introduction, user) -> str | None:
    """ "requester", "member" or None: which side of the introduction ``user`` is."""
    if introduction.request.requester.user_id == user.pk:
        return "requester"
    if introduction.member.user_id == user.pk:
        return "member"
    return None


# What describing and emailing both sides of an introduction reads.
BOTH_SIDES = (
    "request__requester__user",
    "request__requester__organisation",
    "request__requester__local_authority",
    "request__local_authority",
    "member__user",
    "member__organisation",
    "member__local_authority",
)


def introductions_for(user) -> QuerySet[Introduction]:
    """The introductions a member is a side of."""
    return Introduction.objects.filter(
        Q(request__requester__user=user) | Q(member__user=user)
    ).select_related(*BOTH_SIDES)


def _lock_pending_side(
    introduction: Introduction, user, *, not_yours: str, ended: str
) -> tuple[Introduction, str]:
    """Lock a pending introduction and say which side ``user`` is; refused (with
    the caller's words) when they are on neither side or it has ended."""
    introduction = introductions_for_lock().get(pk=introduction.pk)
    side = side_of(introduction, user)
    if side is None:
        raise Refused(not_yours)
    if not introduction.is_pending:
        raise Refused(ended)
    return introduction, side


def introductions_for_lock() -> QuerySet[Introduction]:
    return Introduction.objects.select_for_update(of=("self",)).select_related(*BOTH_SIDES)


@transaction.atomic
def answer(introduction: Introduction, user, accepted: bool) -> Introduction:
    introduction, side = _lock_pending_side(
        introduction,
        user,
        not_yours="This introduction is not yours to answer.",
        ended="This introduction has already ended: there is nothing to answer.",
    )
    if getattr(introduction, f"{side}_answer"):
        raise Refused("You have answered already.")
    me = introduction.request.requester if side == "requester" else introduction.member
    if accepted and not me.is_active:
        raise Refused("Your membership is not active, so you cannot accept introductions.")
    if accepted and side == "member" and not introduction.member.open_to_introductions:
        raise Refused(
            "You have turned introductions off in your profile. Turn them on again "
            "to accept, or decline."
        )
    now = timezone.now()
    setattr(introduction, f"{side}_answer", Answer.ACCEPTED if accepted else Answer.DECLINED)
    setattr(introduction, f"{side}_answered_at", now)
    introduction.save(update_fields=[f"{side}_answer", f"{side}_answered_at"])
    request = introduction.request
    _record(
        request,
        Action.ACCEPTED if accepted else Action.DECLINED,
        actor=user,
        introduction=introduction,
        at=now,
    )
    if not accepted:
        _tell_not_going_ahead(introduction, told=_other_side(side))
    elif introduction.requester_answer == introduction.member_answer == Answer.ACCEPTED:
        _share(introduction, now)
    return introduction


def _share(introduction: Introduction, now) -> None:
    """Both accepted: each side gets the other's name and contact details, once."""
    introduction.shared_at = now
    introduction.save(update_fields=["shared_at"])
    _record(introduction.request, Action.SHARED, introduction=introduction, at=now)
    requester, member = introduction.request.requester, introduction.member
    for to, other in ((requester, member), (member, requester)):
        send_templated_email(
            "introductions/introduced",
            to.user.email,
            {
                "member": to.user,
                "request": introduction.request,
                "other": other,
                "other_user": other.user,
                "other_description": describe(other),
            },
            user=to.user,
        )


def _other_side(side: str) -> str:
    return "member" if side == "requester" else "requester"


def _tell_not_going_ahead(introduction: Introduction, told: str) -> None:
    """One side declined or withdrew: the other hears, without any detail of who."""
    if told == "requester":
        to = introduction.request.requester
        about = describe(introduction.member)
    else:
        to = introduction.member
        about = describe(introduction.request.requester)
    send_templated_email(
        "introductions/not_going_ahead",
        to.user.email,
        {"member": to.user, "request": introduction.request, "about": about},
        user=to.user,
    )


@transaction.atomic
def withdraw(introduction: Introduction, user) -> Introduction:
    """Either side withdraws from an introduction until the details are shared."""
    introduction, side = _lock_pending_side(
        introduction,
        user,
        not_yours="This introduction is not yours.",
        ended="This introduction has already ended.",
    )
    _withdraw(introduction, user, side)
    return introduction


def _withdraw(introduction: Introduction, user, side: str) -> None:
    introduction.withdrawn_at = timezone.now()
    introduction.withdrawn_by = user
    introduction.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _record(
        introduction.request,
        Action.WITHDRAWN,
        actor=user,
        introduction=introduction,
        at=introduction.withdrawn_at,
    )
    _tell_not_going_ahead(introduction, told=_other_side(side))


@transaction.atomic
def withdraw_request(request: IntroductionRequest, user) -> IntroductionRequest:
    """The requester withdraws their request, and with it every introduction still
    waiting for answers."""
    request = (
        IntroductionRequest.objects.select_for_update()
        .select_related("requester__user")
        .get(pk=request.pk)
    )
    if request.requester.user_id != user.pk:
        raise Refused("This request is not yours.")
    _end_request(request, Status.WITHDRAWN, Action.REQUEST_WITHDRAWN, user)
    for introduction in introductions_for_lock().filter(request=request):
        if introduction.is_pending:
            _withdraw(introduction, user, "requester")
    return request


# Erasure


def erase(user) -> None:
    """Remove every request, introduction and step the member is part of."""
    IntroductionRequest.objects.filter(requester__user=user).delete()
    Introduction.objects.filter(member__user=user).delete()
    # A request whose only proposal went with them is open for someone else.
    IntroductionRequest.objects.filter(status=Status.PROPOSED, introductions=None).update(
        status=Status.OPEN
    )
    IntroductionEvent.objects.filter(actor=user).update(actor=None)
    Membership.objects.filter(user=user).update(open_to_introductions=False)
