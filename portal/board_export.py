"""A board's members' table as an Excel workbook: the rows and columns the convener sees,
filtered and sorted the same way."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from assessment.selectors import BoardRow
from reports.excel import safe_cell

from .boards import Column


def _cell(column: Column, row: BoardRow):
    if column.key == "name":
        return row.name
    if column.key == "grade":
        return row.grade or ""
    if column.key == "last":
        return row.last_duty
    value = column.value(row)
    return "" if value is None else value


def board_xlsx(*, title: str, columns: list[Column], rows: list[BoardRow]) -> bytes:
    """One sheet: a title line, the headings in the user's language, one line per member.
    Any text that a spreadsheet would run as a formula is escaped; numbers stay numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Members")
    headers = [str(column.label) for column in columns]
    headers.insert(1, _("Work unit"))
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EDEDED")
    for row in rows:
        values = [_cell(column, row) for column in columns]
        values.insert(1, row.work_unit)
        sheet.append([safe_cell(value) for value in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
        sheet.cell(row=sheet.max_row, column=len(values)).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B3"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 28
    for column in range(3, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 12
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
