"""The two published schemes of DOMAIN.md can be written down as data, rule by rule."""

from decimal import Decimal

import pytest

from assessment import selectors, services
from assessment.models import AssessmentScheme, SchemeRule
from tests.factories.assessment import guangshui_scheme, minhang_scheme

pytestmark = pytest.mark.django_db


def table(scheme):
    return {
        rule.code: (rule.points, rule.role, rule.outcome, rule.applies_to)
        for rule in scheme.rules.all()
    }


def test_minhang_credits_the_lead_author_and_each_participant(committee):
    scheme = selectors.scheme_for(committee=committee, year=minhang_scheme(committee, 2024).year)
    rules = table(scheme)
    assert scheme.scoring_mode == AssessmentScheme.ScoringMode.FROM_ZERO
    assert rules["registered-lead"][:3] == (Decimal(15), "first_proposer", "registered")
    assert rules["registered-joint"][:3] == (Decimal(3), "co_signer", "registered")
    assert (rules["key-lead"][0], rules["key-joint"][0]) == (15, 3)
    assert (rules["excellent-lead"][0], rules["excellent-joint"][0]) == (10, 2)


def test_minhang_counts_the_plenary_per_half_day_before_other_meetings(committee):
    scheme = minhang_scheme(committee, 2024)
    plenary, other = scheme.rules.get(code="plenary"), scheme.rules.get(code="other-meetings")
    assert (plenary.meeting_kind, plenary.unit, plenary.points) == ("plenary", "per_half_day", 5)
    assert (other.meeting_kind, other.unit, other.points) == ("", "per_item", 5)
    assert plenary.order < other.order  # the catch-all comes after the specific rule
    full, partial = (
        scheme.rules.get(code="training-full"),
        scheme.rules.get(code="training-partial"),
    )
    assert (full.off_site, full.training_completion, full.points) == (True, "full", 10)
    assert (partial.off_site, partial.training_completion, partial.points) == (True, "partial", 5)


def test_guangshui_caps_duties_attendance_and_study(committee):
    scheme = guangshui_scheme(committee, 2024)
    categories = {c.name: (c.cap, c.start_points, c.floor) for c in scheme.categories.all()}
    assert categories == {
        "履职": (80, 0, None),
        "出勤": (10, 10, 0),
        "学习": (10, 0, None),
        "表彰奖励": (None, 0, None),
    }
    rules = table(scheme)
    assert rules["registered-first"][:3] == (20, "first_proposer", "registered")
    assert rules["registered-cosigner"][:3] == (15, "co_signer", "registered")
    assert (rules["converted-first"][0], rules["converted-cosigner"][0]) == (15, 10)
    assert rules["report"][0] == 20


def test_guangshui_holds_standing_committee_members_to_stricter_deductions(committee):
    scheme = guangshui_scheme(committee, 2024)
    deductions = {
        (rule.attendance_status, rule.applies_to): rule.points
        for rule in scheme.rules.filter(category__name="出勤")
    }
    standing, others = SchemeRule.AppliesTo.STANDING, SchemeRule.AppliesTo.NOT_STANDING
    assert deductions == {
        ("late_or_early", others): Decimal("-1"),
        ("absent_without_leave", others): Decimal("-1.5"),
        ("late_or_early", standing): Decimal("-2"),
        ("absent_without_leave", standing): Decimal("-3"),
    }


def test_guangshui_rewards_commendations_by_level_and_grades_in_four(committee):
    scheme = guangshui_scheme(committee, 2024)
    commendations = dict(
        scheme.rules.filter(duty_kind="commendation").values_list("commendation_level", "points")
    )
    assert commendations == {"national": 10, "provincial": 8, "municipal": 6, "county": 4}
    assert list(scheme.grades.values_list("name", flat=True)) == [
        "优秀",
        "称职",
        "基本称职",
        "不称职",
    ]
    assert "约谈" in scheme.grades.get(code="basic").consequence


def test_both_examples_can_go_into_force_side_by_side(committee, other_committee):
    minhang = services.scheme_activate(scheme=minhang_scheme(committee, 2024))
    guangshui = services.scheme_activate(scheme=guangshui_scheme(other_committee, 2024))
    assert {minhang.state, guangshui.state} == {"active"}
    assert selectors.scheme_for(committee=other_committee, year=2024) == guangshui


def test_the_other_published_patterns_can_be_written_down(committee):
    """Base 70 plus up to 50 on a 120 scale; 50 for attending, 30 on approved leave; -10 for a
    missed plenary (-30 for Standing Committee members) never below 0; the first proposer
    takes half and co-signers share the rest; collective proposals credit at most 5 people;
    reports at most 15 a year; bonuses for adoption higher up and a leader's instruction;
    evaluations with weights; members who joined mid-year or were on long leave pro-rated."""
    scheme = services.scheme_create(
        committee=committee,
        year=2024,
        name="委员履职考核办法",
        scoring_mode=AssessmentScheme.ScoringMode.BASE_PLUS_BONUS,
        base_score=70,
        bonus_cap=50,
        max_score=120,
        prorate_partial_year=True,
        prorate_excludes_long_leave=True,
        long_leave_min_days=90,
    )
    attendance = services.category_add(scheme=scheme, name="出勤", cap=50, floor=0)
    plenary = {"duty_kind": "meeting_attendance", "meeting_kind": "plenary", "category": attendance}
    specs = [
        ("present", {**plenary, "points": 50}),
        ("on-leave", {**plenary, "attendance_status": "approved_leave", "points": 30}),
        (
            "absent",
            {
                **plenary,
                "attendance_status": "absent_without_leave",
                "points": -10,
                "applies_to": "not_standing",
            },
        ),
        (
            "absent-standing",
            {
                **plenary,
                "attendance_status": "absent_without_leave",
                "points": -30,
                "applies_to": "standing",
            },
        ),
        (
            "proposal",
            {
                "duty_kind": "proposal",
                "points": 10,
                "share_rule": "first_takes_share",
                "first_share": Decimal("0.5"),
            },
        ),
        (
            "collective",
            {"duty_kind": "proposal", "role": "collective", "points": 5, "max_credited": 5},
        ),
        (
            "report",
            {"duty_kind": "social_report", "outcome": "submitted", "points": 5, "year_cap": 15},
        ),
        (
            "adopted-higher",
            {"duty_kind": "social_report", "outcome": "adopted_higher", "points": 8},
        ),
        ("instruction", {"duty_kind": "social_report", "outcome": "instruction", "points": 10}),
        ("written-speech", {"duty_kind": "speech", "speech_kind": "written", "points": 2}),
        ("supervision", {"duty_kind": "supervision", "points": 2}),
    ]
    for code, spec in specs:
        services.rule_add(scheme=scheme, code=code, label=code, **spec)
    for kind, weight in [
        ("standing_committee", "0.2"),
        ("liaison_group", "0.1"),
        ("public", "0.1"),
    ]:
        services.qualitative_part_add(scheme=scheme, kind=kind, weight=Decimal(weight))
    services.grade_add(scheme=scheme, code="good", name="良好", min_score=95)
    scheme = services.scheme_activate(scheme=scheme)
    assert scheme.rules.count() == len(specs)
    assert scheme.rules.get(code="proposal").first_share == Decimal("0.5")
    assert scheme.version == 1 + 1 + len(specs) + 3 + 1
