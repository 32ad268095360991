"""Reading a list endpoint's CSV or Excel download back into rows, for any area's tests:

    headings, rows = download(client, "/api/v1/committees/?level=county", "xlsx")

``rows`` are lists of cell values (CSV cells are text; Excel keeps numbers as numbers).
"""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

from openpyxl import load_workbook

BOM = "\ufeff".encode()


def download(client, url: str, fmt: str) -> tuple[list, list[list]]:
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}format={fmt}")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment;")
    return read(response.content, fmt)


def read(content: bytes, fmt: str) -> tuple[list, list[list]]:
    if fmt == "csv":
        assert content.startswith(BOM), "Excel needs the byte-order mark to read UTF-8"
        table = list(csv.reader(io.StringIO(content[len(BOM) :].decode("utf-8"))))
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    return table[0], table[1:]


def filename(response) -> str:
    """The download's (UTF-8) file name from its Content-Disposition."""
    header = response["Content-Disposition"]
    return unquote(header.split("filename*=utf-8''", 1)[1]) if "filename*=" in header else header
