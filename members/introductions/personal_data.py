"""What introductions hold about a member, in their export; erasure removes it all
(members.introductions.services.erase)."""

from django.db.models import Q

from network_site.member_data import Exported

from . import services
from .models import Introduction, IntroductionEvent, IntroductionRequest

OTHER_PERSON = (
    "The other side of the introduction: their details are theirs, and were shared "
    "with the member by email only if both accepted."
)
STAFF = "Identifies the membership officer, not the member."


def _introductions(user):
    return Introduction.objects.filter(Q(request__requester__user=user) | Q(member__user=user))


REGISTRY = {
    "introductions.IntroductionRequest": Exported(
        rows=lambda user: IntroductionRequest.objects.filter(requester__user=user),
        fields=(
            "id",
            "requester",
            "local_authority",
            "kind",
            "reason",
            "status",
            "created_at",
            "closed_at",
        ),
    ),
    "introductions.Introduction": Exported(
        rows=_introductions,
        fields=(
            "id",
            "request",
            "proposed_at",
            "requester_answer",
            "requester_answered_at",
            "member_answer",
            "member_answered_at",
            "withdrawn_at",
            "shared_at",
        ),
        withheld={
            "member": OTHER_PERSON + " (Or the member themselves, when it was proposed to them.)",
            "proposed_by": STAFF,
            "withdrawn_by": "Who withdrew: the member, or the other side.",
        },
    ),
    "introductions.IntroductionEvent": Exported(
        rows=lambda user: IntroductionEvent.objects.filter(
            Q(request__requester__user=user) | Q(introduction__member__user=user)
        ),
        fields=("id", "request", "introduction", "action", "at"),
        withheld={"actor": "Who took the step: the member, the other side or staff."},
    ),
}


def erase_member_data(user, addresses):
    services.erase(user)
