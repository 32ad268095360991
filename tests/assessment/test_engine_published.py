"""The two published schemes of DOMAIN.md, scored for crafted members and checked against totals
computed by hand, line by line."""

from decimal import Decimal

import pytest

from meetings.models import AttendanceStatus, MeetingKind, TrainingCompletion
from members.models import Commendation
from proposals.models import Conversion, ProposalState
from tests.factories.assessment import guangshui_scheme, minhang_scheme
from tests.factories.meetings import StudyNoteFactory, member_of
from tests.factories.members import CommendationFactory, PositionFactory

from .engine_helpers import YEAR, activate, activity, attend, meeting, proposal, report, score

pytestmark = pytest.mark.django_db
D = Decimal


def lines(result):
    return {
        line.rule.code: (line.count, line.points) for line in result.lines.select_related("rule")
    }


def test_minhang_scores_a_lead_author_and_a_participant(committee, staff):
    activate(minhang_scheme(committee, YEAR))
    lead, joint = member_of(committee), member_of(committee)
    plenary = meeting(committee, MeetingKind.PLENARY, half_days=5)
    attend(lead, plenary)  # 5 half-days × 5 = 25
    attend(joint, plenary, AttendanceStatus.ABSENT_WITHOUT_LEAVE)  # Minhang deducts nothing
    for _ in range(2):
        attend(lead, meeting(committee))  # other meetings: 2 × 5 = 10
    activity(committee, lead)  # 5
    attend(lead, meeting(committee, MeetingKind.RESEARCH))  # research trip: 5
    training = meeting(committee, MeetingKind.TRAINING, off_site=True, half_days=4)
    attend(lead, training, training_completion=TrainingCompletion.FULL)  # 10
    attend(joint, training, training_completion=TrainingCompletion.PARTIAL)  # 5
    # Registered and key: lead 15 + 15, participant 3 + 3.
    proposal(staff, lead, joint, key=True)

    results = score(committee)

    assert lines(results[lead.pk]) == {
        "plenary": (1, D(25)),
        "other-meetings": (2, D(10)),
        "activities": (1, D(5)),
        "research": (1, D(5)),
        "training-full": (1, D(10)),
        "registered-lead": (1, D(15)),
        "key-lead": (1, D(15)),
    }
    assert results[lead.pk].total == D(85)
    assert results[lead.pk].grade.name == "优秀"
    assert lines(results[joint.pk]) == {
        "training-partial": (1, D(5)),
        "registered-joint": (1, D(3)),
        "key-joint": (1, D(3)),
    }
    assert results[joint.pk].total == D(11)
    assert results[joint.pk].grade.name == "不称职"
    assert (results[lead.pk].rank_in_committee, results[joint.pk].rank_in_committee) == (1, 2)


def test_guangshui_caps_duties_keeps_attendance_above_its_floor_and_adds_commendations(
    committee, staff
):
    activate(guangshui_scheme(committee, YEAR))
    member, standing = member_of(committee), member_of(committee)
    PositionFactory(member=standing)

    # member: duties 20 (registered) + 15 (converted) + 20 (report) = 55
    proposal(staff, member)
    proposal(staff, member, state=ProposalState.NOT_REGISTERED, conversion=Conversion.SOCIAL_REPORT)
    report(staff, member)
    # attendance 10 − 1 (late) − 2 × 1.5 (absent) = 6
    attend(member, meeting(committee), AttendanceStatus.LATE_OR_EARLY)
    for _ in range(2):
        attend(member, meeting(committee), AttendanceStatus.ABSENT_WITHOUT_LEAVE)
    # study: 3 trainings × 2 + 3 notes × 2 = 12, capped at 10
    for _ in range(3):
        attend(member, meeting(committee, MeetingKind.TRAINING))
        StudyNoteFactory(member=member, written_on=f"{YEAR}-04-02")
    # commendation: provincial 8
    CommendationFactory(
        member=member, level=Commendation.Level.PROVINCIAL, awarded_on=f"{YEAR}-09-01"
    )

    # standing: five registered proposals, 100 capped at 80; four absences at −3 → floor 0
    for _ in range(5):
        proposal(staff, standing)
    for _ in range(4):
        attend(standing, meeting(committee), AttendanceStatus.ABSENT_WITHOUT_LEAVE)

    results = score(committee)

    first = results[member.pk]
    categories = {c.category.name: (c.raw_points, c.points) for c in first.categories.all()}
    assert categories == {
        "履职": (D(55), D(55)),
        "出勤": (D(6), D(6)),
        "学习": (D(12), D(10)),
        "表彰奖励": (D(8), D(8)),
    }
    assert first.total == D(79)
    assert first.grade.name == "称职"
    assert lines(first)["absent"] == (2, D(-3))
    assert lines(first)["late"] == (1, D(-1))

    second = results[standing.pk]
    by_name = {c.category.name: c for c in second.categories.all()}
    assert (by_name["履职"].raw_points, by_name["履职"].points, by_name["履职"].capped) == (
        D(100),
        D(80),
        True,
    )
    assert (by_name["出勤"].raw_points, by_name["出勤"].points, by_name["出勤"].floored) == (
        D(-2),
        D(0),
        True,
    )
    # Standing Committee members are held to the stricter deduction, not the ordinary one.
    assert lines(second)["absent-standing"] == (4, D(-12))
    assert "absent" not in lines(second)
    assert second.total == D(80)
    assert second.grade.name == "称职"
    assert second.rank_in_committee == 1 and first.rank_in_committee == 2
