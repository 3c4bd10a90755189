"""Charts drawn on the server as SVG, for the staff dashboard.

No chart library, no script and no external service: a chart is data (a title, a
description, rows and one or more series) from which the template draws
horizontal bars in an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``,
with the same figures in a table beside it for screen readers and for copying.
A chart is plain data, so it can be kept in the cache.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

# Geometry of the SVG's viewBox, in its own units.
WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 56
BAR_HEIGHT = 14
BAR_GAP = 2
ROW_GAP = 10
TOP = 8
# Series colours, each at least 3:1 against white (WCAG 1.4.11).
COLOURS = ("#1d5c8c", "#b04a0f", "#2f6b3a", "#6a3d8f")


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[int, ...]
    url: str = ""


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    value: int
    colour: str
    value_x: int


LABEL_CHARACTERS = 30  # longer labels are shortened in the SVG, whole in the table


@dataclass(frozen=True)
class DrawnRow:
    label: str
    short_label: str
    url: str
    label_y: int
    bars: tuple[Bar, ...]
    values: tuple[int, ...]


@dataclass(frozen=True)
class Chart:
    """``rows`` of ``series`` (the names of each row's values), e.g. months of
    sign-ups and approvals, or events of places taken and capacity."""

    slug: str
    title: str
    description: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    row_heading: str = ""
    empty: str = "Nothing to show yet."
    key: tuple[tuple[str, str], ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "key", tuple(zip(self.series, COLOURS, strict=False)))

    @property
    def height(self) -> int:
        per_row = len(self.series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP
        return TOP + len(self.rows) * per_row

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def drawn_rows(self) -> list[DrawnRow]:
        """Each row's bars, scaled so the largest value fills the width."""
        largest = max((value for row in self.rows for value in row.values), default=0) or 1
        room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
        drawn, y = [], TOP
        for row in self.rows:
            bars = []
            for n, value in enumerate(row.values):
                width = round(room * value / largest)
                bars.append(
                    Bar(
                        x=LABEL_WIDTH,
                        y=y + n * (BAR_HEIGHT + BAR_GAP),
                        width=width,
                        value=value,
                        colour=COLOURS[n % len(COLOURS)],
                        value_x=LABEL_WIDTH + width + 4,
                    )
                )
            group = len(row.values) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
            drawn.append(
                DrawnRow(
                    label=row.label,
                    short_label=(
                        row.label
                        if len(row.label) <= LABEL_CHARACTERS
                        else row.label[: LABEL_CHARACTERS - 1].rstrip() + "…"
                    ),
                    url=row.url,
                    label_y=y + group // 2 + 4,
                    bars=tuple(bars),
                    values=row.values,
                )
            )
            y += group + ROW_GAP
        return drawn


def counted(number: int, singular: str, plural: str = "") -> str:
    """``1 event``, ``3 events``: for the charts' descriptions."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def chart(
    slug: str,
    title: str,
    description: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]] | Row],
    **kwargs,
) -> Chart:
    """A Chart from ``(label, values)`` pairs (or Rows)."""
    return Chart(
        slug=slug,
        title=title,
        description=description,
        series=tuple(series),
        rows=tuple(row if isinstance(row, Row) else Row(row[0], tuple(row[1])) for row in rows),
        **kwargs,
    )
