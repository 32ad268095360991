"""The PDF documents: a committee's yearly figures and a member's annual performance report.

The layout toolkit (font, styles, tables, page numbers) is in ``reports.layout``.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from .documents import MemberReport, ReportLine
from .layout import PdfDocument, chinese_date, number, percentage, section_title
from .selectors import YearlyFigures
from .tables import attendance_note, yearly_figures_tables

#: Column widths (fractions of the text width) by the number of columns; the attendance table
#: (seven columns) shares the width equally.
_FIGURE_WIDTHS = {2: [0.7, 0.3], 3: [0.58, 0.21, 0.21]}


def _printed(value, percent: bool) -> str:
    return percentage(value) if percent else number(value)


def yearly_figures_pdf(figures: YearlyFigures, committee_name: str) -> bytes:
    doc = PdfDocument(
        issuer=committee_name,
        title=_("Figures of the year %(year)d") % {"year": figures.year},
        subtitle=_("as quoted in the annual work report"),
    )
    for table in yearly_figures_tables(figures):
        doc.heading(table.title)
        columns = len(table.headers)
        doc.table(
            table.headers,
            [
                [
                    value if i == 0 else _printed(value, i in table.percent_columns)
                    for i, value in enumerate(row)
                ]
                for row in table.rows
            ],
            widths=_FIGURE_WIDTHS.get(columns),
            numeric_columns=range(1, columns),
        )
    doc.note(attendance_note())
    return doc.render()


# --- a member's annual performance report -------------------------------------------------


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _cap_text(line: ReportLine) -> str:
    if not line.capped:
        return "—"
    if line.year_cap_applied is None:
        return _("capped")
    return _("capped at %(points)s") % {"points": number(line.year_cap_applied)}


def _rank(rank: int, size: int) -> str:
    return _("%(rank)d of %(size)d") % {"rank": rank, "size": size}


def _header_block(doc: PdfDocument, report: MemberReport) -> None:
    computed = report.computed_at
    if timezone.is_aware(computed):
        computed = timezone.localtime(computed)
    doc.key_values(
        [
            (_("Member"), report.member_name),
            (_("Year assessed"), str(report.year)),
            (_("Sector"), report.sector_name or "—"),
            (_("Liaison group"), report.group_name or "—"),
            (_("Work unit"), report.work_unit or "—"),
            (_("Assessment scheme"), f"{report.scheme_name}（v{report.scheme_version}）"),
            (_("Total score"), number(report.total_score)),
            (_("Grade"), report.grade_name or "—"),
            (_("Rank in the committee"), _rank(report.rank_in_committee, report.committee_size)),
            (_("Rank in the sector"), _rank(report.rank_in_sector, report.sector_size)),
            (_("Computed on"), f"{chinese_date(computed.date())} {computed:%H:%M}"),
            (_("Status"), _("Final") if report.finalised else _("Provisional")),
        ]
    )
    if not report.finalised:
        doc.note(
            _(
                "This result is provisional: it changes as records are added or corrected until "
                "staff finalise the year."
            )
        )


def member_report_pdf(report: MemberReport) -> bytes:
    doc = PdfDocument(
        issuer=report.committee_name,
        title=_("Annual performance report of a member, %(year)d") % {"year": report.year},
        subtitle=report.member_name,
    )
    _header_block(doc, report)

    doc.heading(section_title(1, _("Score by rule")))
    doc.table(
        [_("Category"), _("Item"), _("Count"), _("Points scored"), _("Cap applied")],
        [
            [line.category, line.label, line.count, number(line.points), _cap_text(line)]
            for line in report.lines
        ],
        widths=[0.18, 0.4, 0.1, 0.12, 0.2],
        numeric_columns=(2, 3),
        empty_text=_("No duty record scored this year."),
    )
    doc.paragraph(_("Total score: %(score)s") % {"score": number(report.total_score)})

    doc.heading(section_title(2, _("Minimum requirements")))
    doc.table(
        [_("Requirement"), _("Met"), _("Done"), _("Required")],
        [[m.label, _yes_no(m.met), m.count, m.required] for m in report.minimums],
        widths=[0.55, 0.15, 0.15, 0.15],
        numeric_columns=(2, 3),
        empty_text=_("The scheme sets no minimum requirement."),
    )

    doc.heading(section_title(3, _("Evaluations")))
    doc.table(
        [_("Evaluation"), _("Score"), _("Weight")],
        [[q.label, number(q.score), number(q.weight)] for q in report.qualitative],
        widths=[0.6, 0.2, 0.2],
        numeric_columns=(1, 2),
        empty_text=_("No evaluation this year."),
    )

    doc.heading(section_title(4, _("Earlier years")))
    doc.table(
        [_("Year"), _("Total score"), _("Grade")],
        [[str(p.year), number(p.total), p.grade] for p in report.previous_years],
        widths=[0.3, 0.35, 0.35],
        numeric_columns=(1,),
        empty_text=_("No earlier assessment on record."),
    )

    doc.heading(section_title(5, _("Records behind the score")))
    doc.table(
        [_("Item"), _("Date"), _("Record")],
        [
            [line.label, chinese_date(record.date), record.description]
            for line in report.lines
            for record in line.records
        ],
        widths=[0.25, 0.2, 0.55],
        empty_text=_("No duty record scored this year."),
    )
    return doc.render()
