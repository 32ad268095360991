"""A small PDF layout toolkit for committee documents, in Chinese, with reportlab.

Everything prints in one embedded TrueType font, a GB2312 subset of WenQuanYi Micro Hei
(``static/fonts/``; rebuilt by ``scripts/subset_cjk_font.py``): reportlab embeds the glyphs a
document uses with a ToUnicode map, so the file reads the same on any machine and its text can
be searched and copied. Paragraphs wrap with ``wordWrap="CJK"`` (Chinese has no spaces to break
at). Pages carry "第 N 页 共 M 页" and the date the file was made.
"""

from __future__ import annotations

import datetime
import functools
import io
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from committees.numerals import ordinal_for_language

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = settings.BASE_DIR / "static" / "fonts" / "wqy-microhei-gb2312.ttf"

#: The red of a committee document's masthead (红头).
MASTHEAD_RED = colors.HexColor("#C00000")
RULE_GREY = colors.HexColor("#808080")
HEADER_FILL = colors.HexColor("#EDEDED")
LABEL_FILL = colors.HexColor("#F5F5F5")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 25 * mm, 22 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X


@functools.cache
def font() -> str:
    """Register the CJK font once per process and return its name."""
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE)))
    return FONT_NAME


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    name = font()
    body = ParagraphStyle("body", fontName=name, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "body": body,
        "masthead": ParagraphStyle(
            "masthead",
            parent=body,
            fontSize=18,
            leading=26,
            alignment=TA_CENTER,
            textColor=MASTHEAD_RED,
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontSize=17, leading=26, alignment=TA_CENTER, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, alignment=TA_CENTER, spaceAfter=6
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontSize=13,
            leading=20,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=13),
        "cell_number": ParagraphStyle(
            "cell_number", parent=body, fontSize=9.5, leading=13, alignment=TA_RIGHT
        ),
        "cell_header": ParagraphStyle(
            "cell_header", parent=body, fontSize=9.5, leading=13, alignment=TA_CENTER
        ),
        "note": ParagraphStyle(
            "note", parent=body, fontSize=9, leading=13, textColor=colors.HexColor("#404040")
        ),
    }


# --- values as printed ---------------------------------------------------------------------


def chinese_date(day: datetime.date) -> str:
    """2026年11月22日 in Chinese; the English catalog prints 2026-11-22."""
    return _("%(year)d-%(month)02d-%(day)02d") % {
        "year": day.year,
        "month": day.month,
        "day": day.day,
    }


def number(value: int | Decimal | None) -> str:
    """Scores and counts without trailing zeros: 85.50 → 85.5, 100.00 → 100; None → —."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    return str(value)


def section_title(index: int, title: str) -> str:
    """一、提案工作 in Chinese, "1. Proposals" in English."""
    return _("%(number)s. %(title)s") % {"number": ordinal_for_language(index), "title": title}


def percentage(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def _para(text: object, style: str) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), styles()[style])


# --- the document ----------------------------------------------------------------------------


def _numbered_canvas(footer_left: str) -> type[canvas.Canvas]:
    """A canvas that knows the page count when it writes each page's footer (第 N 页 共 M 页)."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._page_states: list[dict] = []

        def showPage(self):
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setFont(font(), 9)
            self.setFillColor(colors.black)
            y = MARGIN_BOTTOM - 10 * mm
            self.drawCentredString(
                PAGE_WIDTH / 2,
                y,
                _("Page %(page)d of %(pages)d") % {"page": self._pageNumber, "pages": total},
            )
            self.drawString(MARGIN_X, y, footer_left)
            self.restoreState()

    return NumberedCanvas


class PdfDocument:
    """Build a document flowable by flowable, then ``render()`` it to bytes."""

    def __init__(self, *, title: str, issuer: str = "", subtitle: str = "") -> None:
        self.title = title
        self.issuer = issuer
        self.story: list[Flowable] = []
        if issuer:
            self.story.append(_para(issuer, "masthead"))
            self.story.append(
                HRFlowable(width="100%", thickness=1.5, color=MASTHEAD_RED, spaceAfter=10)
            )
        self.story.append(_para(title, "title"))
        if subtitle:
            self.story.append(_para(subtitle, "subtitle"))

    def heading(self, text: str) -> None:
        # A new page rather than a heading alone at the foot of one (a table's first rows follow
        # it; keepWithNext would move a whole long table to the next page instead).
        self.story.append(CondPageBreak(35 * mm))
        self.story.append(_para(text, "heading"))

    def paragraph(self, text: str, style: str = "body") -> None:
        self.story.append(Spacer(0, 2 * mm))
        self.story.append(_para(text, style))

    def note(self, text: str) -> None:
        self.story.append(Spacer(0, 2 * mm))
        self.story.append(_para(text, "note"))

    def key_values(self, pairs: Sequence[tuple[str, object]], *, columns: int = 2) -> None:
        """Label–value pairs in a grid, ``columns`` pairs to a row (a form's header block)."""
        cells = [[_para(label, "cell"), _para(value, "cell")] for label, value in pairs]
        rows = []
        for start in range(0, len(cells), columns):
            row = [cell for pair in cells[start : start + columns] for cell in pair]
            row += [""] * (2 * columns - len(row))
            rows.append(row)
        label_width = TEXT_WIDTH * 0.17
        value_width = TEXT_WIDTH / columns - label_width
        table = Table(rows, colWidths=[label_width, value_width] * columns)
        style = [
            ("FONT", (0, 0), (-1, -1), font()),  # for the blank cells that fill the last row
            ("GRID", (0, 0), (-1, -1), 0.5, RULE_GREY),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        style += [("BACKGROUND", (2 * c, 0), (2 * c, -1), LABEL_FILL) for c in range(columns)]
        table.setStyle(TableStyle(style))
        self.story.append(table)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[float] | None = None,
        numeric_columns: Sequence[int] = (),
        empty_text: str = "",
    ) -> None:
        """A ruled table whose header repeats on every page it spans.

        ``widths`` are fractions of the text width; ``numeric_columns`` are right-aligned. Every
        cell is a paragraph, so long Chinese text wraps inside its column.
        """
        if not rows and empty_text:
            self.note(empty_text)
            return
        data = [[_para(h, "cell_header") for h in headers]]
        for row in rows:
            data.append(
                [
                    _para(value, "cell_number" if i in numeric_columns else "cell")
                    for i, value in enumerate(row)
                ]
            )
        fractions = widths or [1 / len(headers)] * len(headers)
        table = Table(data, colWidths=[TEXT_WIDTH * f for f in fractions], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), font()),
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE_GREY),
                    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        self.story.append(table)

    def render(self, *, generated_on: datetime.date | None = None) -> bytes:
        day = generated_on or timezone.localdate()
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=self.title,
            author=self.issuer,
            creator="cppcc-performance",
            # Pages start in the embedded font, so the file names no font it does not carry.
            initialFontName=font(),
        )
        footer = _("Generated on %(date)s") % {"date": chinese_date(day)}
        doc.build(self.story, canvasmaker=_numbered_canvas(footer))
        return buffer.getvalue()
