"""Spreadsheets the site writes, safe to open.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return before one) as a formula, so a member who types
``=HYPERLINK("https://evil.example", "Click")`` as their job title would put a
live link, or worse, into the export a staff member opens. Every CSV response
the site sends (the admin listings' exports, Wagtail's own reports, the hosts'
attendee list, anything added later) passes through ``SafeCsvMiddleware``, which
makes each such cell plain text with a leading apostrophe (OWASP's advice). XLSX
cells are typed, and Wagtail's XLSX export already stores text as text.
"""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from wagtail.admin.ui.tables import BaseColumn

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def listing_export(
    columns: Iterable[str | tuple[str, str] | tuple[str, str, Any] | BaseColumn],
) -> tuple[list[str], dict[str, str]]:
    """An admin listing's or report's ``list_export`` and ``export_headings``, from
    one list that names each exported column once: an attribute, (attribute,
    heading) where the heading is not the field's own name, or one of the
    listing's own table columns, whose label is then the heading too. Anything
    after the heading is the caller's (how the value is read, say).

        list_export, export_headings = listing_export(["name", ("get_kind_display", "Kind")])
        list_export, export_headings = listing_export(columns)  # a report's columns
    """
    named = [_named(column) for column in columns]
    return [name for name, _ in named], {name: heading for name, heading in named if heading}


def _named(column: str | tuple[str, str] | tuple[str, str, Any] | BaseColumn) -> tuple[str, str]:
    if isinstance(column, str):
        return column, ""
    if isinstance(column, BaseColumn):
        return column.name, str(column.label)
    return column[0], column[1]


def safe_cell(value: Any) -> Any:
    """``value`` for a CSV cell: text that a spreadsheet would run is made inert.
    Numbers, dates and empty values are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file-like object for csv.writer that hands back what it is given."""

    def write(self, text: str) -> str:
        return text


def _lines(chunks: Iterable[bytes | str], charset: str) -> Iterator[str]:
    pending = ""
    for chunk in chunks:
        pending += chunk.decode(charset) if isinstance(chunk, bytes) else chunk
        *complete, pending = pending.splitlines(keepends=True) or [""]
        yield from complete
    if pending:
        yield pending


def safe_rows(chunks: Iterable[bytes | str], charset: str = "utf-8") -> Iterator[bytes]:
    """The CSV in ``chunks`` again, row by row, every cell ``safe_cell``'d."""
    writer = csv.writer(_Line())
    for row in csv.reader(_lines(chunks, charset)):
        yield writer.writerow([safe_cell(cell) for cell in row]).encode(charset)


class SafeCsvMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.get("Content-Type", "").startswith("text/csv"):
            return response
        charset = response.charset or "utf-8"
        if response.streaming:
            response.streaming_content = safe_rows(response.streaming_content, charset)
        else:
            response.content = b"".join(safe_rows([response.content], charset))
        return response
