"""The demo county's assessment scheme for the demo year, after the Guangshui model: duties up to
80, attendance up to 10 (Standing Committee members held to stricter deductions), study up to 10,
commendations as bonus, grades 优秀 / 称职 / 基本称职 / 不称职 and the "three ones" minimum."""

from __future__ import annotations

from decimal import Decimal

from assessment import services
from assessment.models import (
    AssessmentScheme,
    CreditRole,
    DutyKind,
    Outcome,
    QualitativePart,
    Result,
)
from committees.models import Committee
from meetings.models import AttendanceStatus, MeetingKind


def county_scheme(committee: Committee, year: int, *, name: str = "") -> AssessmentScheme:
    scheme = services.scheme_create(
        committee=committee,
        year=year,
        name=name or f"清河县政协委员{year}年度履职考核办法",
        scoring_mode=AssessmentScheme.ScoringMode.FROM_ZERO,
        max_score=Decimal(100),
    )
    duties = services.category_add(scheme=scheme, name="履职实绩", cap=Decimal(80), order=1)
    attendance = services.category_add(
        scheme=scheme,
        name="会议出勤",
        cap=Decimal(10),
        start_points=Decimal(10),
        floor=Decimal(0),
        order=2,
    )
    study = services.category_add(scheme=scheme, name="学习培训", cap=Decimal(10), order=3)

    def rule(code, label, kind, points, category, **fields):
        return services.rule_add(
            scheme=scheme,
            code=code,
            label=label,
            duty_kind=kind,
            points=points,
            category=category,
            **fields,
        )

    registered_lead = rule(
        "proposal-lead",
        "提案立案（第一提案人）",
        DutyKind.PROPOSAL_OUTCOME,
        20,
        duties,
        outcome=Outcome.REGISTERED,
        role=CreditRole.FIRST_PROPOSER,
    )
    rule(
        "proposal-cosigner",
        "提案立案（附议人）",
        DutyKind.PROPOSAL_OUTCOME,
        15,
        duties,
        outcome=Outcome.REGISTERED,
        role=CreditRole.CO_SIGNER,
    )
    rule(
        "proposal-converted",
        "提案转社情民意",
        DutyKind.PROPOSAL_OUTCOME,
        15,
        duties,
        outcome=Outcome.CONVERTED,
        role=CreditRole.FIRST_PROPOSER,
    )
    report = rule(
        "report", "报送社情民意信息", DutyKind.SOCIAL_REPORT, 20, duties, outcome=Outcome.SUBMITTED
    )
    rule(
        "report-adopted",
        "社情民意信息被采用",
        DutyKind.SOCIAL_REPORT,
        10,
        duties,
        outcome=Outcome.ADOPTED,
    )
    rule(
        "report-instruction",
        "社情民意信息获领导批示",
        DutyKind.SOCIAL_REPORT,
        10,
        duties,
        outcome=Outcome.INSTRUCTION,
    )
    research = rule("research", "参加调研视察", DutyKind.RESEARCH_TRIP, 2, duties)
    rule("contact", "联系群众活动", DutyKind.CONTACT_ACTIVITY, 2, duties, year_cap=Decimal(10))
    plenary = rule(
        "plenary-present",
        "出席全体会议",
        DutyKind.MEETING_ATTENDANCE,
        0,
        attendance,
        meeting_kind=MeetingKind.PLENARY,
        attendance_status=AttendanceStatus.PRESENT,
    )
    rule(
        "late",
        "迟到早退",
        DutyKind.MEETING_ATTENDANCE,
        "-1",
        attendance,
        attendance_status=AttendanceStatus.LATE_OR_EARLY,
    )
    rule(
        "absent",
        "无故缺席",
        DutyKind.MEETING_ATTENDANCE,
        "-1.5",
        attendance,
        attendance_status=AttendanceStatus.ABSENT_WITHOUT_LEAVE,
        applies_to="not_standing",
    )
    rule(
        "absent-standing",
        "无故缺席（常委）",
        DutyKind.MEETING_ATTENDANCE,
        "-3",
        attendance,
        attendance_status=AttendanceStatus.ABSENT_WITHOUT_LEAVE,
        applies_to="standing",
    )
    rule("training", "参加培训", DutyKind.TRAINING, 5, study)
    rule("study-note", "学习心得", DutyKind.STUDY_NOTE, 2, study)
    for code, level, points in (
        ("national", "national", 10),
        ("provincial", "provincial", 8),
        ("municipal", "municipal", 6),
        ("county", "county", 4),
    ):
        rule(
            f"commendation-{code}",
            "受到表彰",
            DutyKind.COMMENDATION,
            points,
            duties,
            commendation_level=level,
        )
    # The demo year holds fewer records per member than a real one, so its thresholds are lower
    # than a county would publish (85 / 60 / 45): the demo then shows every grade.
    services.grade_add(scheme=scheme, code="excellent", name="优秀", min_score=40, order=1)
    services.grade_add(scheme=scheme, code="competent", name="称职", min_score=20, order=2)
    basic = services.grade_add(
        scheme=scheme,
        code="basic",
        name="基本称职",
        min_score=10,
        order=3,
        consequence="由界别召集人谈心谈话。",
    )
    services.grade_add(
        scheme=scheme,
        code="incompetent",
        name="不称职",
        min_score=0,
        order=4,
        consequence="由政协党组谈话；连续两年不称职的，建议按程序调整。",
    )
    services.minimum_add(scheme=scheme, label="出席全体会议", rules=[plenary], grade_cap=basic)
    services.minimum_add(
        scheme=scheme,
        label="提交一件提案或社情民意信息",
        rules=[registered_lead, report],
        grade_cap=basic,
    )
    services.minimum_add(scheme=scheme, label="参加一次调研视察", rules=[research], grade_cap=basic)
    services.qualitative_part_add(
        scheme=scheme, kind=QualitativePart.Kind.LIAISON_GROUP, weight=Decimal("0.1"), order=1
    )
    return services.scheme_activate(scheme=scheme)


def results_story(committee: Committee, year: int, *, staff, member_user) -> None:
    """What a year's results go through: finalised (members notified), re-opened with a reason
    when a record turns up late, and a member's dispute of a line waiting for staff."""
    scheme = AssessmentScheme.objects.get(committee=committee, year=year)
    services.year_finalise(scheme=scheme, by=staff)
    services.year_reopen(
        scheme=scheme, by=staff, reason="城关镇联络组补报11月联系群众活动，重新计分后再定稿"
    )
    result = Result.objects.filter(member__user=member_user, year=year).first()
    line = result.lines.select_related("rule").first() if result else None
    if line is not None:
        services.dispute_raise(
            result=result,
            rule=line.rule,
            comment="10月参加的乡村振兴专题调研未计入，请核实。",
            by=member_user,
        )
