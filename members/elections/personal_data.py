"""What elections hold about a member: the pre-election warnings they confirmed
(on the event request form, for example), in their export. Erasure needs nothing
of its own: a confirmation points at the anonymised account afterwards."""

from network_site.member_data import Exported, NotExported

from .models import PreElectionConfirmation

REGISTRY = {
    "elections.PreElectionConfirmation": Exported.owned_by(
        PreElectionConfirmation,
        "user",
        fields=(
            "id",
            "election",
            "user",
            "where",
            "object_ref",
            "object_description",
            "confirmed_at",
        ),
    ),
    "elections.Election": NotExported("Council elections, public facts: no member's data."),
}
