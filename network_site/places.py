"""Where feature apps contribute to what staff see of a local authority (the
members app owns ``LocalAuthority`` and its admin page, and imports neither
events nor event requests): Wagtail hooks (``wagtail.hooks``) under the name below.

- ``LOCAL_AUTHORITY_ADMIN_PANELS``: ``fn(authority) -> AuthorityPanel | None``,
  a section of the authority's admin page (its events, its event requests).
"""

from dataclasses import dataclass, field

LOCAL_AUTHORITY_ADMIN_PANELS = "local_authority_admin_panels"


@dataclass(frozen=True)
class AuthorityPanel:
    """A titled list of links on an authority's admin page."""

    title: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (label, url, note)
    empty: str = "None yet."
    order: int = 0
    counted: bool = True  # whether its heading says how many rows it has
