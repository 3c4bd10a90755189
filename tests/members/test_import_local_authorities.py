import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from members.models import LocalAuthority

pytestmark = pytest.mark.django_db

# The header of mySociety's uk_local_authority_names_and_codes CSV.
HEADER = (
    "local-authority-code,official-name,nice-name,gss-code,start-date,end-date,replaced-by,"
    "nation,region,local-authority-type,local-authority-type-name,county-la,"
    "combined-authority,alt-names,former-gss-codes,notes,current-authority,BS-6879,ecode,"
    "even-older-register-and-code,gov-uk-slug,area,pop-2020,x,y,lat,long,powers,"
    "lower-or-unitary,mapit-area-code,ofcom,old-ons-la-code,old-register-and-code,"
    "open-council-data-id,os-file,os,snac,wdtk-id"
)
COLUMNS = HEADER.split(",")

LEEDS = {
    "local-authority-code": "LDS",
    "official-name": "Leeds City Council",
    "nice-name": "Leeds",
    "gss-code": "E08000035",
    "nation": "England",
    "region": "Yorkshire and The Humber",
    "local-authority-type-name": "Metropolitan district",
    "current-authority": "True",
    "lat": "53.8008",
    "long": "-1.5491",
}
CARDIFF = {
    "official-name": "City of Cardiff Council",
    "nice-name": "Cardiff",
    "gss-code": "W06000015",
    "nation": "Wales",
    "region": "Wales",
    "local-authority-type-name": "Welsh unitary authority",
    "current-authority": "True",
    "lat": "51.4816",
    "long": "-3.1791",
}
BELFAST = {
    "official-name": "Belfast City Council",
    "nice-name": "Belfast",
    "gss-code": "N09000003",
    "nation": "Northern Ireland",
    "region": "Northern Ireland",
    "local-authority-type-name": "NI district",
    "current-authority": "True",
    "lat": "",
    "long": "",
}


