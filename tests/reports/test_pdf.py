"""The PDF documents: Chinese text embedded and extractable, page numbers, long tables."""

import datetime
import io
import re

import pytest
import time_machine
from django.utils import translation
from pypdf import PdfReader

from reports.pdf import member_report_pdf, yearly_figures_pdf
from tests.reports.samples import member_report, yearly_figures


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    """Without spaces and line breaks: a table cell wraps its text over several lines."""
    return re.sub(r"\s+", "", text)


def test_it_writes_the_member_report_in_chinese_that_can_be_copied():
    data = member_report_pdf(member_report())
    assert data.startswith(b"%PDF-")
    text = flat("".join(pages_text(data)))
    for expected in [
        "政协清河县委员会",
        "2024年度委员履职情况报告",
        "张晓梅",
        "医药卫生界",
        "城关镇联络组",
        "清河县政协委员履职考核办法（v2）",
        "86.5",  # Decimal("86.50") printed without the trailing zero
        "优秀",
        "第 3 名（共 138 名）",
        "第 1 名（共 12 名）",
        "已定稿",
        "出席常委会会议",
        "封顶 10 分",
        "参加一次调研视察",
        "常委会评议",
        "称职",
        "2024年3月15日",
        "出席县政协十二届常委会第五次会议",
    ]:
        assert flat(expected) in text, expected


def test_it_embeds_the_font_so_the_file_reads_the_same_everywhere():
    data = member_report_pdf(member_report())
    assert b"/FontFile2" in data  # the TrueType program itself
    assert b"/ToUnicode" in data  # what makes the text searchable and copyable
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("WenQuanYiMicroHei" in name for name in fonts)


def test_a_provisional_result_says_so():
    text = "\n".join(pages_text(member_report_pdf(member_report(finalised=False))))
    assert "暂定" in text
    assert "定稿前" in text


@time_machine.travel(datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC))
def test_every_page_is_numbered_and_dated():
    pages = pages_text(member_report_pdf(member_report(records_per_line=120)))
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {total} 页" in text
        assert "生成日期：2026年11月22日" in text


def test_a_long_table_continues_on_the_next_pages_under_its_header():
    pages = pages_text(member_report_pdf(member_report(records_per_line=120)))
    with_records = [p for p in pages if "出席县政协十二届常委会第五次会议" in p]
    assert len(with_records) >= 2
    # The header row repeats on every page the records table spans.
    assert all("履职记录" in page and "日期" in page for page in with_records)
    printed = sum(page.count("出席县政协十二届常委会第五次会议") for page in pages)
    assert printed == 120


def test_long_chinese_text_wraps_inside_its_cell():
    report = member_report()
    long_text = "围绕优化营商环境、推进乡村振兴、加强基层医疗卫生服务体系建设等议题深入调研" * 4
    report.lines[0].records[0] = report.lines[0].records[0]._replace(description=long_text)
    text = "".join(pages_text(member_report_pdf(report)))
    # Every character is there, on several lines of one cell.
    assert long_text not in text
    assert long_text in flat(text)


def test_markup_characters_in_names_are_printed_as_text():
    report = member_report()
    report = type(report)(**{**report.__dict__, "work_unit": "A&B <研究所>"})
    assert "A&B <研究所>" in "\n".join(pages_text(member_report_pdf(report)))


def test_it_writes_the_yearly_figures():
    data = yearly_figures_pdf(yearly_figures(), "政协清河县委员会")
    assert b"/FontFile2" in data
    text = flat("".join(pages_text(data)))
    for expected in [
        "政协清河县委员会",
        "2024年度工作统计数据",
        "一、提案工作",
        "收到提案",
        "215",
        "立案（占收到提案）",
        "A类：所提问题已经解决或采纳",
        "33.3%",
        "满意率（满意和基本满意）",
        "二、社情民意信息",
        "获领导批示",
        "三、联系群众",
        "联系群众人次",
        "5210",
        "四、会议出勤",
        "出席率（%）",
        "全部会议",
        "五、委员队伍、调研视察和民主监督",
        "年末在职委员人数",
        "第 1 页 共",
    ]:
        assert flat(expected) in text, expected
