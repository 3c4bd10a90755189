"""What introductions hold about a member, in their export; erasure removes it all
(members.introductions.services.erase)."""

from network_site.member_data import Exported

from . import services
from .models import Introduction, IntroductionEvent, IntroductionRequest

OTHER_PERSON = (
    "The other side of the introduction: their details are theirs, and were shared "
    "with the member by email only if both accepted."
)
STAFF = "Identifies the membership officer, not the member."


REGISTRY = {
    "introductions.IntroductionRequest": Exported.owned_by(
        IntroductionRequest,
        "requester__user",
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
    "introductions.Introduction": Exported.owned_by(
        Introduction,
        "request__requester__user",
        "member__user",
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
    "introductions.IntroductionEvent": Exported.owned_by(
        IntroductionEvent,
        "request__requester__user",
        "introduction__member__user",
        fields=("id", "request", "introduction", "action", "at"),
        withheld={"actor": "Who took the step: the member, the other side or staff."},
    ),
}


def erase_member_data(user, addresses):
    services.erase(user)
