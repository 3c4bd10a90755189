"""The network on a map of the UK, drawn on the server as SVG: one mark per
authority where the network is, at the authority's coordinates, sized by how
much of the network is there, each a link to the council's page with a name a
screen reader reads. No tiles, no third-party request, no script. There is no
coastline (no package this project uses ships one under a licence that allows
it): the other councils are faint dots, which sketch the country once the
register's coordinates are imported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..models import LocalAuthority

# The UK and its islands, in degrees: west, east, south, north.
WEST, EAST, SOUTH, NORTH = -8.7, 1.9, 49.8, 60.9
# An equirectangular projection, its east-west scale true at this latitude.
TRUE_LATITUDE = 54.5
WIDTH = 400
PADDING = 12
SMALLEST, LARGEST = 4.0, 14.0  # radius of a mark, in map units


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    radius: float
    authority: LocalAuthority
    label: str


@dataclass(frozen=True)
class NetworkMap:
    width: int
    height: int
    marks: list[Mark]
    # The other authorities with coordinates, as faint dots: with the register
    # imported, they sketch the country the marks stand in.
    dots: list[tuple[float, float]]


def _scale() -> float:
    span = (EAST - WEST) * math.cos(math.radians(TRUE_LATITUDE))
    return (WIDTH - 2 * PADDING) / span


def height() -> int:
    return round((NORTH - SOUTH) * _scale() + 2 * PADDING)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Map units (x to the east, y to the south) of a point in the UK."""
    scale = _scale()
    x = PADDING + (longitude - WEST) * math.cos(math.radians(TRUE_LATITUDE)) * scale
    y = PADDING + (NORTH - latitude) * scale
    return round(x, 1), round(y, 1)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def describe(authority: LocalAuthority) -> str:
    """What the mark says: the council and the network there (from ``with_presence``)."""
    parts = [
        _plural(authority.listed_count, "member listed", "members listed"),
        _plural(authority.organisation_count, "organisation", "organisations"),
        _plural(authority.events_coming, "event coming", "events coming"),
        _plural(authority.events_held, "event held", "events held"),
    ]
    return f"{authority.name}: {', '.join(parts)}"


def presence_of(authority: LocalAuthority) -> int:
    return (
        authority.listed_count
        + authority.organisation_count
        + authority.events_coming
        + authority.events_held
    )


def draw(authorities: Iterable[LocalAuthority]) -> NetworkMap:
    """The map of ``authorities`` (annotated by ``presence.with_presence``): those
    with coordinates and a presence, the biggest mark drawn first so that
    smaller ones stay on top and can be clicked."""
    located = [a for a in authorities if a.latitude is not None and a.longitude is not None]
    placed = [a for a in located if presence_of(a) > 0]
    dots = [project(float(a.latitude), float(a.longitude)) for a in located if presence_of(a) == 0]
    most = max((presence_of(a) for a in placed), default=1)
    marks = []
    for authority in placed:
        x, y = project(float(authority.latitude), float(authority.longitude))
        share = math.sqrt(presence_of(authority) / most)
        radius = round(SMALLEST + (LARGEST - SMALLEST) * share, 1)
        marks.append(Mark(x, y, radius, authority, describe(authority)))
    marks.sort(key=lambda mark: (-mark.radius, mark.authority.name))
    return NetworkMap(width=WIDTH, height=height(), marks=marks, dots=dots)
