"""Where feature apps warn an editor before a page goes live (the base knows no
feature: blog and events may not import members, so the members' rules reach
their pages through here). Nothing is blocked: the editor confirms and goes on,
and each confirmation is recorded by the app that raised the caution.

- ``PAGE_PUBLISH_CAUTIONS``: Wagtail hooks ``fn(page) -> Iterable[Caution]``,
  called with the page as it would be published (the editor's form applied,
  not yet saved), when an editor publishes it or approves it in the workflow.

``network_site.wagtail_hooks`` asks them on the page editor's publish and
approve, and shows a page to confirm them (re-posting the same form) before
Wagtail goes on.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wagtail import hooks

PAGE_PUBLISH_CAUTIONS = "page_publish_cautions"
CONFIRM_FIELD = "confirm_caution"  # one value per caution confirmed: its key


@dataclass(frozen=True)
class Caution:
    """A warning for the editor. ``key`` is stable for the same thing (so a
    confirmation of it can be recognised when the form comes back);
    ``on_confirm(user, page)`` records that the editor went ahead."""

    key: str
    message: str
    on_confirm: Callable[[Any, Any], None] | None = None


def cautions_for(page) -> list[Caution]:
    found: dict[str, Caution] = {}
    for fn in hooks.get_hooks(PAGE_PUBLISH_CAUTIONS):
        for caution in fn(page) or ():
            found.setdefault(caution.key, caution)
    return list(found.values())


def unconfirmed(cautions: list[Caution], confirmed_keys) -> list[Caution]:
    confirmed = set(confirmed_keys)
    return [caution for caution in cautions if caution.key not in confirmed]


def record(cautions: list[Caution], user, page) -> None:
    for caution in cautions:
        if caution.on_confirm is not None:
            caution.on_confirm(user, page)
