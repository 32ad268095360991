"""The yearly figures laid out as the tables of a work report, shared by the PDF and Excel files.

Each table is a title, its column headers and rows of plain values (str, int, Decimal or None),
so the PDF and the spreadsheet print the same lines under the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from proposals.models import AnswerCategory, Satisfaction

from .layout import section_title
from .selectors import AttendanceFigures, Share, YearlyFigures

Value = str | int | Decimal | None


@dataclass(frozen=True)
class FigureTable:
    title: str
    headers: list[str]
    rows: list[list[Value]]
    #: Columns holding percentages (printed with a % sign in the PDF).
    percent_columns: tuple[int, ...] = ()


def _share_row(label: str, share: Share) -> list[Value]:
    return [label, share.count, share.percent]


def _proposal_table(figures: YearlyFigures) -> FigureTable:
    p = figures.proposals
    answer_labels = dict(AnswerCategory.choices)
    satisfaction_labels = dict(Satisfaction.choices)
    rows: list[list[Value]] = [
        [_("Proposals received"), p.received, None],
        [_("Proposals registered (share of those received)"), p.registered, p.registration_rate],
        [_("Proposals not registered"), p.not_registered, None],
        [_("of which converted to social-conditions reports"), p.converted_to_reports, None],
        [_("of which converted to opinions and suggestions"), p.converted_to_opinions, None],
        [_("Proposals withdrawn"), p.withdrawn, None],
        [_("Proposals answered (share of those registered)"), p.answered, p.answer_rate],
    ]
    rows += [_share_row(str(answer_labels[c]), p.answer_mix[c]) for c in AnswerCategory.values]
    rows.append([_("Answers rated by the proposers"), p.rated, None])
    rows += [
        _share_row(str(satisfaction_labels[s]), p.satisfaction_mix[s]) for s in Satisfaction.values
    ]
    rows += [
        [_("Satisfaction rate (satisfied or basically satisfied)"), None, p.satisfaction_rate],
        [_("Key proposals"), p.key, None],
        [_("Excellent proposals"), p.excellent, None],
    ]
    return FigureTable(
        title=_("Proposal work"),
        headers=[_("Figure"), _("Number"), _("Share (%)")],
        rows=rows,
        percent_columns=(2,),
    )


def _report_table(figures: YearlyFigures) -> FigureTable:
    r = figures.social_reports
    return FigureTable(
        title=_("Social-conditions and public-opinion reports"),
        headers=[_("Figure"), _("Number"), _("Share (%)")],
        rows=[
            [_("Reports submitted"), r.submitted, None],
            [_("Reports adopted (share of those submitted)"), r.adopted, r.adoption_rate],
            [_("Reports forwarded to a higher level"), r.forwarded, None],
            [_("Reports adopted by a higher level"), r.adopted_by_higher_level, None],
            [_("Reports with a leader's instruction"), r.with_instruction, None],
        ],
        percent_columns=(2,),
    )


def _contact_table(figures: YearlyFigures) -> FigureTable:
    c = figures.contact
    return FigureTable(
        title=_("Contact with the masses"),
        headers=[_("Figure"), _("Number"), _("Share (%)")],
        rows=[
            [_("Contact activities (verified)"), c.activities, None],
            [_("Members taking part"), c.members_taking_part, None],
            [_("People reached"), c.people_reached, None],
            [_("Issues raised"), c.issues_raised, None],
            [_("Issues resolved (share of those raised)"), c.issues_resolved, c.resolution_rate],
        ],
        percent_columns=(2,),
    )


def _attendance_row(line: AttendanceFigures) -> list[Value]:
    return [
        line.label,
        line.meetings,
        line.marked,
        line.attended,
        line.approved_leave,
        line.absent_without_leave,
        line.rate,
    ]


def _attendance_table(figures: YearlyFigures) -> FigureTable:
    lines = [*figures.attendance, figures.attendance_total]
    return FigureTable(
        title=_("Attendance at meetings"),
        headers=[
            _("Meeting kind"),
            _("Meetings held"),
            _("Invitations marked"),
            _("Attended (incl. late or early)"),
            _("On approved leave"),
            _("Absent without leave"),
            _("Attendance rate (%)"),
        ],
        rows=[_attendance_row(line) for line in lines],
        percent_columns=(6,),
    )


def _other_table(figures: YearlyFigures) -> FigureTable:
    return FigureTable(
        title=_("Members, research and supervision"),
        headers=[_("Figure"), _("Number")],
        rows=[
            [_("Members in office at the end of the year"), figures.members_at_year_end],
            [_("Research and inspection reports"), figures.research_reports],
            [_("Democratic supervision topics"), figures.supervision_topics],
        ],
    )


def yearly_figures_tables(figures: YearlyFigures) -> list[FigureTable]:
    tables = [
        _proposal_table(figures),
        _report_table(figures),
        _contact_table(figures),
        _attendance_table(figures),
        _other_table(figures),
    ]
    return [
        FigureTable(section_title(i, t.title), t.headers, t.rows, t.percent_columns)
        for i, t in enumerate(tables, start=1)
    ]


def attendance_note() -> str:
    return _(
        "Attendance rate: members who came (present, or late or left early) out of the "
        "invitations marked; invitations not yet marked are left out, approved leave counts as "
        "not attending."
    )
