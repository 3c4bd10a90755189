"""Reading the spreadsheets the site sends: the admin listings' and reports'
exports (streamed by Wagtail), the hosts' attendee list, the member's data
download. Each reader checks the response is the file it claims to be."""

import csv
import io

from openpyxl import load_workbook


def body(response) -> bytes:
    """The whole body, streamed (Wagtail's exports) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_text(response) -> str:
    """A CSV response's text, without the byte-order mark Excel likes."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return body(response).decode("utf-8-sig")


def csv_lines(response) -> list[list[str]]:
    """A CSV response's rows as lists of cells, the header row first."""
    return list(csv.reader(io.StringIO(csv_text(response))))


def csv_records(response) -> list[dict[str, str]]:
    """A CSV response's rows below its header row, each keyed by heading."""
    return list(csv.DictReader(io.StringIO(csv_text(response))))


def xlsx_sheet(response):
    """An XLSX response's first sheet (openpyxl)."""
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    return load_workbook(io.BytesIO(body(response))).active


def xlsx_lines(response) -> list[list]:
    """An XLSX response's rows as lists of cell values, the header row first."""
    return [[cell.value for cell in row] for row in xlsx_sheet(response).iter_rows()]