def write_csv(path, rows, columns=COLUMNS):
    with path.open("w", encoding="utf-8", newline="") as csv_file:
        writer = csv.DictWriter(csv_file, fieldnames=columns, restval="", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(path):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_local_authorities", str(path), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def council(number, **values):
    return {
        "official-name": f"Example District Council {number}",
        "nice-name": f"Example {number}",
        "gss-code": f"E07{number:06d}",
        "nation": "England",
        "region": "East of England",
        "local-authority-type-name": "Non-metropolitan district",
        "current-authority": "True",
        **values,
    }


def test_imports_each_row_as_a_local_authority(tmp_path):
    path = write_csv(tmp_path / "councils.csv", [LEEDS, CARDIFF, BELFAST])

    stdout, stderr = run_import(path)

    assert "3 rows read: 3 created, 0 updated, 0 unchanged, 0 skipped." in stdout
    assert stderr == ""
    leeds = LocalAuthority.objects.get(gss_code="E08000035")
    assert leeds.name == "Leeds City Council"
    assert leeds.short_name == "Leeds"
    assert leeds.nation == LocalAuthority.Nation.ENGLAND
    assert leeds.region == "Yorkshire and The Humber"
    assert leeds.authority_type == "Metropolitan district"
    assert leeds.is_current
    assert leeds.latitude == Decimal("53.800800")
    assert leeds.longitude == Decimal("-1.549100")
    assert LocalAuthority.objects.get(gss_code="W06000015").nation == "wales"
    belfast = LocalAuthority.objects.get(gss_code="N09000003")
    assert belfast.nation == "northern-ireland"
    assert belfast.latitude is None
    assert belfast.longitude is None


def test_coordinates_are_rounded_to_six_places_and_flags_read(tmp_path):
    row = council(1, lat="52.12345678", long="-0.98765449", **{"current-authority": "False"})
    run_import(write_csv(tmp_path / "councils.csv", [row]))

    authority = LocalAuthority.objects.get(gss_code="E07000001")
    assert authority.latitude == Decimal("52.123457")
    assert authority.longitude == Decimal("-0.987654")
    assert not authority.is_current
    assert LocalAuthority.objects.current().count() == 0


def test_running_again_changes_nothing_and_updates_what_changed(tmp_path):
    path = write_csv(tmp_path / "councils.csv", [LEEDS, CARDIFF, BELFAST])
    run_import(path)

    stdout, _ = run_import(path)
    assert "0 created, 0 updated, 3 unchanged" in stdout
    assert LocalAuthority.objects.count() == 3

    write_csv(path, [LEEDS, {**CARDIFF, "official-name": "Cardiff Council"}, BELFAST])
    stdout, _ = run_import(path)
    assert "0 created, 1 updated, 2 unchanged" in stdout
    assert LocalAuthority.objects.get(gss_code="W06000015").name == "Cardiff Council"
    assert LocalAuthority.objects.count() == 3


def test_bad_rows_are_reported_with_their_line_and_skipped(tmp_path):
    rows = [
        LEEDS,  # line 2
        council(2, **{"gss-code": "E0800003"}),  # line 3: too short
        council(3, **{"gss-code": "X12345678"}),  # line 4: no such nation letter
        council(4, **{"gss-code": ""}),  # line 5
        council(5, **{"official-name": "  "}),  # line 6
        council(6, nation="Atlantis"),  # line 7
        council(7, lat="north"),  # line 8
        {**LEEDS, "official-name": "Leeds again"},  # line 9: duplicate code
        CARDIFF,  # line 10
    ]
    path = write_csv(tmp_path / "councils.csv", rows)

    stdout, stderr = run_import(path)

    assert "9 rows read: 2 created, 0 updated, 0 unchanged, 7 skipped." in stdout
    assert set(LocalAuthority.objects.values_list("gss_code", flat=True)) == {
        "E08000035",
        "W06000015",
    }
    assert LocalAuthority.objects.get(gss_code="E08000035").name == "Leeds City Council"
    lines = stderr.splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("Line 3: skipped, bad GSS code 'E0800003'")
    assert lines[1].startswith("Line 4: skipped, bad GSS code 'X12345678'")
    assert lines[2] == "Line 5: skipped, no GSS code for Example District Council 4"
    assert lines[3] == "Line 6: skipped, E07000005 has no official name"
    assert lines[4] == "Line 7: skipped, E07000006 has an unknown nation 'Atlantis'"
    assert lines[5] == "Line 8: skipped, lat 'north' is not a number"
    assert lines[6] == "Line 9: skipped, E08000035 already appeared on line 2"


def test_progress_is_shown_every_hundred_rows(tmp_path):
    path = write_csv(tmp_path / "councils.csv", [council(n) for n in range(1, 251)])

    stdout, _ = run_import(path)

    assert stdout.splitlines() == [
        "100 rows read",
        "200 rows read",
        "250 rows read: 250 created, 0 updated, 0 unchanged, 0 skipped.",
    ]
    assert LocalAuthority.objects.count() == 250


def test_a_file_without_the_required_columns_is_refused(tmp_path):
    columns = [column for column in COLUMNS if column != "gss-code"]
    path = write_csv(tmp_path / "councils.csv", [LEEDS], columns=columns)

    with pytest.raises(CommandError, match="missing the column\\(s\\) gss-code"):
        run_import(path)
    assert not LocalAuthority.objects.exists()


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")

    with pytest.raises(CommandError, match="missing the column"):
        run_import(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run_import(tmp_path / "nowhere.csv")


def test_an_unreadable_file_imports_nothing_at_all(tmp_path):
    # Enough good rows to be saved before the reader reaches the broken bytes.
    path = write_csv(tmp_path / "councils.csv", [council(n) for n in range(1, 301)])
    with path.open("ab") as csv_file:
        csv_file.write(b"\xff\xfe not utf-8\n")

    with pytest.raises(CommandError, match="not UTF-8"):
        run_import(path)
    assert not LocalAuthority.objects.exists()


def test_imports_mysocietys_register():
    path = Path(settings.BASE_DIR).parent / "shared" / "data" / "uk_local_authorities.csv"
    if not path.exists():
        pytest.skip(f"mySociety's register is not at {path} (it is not part of the project)")

    stdout, _ = run_import(path)

    assert LocalAuthority.objects.count() > 400
    leeds = LocalAuthority.objects.get(gss_code="E08000035")
    assert leeds.name == "Leeds City Council"
    assert leeds.nation == LocalAuthority.Nation.ENGLAND
    assert leeds.latitude is not None
    assert set(LocalAuthority.objects.values_list("nation", flat=True)) == set(
        LocalAuthority.Nation.values
    )
    assert LocalAuthority.objects.filter(is_current=False).exists()
    assert "0 updated, 0 unchanged" in stdout
    assert "0 created, 0 updated" in run_import(path)[0]
