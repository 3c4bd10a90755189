"""Elections from a CSV file: one row per authority with a polling day.

Columns (a header row; case and spaces do not matter):
- ``gss_code``, or ``authority`` (its official name, short name or slug): which council;
- ``polling_day``: 2027-05-06 or 06/05/2027;
- ``period_starts`` (optional): the start of the pre-election period, when it is
  not the default (calendar.default_period_start).

All or nothing: every row is checked first, and if any is wrong nothing is
saved and each error is reported with its line. An election already recorded
for the same authority and polling day is updated (or left as it is), so the
same file can be imported twice.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction

from members.importing import ImportCounts
from members.models import LocalAuthority
from network_site.refusals import Refused

from .models import Election

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
AUTHORITY_COLUMNS = ("gss_code", "authority")
MAX_ROWS = 2000


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass(frozen=True)
class ParsedRow:
    line: int
    authority: LocalAuthority
    polling_day: datetime.date
    period_starts: datetime.date | None


@dataclass
class ImportResult(ImportCounts):
    errors: list[RowError] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.errors


def _header(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _date(text: str, what: str) -> datetime.date:
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(f"{what} “{text[:40]}” is not a date: write it as 2027-05-06 or 06/05/2027")


class _Authorities:
    """Finds authorities by GSS code, name, short name or slug, with one query."""

    def __init__(self):
        self.by_key: dict[str, list[LocalAuthority]] = {}
        for authority in LocalAuthority.objects.all():
            keys = {authority.gss_code, authority.name, authority.short_name, authority.slug}
            for key in keys:
                if key:
                    self.by_key.setdefault(key.strip().lower(), []).append(authority)

    def find(self, text: str) -> LocalAuthority:
        found = self.by_key.get(text.strip().lower(), [])
        distinct = {authority.pk: authority for authority in found}
        if not distinct:
            raise ValueError(f"no local authority “{text[:80]}”")
        if len(distinct) > 1:
            raise ValueError(f"“{text[:80]}” names more than one authority: use its GSS code")
        return next(iter(distinct.values()))


def read_rows(data: bytes | str) -> list[tuple[int, dict[str, str]]]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused(
                "The file is not UTF-8 text: save it as CSV UTF-8.", field="file"
            ) from None
    reader = csv.DictReader(io.StringIO(data, newline=""))
    try:
        fieldnames = [_header(name) for name in reader.fieldnames or []]
        reader.fieldnames = fieldnames
        if not any(column in fieldnames for column in AUTHORITY_COLUMNS):
            raise Refused("The file needs a gss_code or an authority column.", field="file")
        if "polling_day" not in fieldnames:
            raise Refused("The file needs a polling_day column.", field="file")
        rows: list[tuple[int, dict[str, str]]] = []
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise Refused(f"Import {MAX_ROWS:,} elections at most at a time.", field="file")
            if any((value or "").strip() for value in row.values() if isinstance(value, str)):
                rows.append((reader.line_num, row))
    except csv.Error as error:
        raise Refused(f"The file is not a CSV file: {error}", field="file") from None
    if not rows:
        raise Refused("The file has no elections in it.", field="file")
    return rows


def parse(rows, authorities: _Authorities) -> tuple[list[ParsedRow], list[RowError]]:
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[int, datetime.date], int] = {}
    for line, row in rows:
        text = {name: (value or "").strip() for name, value in row.items() if name}
        try:
            which = text.get("gss_code") or text.get("authority")
            if not which:
                raise ValueError("no GSS code or authority")
            authority = authorities.find(which)
            if not text.get("polling_day"):
                raise ValueError("no polling day")
            polling_day = _date(text["polling_day"], "polling day")
            starts = text.get("period_starts")
            period_starts = _date(starts, "period start") if starts else None
            if period_starts and period_starts > polling_day:
                raise ValueError("the pre-election period starts after polling day")
            key = (authority.pk, polling_day)
            if key in seen:
                raise ValueError(
                    f"{authority.name} on {polling_day:%-d %B %Y} is already on line {seen[key]}"
                )
            seen[key] = line
        except ValueError as error:
            errors.append(RowError(line, str(error)))
        else:
            parsed.append(ParsedRow(line, authority, polling_day, period_starts))
    return parsed, errors


def import_elections(data: bytes | str) -> ImportResult:
    """Check every row, then save them all, or none (Refused: a file that cannot
    be read at all, beside the file field)."""
    result = ImportResult()
    parsed, result.errors = parse(read_rows(data), _Authorities())
    if result.errors:
        return result
    with transaction.atomic():
        existing = {
            (election.authority_id, election.polling_day): election
            for election in Election.objects.filter(
                authority__in=[row.authority for row in parsed]
            ).select_related("authority")
        }
        for row in parsed:
            election = existing.get((row.authority.pk, row.polling_day))
            if election is None:
                Election.objects.create(
                    authority=row.authority,
                    polling_day=row.polling_day,
                    period_starts=row.period_starts,
                )
                result.created += 1
                continue
            starts = row.period_starts or election.default_start()
            if election.period_starts == starts:
                result.unchanged += 1
                continue
            election.period_starts = starts
            election.save(update_fields=["period_starts"])
            result.updated += 1
    return result
