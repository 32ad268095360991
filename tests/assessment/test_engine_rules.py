"""Every kind of rule a scheme can hold, scored for crafted members (points computed by hand)."""

import datetime
from decimal import Decimal

import pytest

from assessment import services
from assessment.models import AssessmentScheme, CreditRole, DutyKind, Outcome, SchemeRule
from meetings.models import AttendanceStatus, MeetingKind, Speech
from members.models import Commendation
from proposals.models import ProposalState, SubmitterKind
from tests.factories.assessment import four_grades
from tests.factories.meetings import ResearchReportAuthorFactory, ResearchReportFactory, member_of
from tests.factories.members import CommendationFactory, PositionFactory
from tests.factories.proposals import SocialReportInstructionFactory
from tests.factories.supervision import SupervisionParticipantFactory, SupervisionTopicFactory

from .engine_helpers import YEAR, activity, attend, meeting, proposal, report, score

pytestmark = pytest.mark.django_db
D = Decimal


def scheme_with(committee, rules, **fields):
    fields.setdefault("scoring_mode", AssessmentScheme.ScoringMode.FROM_ZERO)
    scheme = services.scheme_create(committee=committee, year=YEAR, name="测试办法", **fields)
    for order, (code, spec) in enumerate(rules.items()):
        services.rule_add(scheme=scheme, code=code, label=code, order=order, **spec)
    four_grades(scheme)
    return services.scheme_activate(scheme=scheme)


def line_points(result):
    return {line.rule.code: line.points for line in result.lines.select_related("rule")}


def test_speeches_count_by_meeting_kind_and_form(committee):
    scheme_with(
        committee,
        {
            "plenary-oral": {
                "duty_kind": DutyKind.SPEECH,
                "meeting_kind": MeetingKind.PLENARY,
                "speech_kind": Speech.Kind.ORAL,
                "points": 8,
            },
            "any-speech": {"duty_kind": DutyKind.SPEECH, "points": 3},
        },
    )
    member = member_of(committee)
    plenary = meeting(committee, MeetingKind.PLENARY)
    from tests.factories.meetings import SpeechFactory

    SpeechFactory(meeting=plenary, member=member, kind=Speech.Kind.ORAL)
    SpeechFactory(meeting=plenary, member=member, kind=Speech.Kind.WRITTEN)
    SpeechFactory(meeting=meeting(committee), member=member, kind=Speech.Kind.ORAL)

    result = score(committee)[member.pk]

    assert line_points(result) == {"plenary-oral": D(8), "any-speech": D(6)}
    assert result.total == D(14)


def test_first_proposer_takes_a_share_and_co_signers_split_the_rest(committee, staff):
    scheme_with(
        committee,
        {
            "submitted": {
                "duty_kind": DutyKind.PROPOSAL,
                "points": 10,
                "share_rule": SchemeRule.ShareRule.FIRST_TAKES_SHARE,
                "first_share": D("0.5"),
            },
        },
    )
    first, second, third = (member_of(committee) for _ in range(3))
    alone = member_of(committee)
    proposal(staff, first, second, third, state=ProposalState.SUBMITTED)
    proposal(staff, alone, state=ProposalState.SUBMITTED)

    results = score(committee)

    assert results[first.pk].total == D(5)
    assert results[second.pk].total == results[third.pk].total == D("2.5")
    assert results[alone.pk].total == D(10)  # nobody to share with


def test_collective_work_credits_at_most_n_people(committee, staff):
    scheme_with(
        committee,
        {
            "collective": {
                "duty_kind": DutyKind.PROPOSAL_OUTCOME,
                "outcome": Outcome.REGISTERED,
                "role": CreditRole.COLLECTIVE,
                "points": 6,
                "max_credited": 2,
            },
            "own": {
                "duty_kind": DutyKind.PROPOSAL_OUTCOME,
                "outcome": Outcome.REGISTERED,
                "role": CreditRole.FIRST_PROPOSER,
                "points": 15,
            },
        },
    )
    drafter, helper, third = (member_of(committee) for _ in range(3))
    proposal(staff, drafter, helper, third, submitter_kind=SubmitterKind.SESSION_GROUP)

    results = score(committee)

    # The drafter and the first co-signer are credited; the third is beyond the limit.
    assert results[drafter.pk].total == D(6)
    assert results[helper.pk].total == D(6)
    assert results[third.pk].total == D(0)
    assert "own" not in line_points(results[drafter.pk])  # a collective proposal is not one's own


