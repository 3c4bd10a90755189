"""Where feature apps contribute to the member's own pages without the members
app importing them: Wagtail hooks (``wagtail.hooks``) under the names below, and
the two kinds of entry of the personal-data register.

- ``MEMBER_DASHBOARD_CONTEXT``: ``fn(user, membership) -> dict``, merged into the
  context of the member dashboard (``members.views.dashboard``). ``membership`` is
  the member's membership in any state, or None, as the dashboard loaded it: a
  panel asks it whether they are an active member instead of a query of its own.
- ``PERSONAL_DATA``: ``fn() -> {model label: Exported | NotExported}``, the app's
  entries of the register that the data export and its test walk
  (``members.personal_data.REGISTRY``).
- ``ERASE_MEMBER_DATA``: ``fn(user, addresses)``, called inside ``erase_member``'s
  transaction to remove or anonymise what the app holds about the member (by
  account, or by any of the ``addresses`` the account has had: a guest
  registration made under one is theirs too), before the account itself is
  anonymised.

The app that owns the models registers them, in its ``wagtail_hooks.py``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model, Q

MEMBER_DASHBOARD_CONTEXT = "member_dashboard_context"
PERSONAL_DATA = "register_personal_data"
ERASE_MEMBER_DATA = "erase_member_data"


@dataclass(frozen=True)
class Exported:
    """A model whose rows about the member go into their export."""

    rows: Callable  # (user) -> QuerySet of this model's rows about the member
    fields: tuple[str, ...]
    withheld: dict[str, str] = field(default_factory=dict)  # field name -> why it is not exported

    @classmethod
    def owned_by(
        cls,
        model: type[Model],
        *owners: str,
        fields: tuple[str, ...],
        withheld: dict[str, str] | None = None,
    ) -> "Exported":
        """The rows of ``model`` that point at the member through any of ``owners``,
        lookups such as ``"user"`` or ``"membership__user"``; each row once, though
        an owner crosses a many-valued relation or more than one owner matches."""
        if not owners:
            raise ValueError(
                f"Exported.owned_by({model.__name__}) names no owner: it would export every row."
            )

        def rows(user):
            theirs = Q()
            for owner in owners:
                theirs |= Q(**{owner: user})
            return model._default_manager.filter(theirs).distinct()

        return cls(rows=rows, fields=fields, withheld=withheld or {})


@dataclass(frozen=True)
class NotExported:
    reason: str
