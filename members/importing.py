"""Local authorities from mySociety's "uk_local_authority_names_and_codes" CSV.

The rules for reading the file live here; ``manage.py import_local_authorities``
only reports what they did. A row that cannot be imported is skipped with its
line number and the reason, so one bad row never stops the rest of the file.
"""

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from network_site.refusals import Refused

from .models import LocalAuthority

# Each GSS (Government Statistical Service) code is a nation letter and eight digits.
GSS_CODE_RE = re.compile(r"[ENSW]\d{8}")
NATIONS = {
    "England": LocalAuthority.Nation.ENGLAND,
    "Scotland": LocalAuthority.Nation.SCOTLAND,
    "Wales": LocalAuthority.Nation.WALES,
    "Northern Ireland": LocalAuthority.Nation.NORTHERN_IRELAND,
}
# The CSV column for each LocalAuthority field.
COLUMNS = {
    "name": "official-name",
    "short_name": "nice-name",
    "gss_code": "gss-code",
    "nation": "nation",
    "region": "region",
    "authority_type": "local-authority-type-name",
    "latitude": "lat",
    "longitude": "long",
    "is_current": "current-authority",
}
REQUIRED_COLUMNS = tuple(COLUMNS.values())
COORDINATE_PLACES = Decimal("0.000001")


class InvalidRow(ValueError):
    """One row cannot be imported; the rest of the file still can."""


@dataclass(frozen=True)
class SkippedRow:
    line: int
    reason: str


@dataclass
class ImportCounts:
    """How many rows a CSV import created, updated and found unchanged (this
    import's and members.elections.importing's)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult(ImportCounts):
    skipped: list[SkippedRow] = field(default_factory=list)

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged + len(self.skipped)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row with its line number in the file (the header is line 1)."""
    path = Path(path)
    if not path.is_file():
        raise Refused(f"No such file: {path}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as csv_file:
            reader = csv.DictReader(csv_file)
            missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])]
            if missing:
                raise Refused(
                    f"{path} is missing the column(s) {', '.join(missing)}: expected the "
                    "header of mySociety's uk_local_authority_names_and_codes CSV."
                )
            for row in reader:
                # The line the row ends on: the row's own line unless a quoted value spans lines.
                yield reader.line_num, row
    except UnicodeDecodeError as error:
        raise Refused(f"{path} is not UTF-8 text: {error}") from error
    except (OSError, csv.Error) as error:
        raise Refused(f"Cannot read {path}: {error}") from error


def parse_row(row: dict[str, str]) -> dict:
    """The LocalAuthority field values for one CSV row; InvalidRow says what is wrong."""
    text = {name: (row.get(column) or "").strip() for name, column in COLUMNS.items()}
    gss_code = text["gss_code"]
    if not gss_code:
        raise InvalidRow(f"no GSS code for {text['name'] or 'an authority with no name'}")
    if not GSS_CODE_RE.fullmatch(gss_code):
        raise InvalidRow(
            f"bad GSS code {gss_code!r}: expected E, N, S or W followed by eight digits"
        )
    if not text["name"]:
        raise InvalidRow(f"{gss_code} has no official name")
    if text["nation"] not in NATIONS:
        raise InvalidRow(f"{gss_code} has an unknown nation {text['nation']!r}")
    for name in ("name", "short_name", "region", "authority_type"):
        max_length = LocalAuthority._meta.get_field(name).max_length
        if len(text[name]) > max_length:
            raise InvalidRow(f"{gss_code}: {COLUMNS[name]} is longer than {max_length} characters")
    return {
        "gss_code": gss_code,
        "name": text["name"],
        "short_name": text["short_name"],
        "nation": NATIONS[text["nation"]],
        "region": text["region"],
        "authority_type": text["authority_type"],
        "latitude": _coordinate(text["latitude"], "lat", limit=90),
        "longitude": _coordinate(text["longitude"], "long", limit=180),
        "is_current": _is_current(text["is_current"], end_date=(row.get("end-date") or "").strip()),
    }


def _coordinate(value, column, limit):
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise InvalidRow(f"{column} {value!r} is not a number") from None
    if not number.is_finite() or abs(number) > limit:
        raise InvalidRow(f"{column} {value!r} is out of range")
    return number.quantize(COORDINATE_PLACES, rounding=ROUND_HALF_UP)


def _is_current(value, end_date):
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    if not value:
        # Older copies of the file leave the flag blank: an authority with an end date has gone.
        return not end_date
    raise InvalidRow(f"current-authority is {value!r}, expected True or False")


def import_local_authorities(
    path: Path,
    on_progress: Callable[[int], None] | None = None,
    on_skip: Callable[[SkippedRow], None] | None = None,
    progress_every: int = 100,
) -> ImportResult:
    """Create or update one LocalAuthority per valid row, matched on the GSS code.

    All or nothing: a file that cannot be read leaves the database as it was.
    """
    result = ImportResult()
    with transaction.atomic():
        existing = {authority.gss_code: authority for authority in LocalAuthority.objects.all()}
        first_seen_on = {}
        for line, row in read_rows(path):
            try:
                values = parse_row(row)
                if values["gss_code"] in first_seen_on:
                    raise InvalidRow(
                        f"{values['gss_code']} already appeared on line "
                        f"{first_seen_on[values['gss_code']]}"
                    )
            except InvalidRow as error:
                skipped = SkippedRow(line=line, reason=str(error))
                result.skipped.append(skipped)
                if on_skip:
                    on_skip(skipped)
            else:
                first_seen_on[values["gss_code"]] = line
                _save(existing.get(values["gss_code"]), values, result)
            if on_progress and result.rows % progress_every == 0:
                on_progress(result.rows)
    return result


def _save(authority, values, result):
    if authority is None:
        LocalAuthority.objects.create(**values)
        result.created += 1
        return
    changed = [name for name, value in values.items() if getattr(authority, name) != value]
    if not changed:
        result.unchanged += 1
        return
    for name in changed:
        setattr(authority, name, values[name])
    authority.save(update_fields=changed)
    result.updated += 1
