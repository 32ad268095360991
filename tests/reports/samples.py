"""Hand-made documents for the layout tests (no database needed)."""

import datetime
from decimal import Decimal

from reports.documents import (
    DutyRecord,
    MemberReport,
    MinimumCheck,
    PreviousYear,
    QualitativeScore,
    ReportLine,
)
from reports.selectors import (
    AttendanceFigures,
    ContactFigures,
    ProposalFigures,
    Share,
    SocialReportFigures,
    YearlyFigures,
)

D = Decimal


def member_report(*, records_per_line: int = 1, finalised: bool = True) -> MemberReport:
    meeting = DutyRecord(datetime.date(2024, 3, 15), "出席县政协十二届常委会第五次会议")
    proposal = DutyRecord(datetime.date(2024, 1, 9), "《关于加强农村养老服务的建议》立案")
    return MemberReport(
        member_name="张晓梅",
        committee_name="政协清河县委员会",
        year=2024,
        sector_name="医药卫生界",
        group_name="城关镇联络组",
        work_unit="清河县人民医院",
        total_score=D("86.50"),
        grade_name="优秀",
        rank_in_committee=3,
        committee_size=138,
        rank_in_sector=1,
        sector_size=12,
        scheme_name="清河县政协委员履职考核办法",
        scheme_version=2,
        computed_at=datetime.datetime(2025, 1, 5, 9, 30, tzinfo=datetime.UTC),
        finalised=finalised,
        lines=[
            ReportLine(
                "会议活动",
                "出席常委会会议",
                4,
                D("20.00"),
                True,
                D("10"),
                [meeting] * records_per_line,
            ),
            ReportLine("提案", "提案立案（第一提案人）", 1, D("15"), records=[proposal]),
        ],
        minimums=[
            MinimumCheck("出席全体会议", True, 1, 1),
            MinimumCheck("参加一次调研视察", False, 0, 1),
        ],
        qualitative=[QualitativeScore("常委会评议", D("92"), D("0.20"))],
        previous_years=[PreviousYear(2023, D("78.5"), "称职")],
    )


def yearly_figures(*, committee_id: int = 1) -> YearlyFigures:
    def line(kind, label, marked, attended):
        return AttendanceFigures(kind, label, 1, marked, attended, marked - attended, 0)

    attendance = [
        line("plenary", "全体会议", 100, 96),
        line("standing_committee", "常委会会议", 30, 27),
    ]
    return YearlyFigures(
        committee_id=committee_id,
        committee_name="政协清河县委员会",
        year=2024,
        proposals=ProposalFigures(
            received=215,
            registered=187,
            not_registered=20,
            withdrawn=8,
            converted_to_reports=12,
            converted_to_opinions=8,
            answered=180,
            answer_mix={
                "A": Share(90, D("50.0")),
                "B": Share(60, D("33.3")),
                "C": Share(20, D("11.1")),
                "D": Share(10, D("5.6")),
            },
            rated=150,
            satisfaction_mix={
                "satisfied": Share(120, D("80.0")),
                "basically_satisfied": Share(25, D("16.7")),
                "unsatisfied": Share(5, D("3.3")),
            },
            key=10,
            excellent=15,
        ),
        social_reports=SocialReportFigures(
            submitted=327, adopted=120, forwarded=40, adopted_by_higher_level=9, with_instruction=6
        ),
        contact=ContactFigures(
            activities=327,
            members_taking_part=471,
            people_reached=5210,
            issues_raised=400,
            issues_resolved=312,
        ),
        attendance=attendance,
        attendance_total=AttendanceFigures("", "全部会议", 2, 130, 123, 7, 0),
        members_at_year_end=138,
        research_reports=14,
        supervision_topics=3,
    )
