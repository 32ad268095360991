"""Schemes change through the services: each change bumps the version, a frozen scheme refuses
everything, and last year's scheme is copied forward whole."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessment import selectors, services
from assessment.models import (
    AssessmentScheme,
    DutyKind,
    GradeBand,
    MinimumRequirement,
    QualitativePart,
    SchemeCategory,
    SchemeRule,
)
from meetings.models import MeetingKind
from tests.factories.assessment import guangshui_scheme

pytestmark = pytest.mark.django_db


def base_plus_bonus(committee, year=2024):
    return services.scheme_create(
        committee=committee,
        year=year,
        name="委员履职考核办法",
        scoring_mode=AssessmentScheme.ScoringMode.BASE_PLUS_BONUS,
        base_score=70,
        bonus_cap=50,
        max_score=120,
    )


def three_ones(committee, year=2024):
    """A scheme with the "three ones" minimums (plenary, a proposal or report, a research trip)."""
    scheme = base_plus_bonus(committee, year)
    category = services.category_add(scheme=scheme, name="履职", cap=50)
    plenary = services.rule_add(
        scheme=scheme,
        code="plenary",
        label="出席全体会议",
        duty_kind=DutyKind.MEETING_ATTENDANCE,
        meeting_kind=MeetingKind.PLENARY,
        points=5,
        category=category,
    )
    proposal = services.rule_add(
        scheme=scheme, code="proposal", label="提交提案", duty_kind=DutyKind.PROPOSAL, points=3
    )
    report = services.rule_add(
        scheme=scheme,
        code="report",
        label="报送社情民意信息",
        duty_kind=DutyKind.SOCIAL_REPORT,
        points=2,
        year_cap=15,
    )
    trip = services.rule_add(
        scheme=scheme, code="trip", label="参加调研", duty_kind=DutyKind.RESEARCH_TRIP, points=2
    )
    basic = services.grade_add(scheme=scheme, code="basic", name="基本称职", min_score=60)
    services.grade_add(scheme=scheme, code="excellent", name="优秀", min_score=100)
    services.minimum_add(scheme=scheme, label="出席全体会议", rules=[plenary], grade_cap=basic)
    services.minimum_add(
        scheme=scheme, label="提交一件提案或信息", rules=[proposal, report], grade_cap=basic
    )
    services.minimum_add(scheme=scheme, label="参加一次调研", rules=[trip], grade_cap=basic)
    services.qualitative_part_add(
        scheme=scheme, kind=QualitativePart.Kind.PUBLIC, weight=Decimal("0.1")
    )
    scheme.refresh_from_db()
    return scheme


def test_every_change_bumps_the_version(committee):
    scheme = base_plus_bonus(committee)
    assert scheme.version == 1
    scheme = services.scheme_update(scheme=scheme, name="新办法")
    assert scheme.version == 2
    category = services.category_add(scheme=scheme, name="出勤", cap=10)
    rule = services.rule_add(
        scheme=scheme, code="x", label="会议", duty_kind=DutyKind.MEETING_ATTENDANCE, points=1
    )
    services.scheme_part_update(part=rule, points=Decimal("2"), category=category)
    services.scheme_part_remove(
        part=services.grade_add(scheme=scheme, code="g", name="优秀", min_score=90)
    )
    scheme.refresh_from_db()
    assert scheme.version == 7
    assert SchemeRule.history.filter(id=rule.pk).count() == 2


def test_an_invalid_change_is_refused_and_leaves_the_version(committee):
    scheme = base_plus_bonus(committee)
    with pytest.raises(ValidationError) as error:
        services.scheme_update(scheme=scheme, bonus_cap=80)
    assert "不能超过" in " ".join(error.value.messages)
    scheme.refresh_from_db()
    assert (scheme.bonus_cap, scheme.version) == (50, 1)


def test_a_rule_cannot_use_another_schemes_category(committee):
    scheme, other = base_plus_bonus(committee), base_plus_bonus(committee, 2025)
    foreign = services.category_add(scheme=other, name="履职")
    with pytest.raises(ValidationError) as error:
        services.rule_add(
            scheme=scheme,
            code="x",
            label="提案",
            duty_kind=DutyKind.PROPOSAL,
            points=1,
            category=foreign,
        )
    assert "category" in error.value.message_dict
    assert not SchemeRule.objects.filter(scheme=scheme).exists()


def test_a_minimum_cannot_count_another_schemes_rules(committee):
    scheme, other = three_ones(committee), three_ones(committee, 2025)
    grade = scheme.grades.first()
    with pytest.raises(ValidationError):
        services.minimum_add(
            scheme=scheme, label="另一要求", rules=[other.rules.first()], grade_cap=grade
        )
    assert not scheme.minimums.filter(label="另一要求").exists()


def test_the_three_ones_minimums_cap_the_grade(committee):
    scheme = selectors.scheme_for(committee=committee, year=three_ones(committee).year)
    minimums = {m.label: m for m in scheme.minimums.all()}
    assert {r.code for r in minimums["提交一件提案或信息"].rules.all()} == {"proposal", "report"}
    assert all(m.grade_cap.name == "基本称职" and m.min_count == 1 for m in minimums.values())


def test_a_draft_goes_into_force_and_then_is_frozen(committee):
    scheme = three_ones(committee)
    with pytest.raises(ValidationError) as error:
        services.scheme_freeze(scheme=scheme)
    assert "只有施行中的办法才能冻结" in error.value.messages[0]
    scheme = services.scheme_activate(scheme=scheme)
    assert scheme.state == AssessmentScheme.State.ACTIVE
    scheme = services.scheme_freeze(scheme=scheme)
    assert scheme.state == AssessmentScheme.State.FROZEN
    with pytest.raises(ValidationError):
        services.scheme_activate(scheme=scheme)


def test_a_scheme_without_grades_cannot_go_into_force(committee):
    with pytest.raises(ValidationError):
        services.scheme_activate(scheme=base_plus_bonus(committee))


def test_a_frozen_scheme_refuses_every_change(committee):
    scheme = services.scheme_freeze(scheme=services.scheme_activate(scheme=three_ones(committee)))
    version = scheme.version
    rule, category = scheme.rules.first(), scheme.categories.first()
    attempts = [
        lambda: services.scheme_update(scheme=scheme, name="改"),
        lambda: services.scheme_mark_changed(scheme=scheme),
        lambda: services.category_add(scheme=scheme, name="学习"),
        lambda: services.rule_add(
            scheme=scheme, code="new", label="新", duty_kind=DutyKind.SPEECH, points=1
        ),
        lambda: services.grade_add(scheme=scheme, code="new", name="良好", min_score=80),
        lambda: services.qualitative_part_add(scheme=scheme, kind="public", weight=1),
        lambda: services.minimum_add(
            scheme=scheme, label="新", rules=[rule], grade_cap=scheme.grades.first()
        ),
        lambda: services.scheme_part_update(part=rule, points=99),
        lambda: services.scheme_part_update(part=category, cap=99),
        lambda: services.scheme_part_remove(part=scheme.qualitative_parts.first()),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "已冻结" in error.value.messages[0]
    scheme.refresh_from_db()
    assert scheme.version == version
    assert SchemeRule.objects.get(pk=rule.pk).points == 5


def test_a_part_still_in_use_cannot_be_removed(committee):
    scheme = three_ones(committee)
    with pytest.raises(ValidationError):
        services.scheme_part_remove(part=scheme.rules.get(code="plenary"))
    with pytest.raises(ValidationError):
        services.scheme_part_remove(part=scheme.categories.get())
    with pytest.raises(ValidationError):
        services.scheme_part_remove(part=scheme.grades.get(code="basic"))
    assert scheme.rules.filter(code="plenary").exists()


def parts(scheme):
    return {
        "categories": list(scheme.categories.values_list("name", "cap", "floor", "start_points")),
        "rules": list(
            scheme.rules.order_by("code").values_list(
                "code",
                "label",
                "category__name",
                "duty_kind",
                "points",
                "applies_to",
                "meeting_kind",
                "attendance_status",
                "role",
                "outcome",
                "commendation_level",
                "year_cap",
                "unit",
            )
        ),
        "minimums": sorted(
            (m.label, m.min_count, m.grade_cap.code, tuple(sorted(r.code for r in m.rules.all())))
            for m in scheme.minimums.all()
        ),
        "qualitative": list(scheme.qualitative_parts.values_list("kind", "weight", "max_points")),
        "grades": list(scheme.grades.values_list("code", "name", "min_score", "consequence")),
    }


@pytest.mark.parametrize("build", [three_ones, guangshui_scheme])
def test_copying_last_year_copies_every_part(committee, build):
    last = build(committee, 2024)
    last = services.scheme_freeze(scheme=services.scheme_activate(scheme=last))
    copy = services.scheme_copy_from_previous_year(committee=committee, year=2025)
    assert (copy.year, copy.state, copy.version, copy.copied_from) == (2025, "draft", 1, last)
    assert copy.name == last.name and copy.max_score == last.max_score
    assert parts(copy) == parts(last)
    assert all(r.category is None or r.category.scheme == copy for r in copy.rules.all())
    for minimum in copy.minimums.all():
        assert minimum.grade_cap.scheme == copy
        assert {r.scheme_id for r in minimum.rules.all()} == {copy.pk}


def test_a_copy_is_independent_of_its_source(committee):
    last = three_ones(committee, 2024)
    before = parts(last)
    copy = services.scheme_copy_from_previous_year(committee=committee, year=2025)
    services.scheme_part_update(part=copy.rules.get(code="plenary"), points=8)
    services.scheme_part_update(part=copy.grades.get(code="basic"), name="待改进")
    services.scheme_part_remove(part=copy.minimums.get(label="参加一次调研"))
    assert parts(last) == before
    assert copy.rules.get(code="plenary").points == 8


def test_it_refuses_to_copy_over_an_existing_scheme_or_from_nothing(committee):
    three_ones(committee, 2024)
    base_plus_bonus(committee, 2025)
    with pytest.raises(ValidationError) as error:
        services.scheme_copy_from_previous_year(committee=committee, year=2025)
    assert "2025" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.scheme_copy_from_previous_year(committee=committee, year=2030)
    assert AssessmentScheme.objects.filter(committee=committee).count() == 2
    assert SchemeCategory.objects.filter(scheme__year=2025).count() == 0


def test_scheme_for_loads_a_scheme_in_few_queries(committee, django_assert_num_queries):
    three_ones(committee)
    with django_assert_num_queries(7):
        scheme = selectors.scheme_for(committee=committee, year=2024)
        assert len(scheme.rules.all()) == 4
        assert [m.grade_cap.code for m in scheme.minimums.all() for _r in m.rules.all()]
        assert len(scheme.categories.all()) + len(scheme.grades.all()) == 3
        assert len(scheme.qualitative_parts.all()) == 1
    assert selectors.scheme_for(committee=committee, year=2023) is None


def test_models_are_what_the_copy_walks(committee):
    assert set(services.PART_MODELS) == {
        SchemeCategory,
        GradeBand,
        QualitativePart,
        SchemeRule,
        MinimumRequirement,
    }


def test_the_evaluation_weights_add_up_to_at_most_one(committee):
    scheme = base_plus_bonus(committee)
    kinds = QualitativePart.Kind
    services.qualitative_part_add(scheme=scheme, kind=kinds.PUBLIC, weight=Decimal("0.6"))
    with pytest.raises(ValidationError) as error:
        services.qualitative_part_add(scheme=scheme, kind=kinds.LIAISON_GROUP, weight="0.5")
    assert "权重" in error.value.message_dict["weight"][0]
    services.qualitative_part_add(scheme=scheme, kind=kinds.LIAISON_GROUP, weight="0.4")
    public = scheme.qualitative_parts.get(kind=kinds.PUBLIC)
    with pytest.raises(ValidationError):
        services.scheme_part_update(part=public, weight=Decimal("0.7"))
    services.scheme_part_update(part=public, weight=Decimal("0.5"))
    assert scheme.qualitative_parts.count() == 2


def test_a_grade_cannot_start_above_the_maximum(committee):
    scheme = base_plus_bonus(committee)
    with pytest.raises(ValidationError) as error:
        services.grade_add(scheme=scheme, code="excellent", name="优秀", min_score=121)
    assert "min_score" in error.value.message_dict
    services.grade_add(scheme=scheme, code="excellent", name="优秀", min_score=120)