def test_a_yearly_cap_limits_one_rule_and_says_so(committee):
    scheme_with(
        committee,
        {"contact": {"duty_kind": DutyKind.CONTACT_ACTIVITY, "points": 5, "year_cap": 10}},
    )
    member = member_of(committee)
    for day in (3, 4, 5):
        activity(committee, member, day=datetime.date(YEAR, 6, day))
    activity(committee, member, verified=False)  # not verified by staff: not counted yet

    line = score(committee)[member.pk].lines.get()

    assert (line.count, line.raw_points, line.points, line.capped) == (3, D(15), D(10), True)


def test_report_outcomes_add_to_the_report(committee, staff):
    scheme_with(
        committee,
        {
            "report": {"duty_kind": DutyKind.SOCIAL_REPORT, "points": 5},
            "adopted": {"duty_kind": DutyKind.SOCIAL_REPORT, "outcome": "adopted", "points": 10},
            "higher": {
                "duty_kind": DutyKind.SOCIAL_REPORT,
                "outcome": "adopted_higher",
                "points": 8,
            },
            "instruction": {
                "duty_kind": DutyKind.SOCIAL_REPORT,
                "outcome": "instruction",
                "points": 10,
            },
        },
    )
    member, plain = member_of(committee), member_of(committee)
    adopted = report(staff, member, adopted=True, higher=True)
    SocialReportInstructionFactory(report=adopted, instructed_on=datetime.date(YEAR, 7, 1))
    report(staff, plain)

    results = score(committee)

    assert line_points(results[member.pk]) == {
        "report": D(5),
        "adopted": D(10),
        "higher": D(8),
        "instruction": D(10),
    }
    assert results[plain.pk].total == D(5)


def test_research_reports_by_role_supervision_and_commendations(committee):
    scheme_with(
        committee,
        {
            "lead": {
                "duty_kind": DutyKind.RESEARCH_REPORT,
                "role": CreditRole.FIRST_PROPOSER,
                "points": 8,
            },
            "co": {"duty_kind": DutyKind.RESEARCH_REPORT, "points": 4},
            "supervision": {"duty_kind": DutyKind.SUPERVISION, "points": 3},
            "national": {
                "duty_kind": DutyKind.COMMENDATION,
                "commendation_level": Commendation.Level.NATIONAL,
                "points": 10,
            },
            "county": {
                "duty_kind": DutyKind.COMMENDATION,
                "commendation_level": Commendation.Level.COUNTY,
                "points": 4,
            },
        },
    )
    lead, co = member_of(committee), member_of(committee)
    trip = meeting(committee, MeetingKind.RESEARCH, day=datetime.date(YEAR, 4, 1))
    paper = ResearchReportFactory(meeting=trip, committee=committee)
    ResearchReportAuthorFactory(report=paper, member=lead, is_lead=True)
    ResearchReportAuthorFactory(report=paper, member=co)
    topic = SupervisionTopicFactory(committee=committee, year=YEAR)
    SupervisionParticipantFactory(topic=topic, member=co)
    CommendationFactory(member=lead, level="national", awarded_on=datetime.date(YEAR, 3, 1))
    CommendationFactory(member=co, level="county", awarded_on=datetime.date(YEAR, 3, 1))
    CommendationFactory(member=co, level="county", awarded_on=datetime.date(YEAR - 1, 3, 1))

    results = score(committee)

    assert line_points(results[lead.pk]) == {"lead": D(8), "national": D(10)}
    assert line_points(results[co.pk]) == {"co": D(4), "supervision": D(3), "county": D(4)}


