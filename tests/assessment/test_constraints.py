"""The database refuses schemes that make no sense, whatever path wrote them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from assessment.models import AssessmentScheme, DutyKind, Outcome, SchemeRule
from meetings.models import AttendanceStatus, MeetingKind
from tests.factories.assessment import (
    AssessmentSchemeFactory,
    GradeBandFactory,
    MinimumRequirementFactory,
    QualitativePartFactory,
    SchemeCategoryFactory,
    SchemeRuleFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal


def refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_it_keeps_one_scheme_per_committee_and_year(committee):
    AssessmentSchemeFactory(committee=committee, year=2024)
    refused(AssessmentSchemeFactory, committee=committee, year=2024)
    AssessmentSchemeFactory(committee=committee, year=2025)


@pytest.mark.parametrize("year", [1999, 2101])
def test_it_refuses_a_year_out_of_range(committee, year):
    refused(AssessmentSchemeFactory, committee=committee, year=year)


def test_it_refuses_a_base_and_bonus_above_the_maximum(committee):
    refused(AssessmentSchemeFactory, committee=committee, base_score=70, bonus_cap=60)
    AssessmentSchemeFactory(committee=committee, base_score=70, bonus_cap=50, max_score=120)


@pytest.mark.parametrize(
    "fields",
    [
        {"base_score": None},
        {"bonus_cap": None},
        {"max_score": None},
        {"base_score": D("-1"), "bonus_cap": 10},
        {"bonus_cap": 0},
    ],
)
def test_it_refuses_an_incomplete_or_negative_base_plus_bonus(committee, fields):
    refused(AssessmentSchemeFactory, committee=committee, **fields)


def test_a_score_from_zero_has_no_base_and_an_optional_positive_maximum(committee):
    from_zero = {"scoring_mode": AssessmentScheme.ScoringMode.FROM_ZERO, "bonus_cap": None}
    refused(AssessmentSchemeFactory, committee=committee, base_score=70, **from_zero)
    refused(AssessmentSchemeFactory, committee=committee, base_score=None, max_score=0, **from_zero)
    AssessmentSchemeFactory(committee=committee, base_score=None, max_score=None, **from_zero)


def test_it_refuses_excluding_long_leave_without_pro_rating(committee):
    refused(
        AssessmentSchemeFactory,
        committee=committee,
        prorate_excludes_long_leave=True,
        long_leave_min_days=30,
    )
    refused(
        AssessmentSchemeFactory,
        committee=committee,
        prorate_partial_year=True,
        prorate_excludes_long_leave=True,
    )
    refused(AssessmentSchemeFactory, committee=committee, prorate_basis_days=100)
    AssessmentSchemeFactory(
        committee=committee,
        prorate_partial_year=True,
        prorate_excludes_long_leave=True,
        long_leave_min_days=90,
    )


def test_it_refuses_a_category_twice_or_with_a_floor_above_its_cap(committee):
    scheme = AssessmentSchemeFactory(committee=committee)
    SchemeCategoryFactory(scheme=scheme, name="出勤")
    refused(SchemeCategoryFactory, scheme=scheme, name="出勤")
    refused(SchemeCategoryFactory, scheme=scheme, cap=0)
    refused(SchemeCategoryFactory, scheme=scheme, cap=10, floor=10)
    refused(SchemeCategoryFactory, scheme=scheme, cap=10, start_points=11)
    SchemeCategoryFactory(scheme=scheme, cap=10, start_points=10, floor=0)


def test_it_keeps_rule_codes_unique_per_scheme(committee):
    scheme = AssessmentSchemeFactory(committee=committee)
    SchemeRuleFactory(scheme=scheme, code="plenary")
    refused(SchemeRuleFactory, scheme=scheme, code="plenary")
    SchemeRuleFactory(
        scheme=AssessmentSchemeFactory(committee=committee, year=2025), code="plenary"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"duty_kind": DutyKind.PROPOSAL, "meeting_kind": MeetingKind.PLENARY},
        {"duty_kind": DutyKind.SPEECH, "attendance_status": AttendanceStatus.PRESENT},
        {"duty_kind": DutyKind.PROPOSAL, "unit": SchemeRule.Unit.PER_HALF_DAY},
        {"duty_kind": DutyKind.CONTACT_ACTIVITY, "off_site": True},
        {"duty_kind": DutyKind.MEETING_ATTENDANCE, "speech_kind": "oral"},
        {"duty_kind": DutyKind.MEETING_ATTENDANCE, "training_completion": "full"},
        {"duty_kind": DutyKind.PROPOSAL, "commendation_level": "county"},
        {"duty_kind": DutyKind.MEETING_ATTENDANCE, "role": "first_proposer"},
        {"duty_kind": DutyKind.PROPOSAL_OUTCOME},
        {"duty_kind": DutyKind.PROPOSAL_OUTCOME, "outcome": Outcome.ADOPTED},
        {"duty_kind": DutyKind.SOCIAL_REPORT, "outcome": Outcome.KEY},
        {"duty_kind": DutyKind.PROPOSAL, "outcome": Outcome.REGISTERED},
        {"duty_kind": DutyKind.PROPOSAL, "first_share": D("0.5")},
        {"duty_kind": DutyKind.PROPOSAL, "share_rule": "first_takes_share"},
        {"duty_kind": DutyKind.PROPOSAL, "share_rule": "first_takes_share", "first_share": 1},
        {"duty_kind": DutyKind.PROPOSAL, "max_credited": 0},
        {"duty_kind": DutyKind.PROPOSAL, "year_cap": 0},
        {"duty_kind": "dancing"},
    ],
)
def test_it_refuses_an_inconsistent_rule(committee, fields):
    refused(SchemeRuleFactory, scheme=AssessmentSchemeFactory(committee=committee), **fields)


def test_it_accepts_a_split_share_with_at_most_n_people_credited(committee):
    rule = SchemeRuleFactory(
        scheme=AssessmentSchemeFactory(committee=committee),
        duty_kind=DutyKind.PROPOSAL,
        role="collective",
        share_rule=SchemeRule.ShareRule.FIRST_TAKES_SHARE,
        first_share=D("0.5"),
        max_credited=5,
        year_cap=15,
    )
    assert rule.first_share == D("0.5")


def test_it_refuses_a_minimum_asking_for_nothing(committee):
    refused(
        MinimumRequirementFactory, scheme=AssessmentSchemeFactory(committee=committee), min_count=0
    )


def test_it_keeps_one_of_each_evaluation_with_a_weight_or_points(committee):
    scheme = AssessmentSchemeFactory(committee=committee)
    QualitativePartFactory(scheme=scheme, kind="public", weight=D("0.1"))
    refused(QualitativePartFactory, scheme=scheme, kind="public")
    refused(QualitativePartFactory, scheme=scheme, kind="liaison_group", weight=D("1.5"))
    refused(QualitativePartFactory, scheme=scheme, kind="liaison_group", weight=None)
    refused(QualitativePartFactory, scheme=scheme, kind="liaison_group", max_points=10)
    QualitativePartFactory(scheme=scheme, kind="liaison_group", weight=None, max_points=10)


def test_it_keeps_grade_codes_and_thresholds_unique(committee):
    scheme = AssessmentSchemeFactory(committee=committee)
    GradeBandFactory(scheme=scheme, code="excellent", min_score=90)
    refused(GradeBandFactory, scheme=scheme, code="excellent", min_score=80)
    refused(GradeBandFactory, scheme=scheme, code="good", min_score=90)
    refused(GradeBandFactory, scheme=scheme, code="bad", min_score=-1)


def test_a_scheme_cannot_be_copied_from_another_committees(committee, other_committee):
    theirs = AssessmentSchemeFactory(committee=other_committee, year=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssessmentSchemeFactory(committee=committee, copied_from=theirs)


def test_a_category_with_rules_cannot_be_deleted(committee):
    category = SchemeCategoryFactory(scheme=AssessmentSchemeFactory(committee=committee))
    SchemeRuleFactory(scheme=category.scheme, category=category)
    with pytest.raises(IntegrityError), transaction.atomic():
        category.delete()


def test_deleting_a_draft_scheme_takes_its_parts_along(committee):
    scheme = AssessmentSchemeFactory(committee=committee)
    MinimumRequirementFactory(scheme=scheme)
    SchemeCategoryFactory(scheme=scheme)
    QualitativePartFactory(scheme=scheme)
    scheme.delete()
    assert not SchemeRule.objects.exists()
