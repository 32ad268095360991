"""The yearly figures as a spreadsheet: numbers as numbers, no text a spreadsheet would run."""

import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from reports.excel import safe_cell, yearly_figures_xlsx
from tests.reports.samples import yearly_figures


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def rows_of(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_it_writes_the_figures_as_numbers_under_chinese_labels():
    rows = rows_of(yearly_figures_xlsx(yearly_figures(), "政协清河县委员会"))
    assert rows[0][0] == "政协清河县委员会 2024年度工作统计数据"
    by_label = {row[0]: row[1:] for row in rows if row[0]}
    assert by_label["收到提案"][:2] == (215, None)
    assert by_label["立案（占收到提案）"][:2] == (187, 87.0)
    assert by_label["满意率（满意和基本满意）"][:2] == (None, 96.7)
    assert by_label["全部会议"][:6] == (2, 130, 123, 7, 0, 94.6)
    assert "一、提案工作" in by_label and "四、会议出勤" in by_label


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_text_that_looks_like_a_formula_is_kept_as_text(text):
    data = yearly_figures_xlsx(yearly_figures(), text)
    cell = load_workbook(io.BytesIO(data)).active["A1"]
    assert cell.data_type == "s"
    # (Excel's XML keeps no carriage return: it reads back as a newline, after the apostrophe.)
    assert cell.value.startswith("'" + text.replace("\r", "\n"))


def test_plain_values_are_left_alone():
    assert safe_cell("政协清河县委员会") == "政协清河县委员会"
    assert safe_cell(-3) == -3
    assert safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert safe_cell(None) is None