def test_attendance_credit_by_status_and_half_day(committee):
    scheme_with(
        committee,
        {
            "present": {
                "duty_kind": DutyKind.MEETING_ATTENDANCE,
                "unit": SchemeRule.Unit.PER_HALF_DAY,
                "points": 5,
            },
            "leave": {
                "duty_kind": DutyKind.MEETING_ATTENDANCE,
                "attendance_status": AttendanceStatus.APPROVED_LEAVE,
                "unit": SchemeRule.Unit.PER_HALF_DAY,
                "points": 3,
            },
            "absent": {
                "duty_kind": DutyKind.MEETING_ATTENDANCE,
                "attendance_status": AttendanceStatus.ABSENT_WITHOUT_LEAVE,
                "points": -5,
            },
            "reading": {"duty_kind": DutyKind.READING_GROUP, "points": 1},
        },
    )
    member = member_of(committee)
    attend(member, meeting(committee, half_days=2))  # 2 × 5 = 10
    attend(member, meeting(committee, half_days=2), half_days_present=1)  # 1 × 5 = 5
    attend(member, meeting(committee, half_days=2), AttendanceStatus.APPROVED_LEAVE)  # 2 × 3
    attend(member, meeting(committee), AttendanceStatus.ABSENT_WITHOUT_LEAVE)  # −5
    attend(member, meeting(committee, MeetingKind.READING_GROUP))  # 1
    from tests.factories.meetings import AttendanceFactory

    AttendanceFactory(meeting=meeting(committee), member=member)  # invited, not marked: nothing

    result = score(committee)[member.pk]

    assert line_points(result) == {
        "present": D(15),
        "leave": D(6),
        "absent": D(-5),
        "reading": D(1),
    }
    assert result.total == D(17)


def test_the_standing_committee_seat_of_the_day_decides_the_deduction(committee):
    scheme_with(
        committee,
        {
            "absent-standing": {
                "duty_kind": DutyKind.MEETING_ATTENDANCE,
                "attendance_status": AttendanceStatus.ABSENT_WITHOUT_LEAVE,
                "applies_to": SchemeRule.AppliesTo.STANDING,
                "points": -3,
            },
            "absent": {
                "duty_kind": DutyKind.MEETING_ATTENDANCE,
                "attendance_status": AttendanceStatus.ABSENT_WITHOUT_LEAVE,
                "applies_to": SchemeRule.AppliesTo.NOT_STANDING,
                "points": "-1.5",
            },
        },
        max_score=100,
    )
    member = member_of(committee)
    PositionFactory(member=member, start_date=datetime.date(YEAR, 7, 1))
    absent = AttendanceStatus.ABSENT_WITHOUT_LEAVE
    attend(member, meeting(committee, day=datetime.date(YEAR, 3, 2)), absent)  # before the seat
    attend(member, meeting(committee, day=datetime.date(YEAR, 9, 2)), absent)  # after it

    result = score(committee)[member.pk]

    assert line_points(result) == {"absent": D("-1.5"), "absent-standing": D(-3)}
    assert result.quantitative == D("-4.5")
    assert result.total == D(0)  # a score never goes below zero


def test_base_score_plus_a_capped_bonus(committee):
    scheme_with(
        committee,
        {
            "contact": {"duty_kind": DutyKind.CONTACT_ACTIVITY, "points": 20},
            "absent": {
                "duty_kind": DutyKind.MEETING_ATTENDANCE,
                "attendance_status": AttendanceStatus.ABSENT_WITHOUT_LEAVE,
                "points": -10,
            },
        },
        scoring_mode=AssessmentScheme.ScoringMode.BASE_PLUS_BONUS,
        base_score=70,
        bonus_cap=50,
        max_score=120,
    )
    busy, idle = member_of(committee), member_of(committee)
    for day in range(1, 5):
        activity(committee, busy, day=datetime.date(YEAR, 8, day))  # 80 of bonus, capped at 50
    attend(idle, meeting(committee), AttendanceStatus.ABSENT_WITHOUT_LEAVE)

    results = score(committee)

    assert results[busy.pk].quantitative == D(80)
    assert results[busy.pk].total == D(120)
    assert results[idle.pk].total == D(60)  # deductions come off the base
