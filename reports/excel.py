"""The yearly figures as an Excel workbook (openpyxl, installed with django-import-export[xlsx])."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .selectors import YearlyFigures
from .tables import Value, attendance_note, yearly_figures_tables

#: A text cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Value) -> Value:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice).

    Committee names, labels and any text from records end up in cells; numbers stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def yearly_figures_xlsx(figures: YearlyFigures, committee_name: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures %(year)d") % {"year": figures.year}
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="EDEDED")

    def append(values: list[Value], *, font: Font | None = None, fill=None) -> None:
        sheet.append([safe_cell(v) for v in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            if font:
                cell.font = font
            if fill:
                cell.fill = fill

    title = _("Figures of the year %(year)d") % {"year": figures.year}
    append([f"{committee_name} {title}"], font=Font(bold=True, size=14))
    for table in yearly_figures_tables(figures):
        append([])
        append([table.title], font=bold)
        append(table.headers, font=bold, fill=header_fill)
        for row in table.rows:
            append(row)
            for column in table.percent_columns:
                sheet.cell(row=sheet.max_row, column=column + 1).number_format = "0.0"
    append([])
    append([attendance_note()])

    sheet.column_dimensions["A"].width = 48
    for column in range(2, 8):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=1):
        row[0].alignment = Alignment(wrap_text=True, vertical="center")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
