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
