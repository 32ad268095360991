"""Factories for assessment schemes and their parts, and the two published schemes of DOMAIN.md
(Minhang district, Shanghai; Guangshui) built through the services, as staff would."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from assessment import services
from assessment.models import (
    AssessmentScheme,
    CreditRole,
    DutyKind,
    GradeBand,
    MinimumRequirement,
    Outcome,
    QualitativePart,
    SchemeCategory,
    SchemeRule,
)
from meetings.models import AttendanceStatus, MeetingKind, TrainingCompletion
from members.models import Commendation
from tests.factories.core import CommitteeFactory

D = Decimal


class AssessmentSchemeFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentScheme

    committee = factory.SubFactory(CommitteeFactory)
    year = 2024
    name = factory.Sequence(lambda n: f"委员履职考核办法{n}")
    scoring_mode = AssessmentScheme.ScoringMode.BASE_PLUS_BONUS
    base_score = D("70")
    bonus_cap = D("50")
    max_score = D("120")


class SchemeCategoryFactory(DjangoModelFactory):
    class Meta:
        model = SchemeCategory

    scheme = factory.SubFactory(AssessmentSchemeFactory)
    name = factory.Sequence(lambda n: f"类别{n}")


class SchemeRuleFactory(DjangoModelFactory):
    class Meta:
        model = SchemeRule

    scheme = factory.SubFactory(AssessmentSchemeFactory)
    code = factory.Sequence(lambda n: f"rule-{n}")
    label = factory.Sequence(lambda n: f"计分规则{n}")
    duty_kind = DutyKind.MEETING_ATTENDANCE
    points = D("5")


class GradeBandFactory(DjangoModelFactory):
    class Meta:
        model = GradeBand

    scheme = factory.SubFactory(AssessmentSchemeFactory)
    code = factory.Sequence(lambda n: f"grade-{n}")
    name = factory.Sequence(lambda n: f"等次{n}")
    min_score = factory.Sequence(lambda n: D(n))


class QualitativePartFactory(DjangoModelFactory):
    class Meta:
        model = QualitativePart

    scheme = factory.SubFactory(AssessmentSchemeFactory)
    kind = QualitativePart.Kind.STANDING_COMMITTEE
    weight = D("0.2")


class MinimumRequirementFactory(DjangoModelFactory):
    class Meta:
        model = MinimumRequirement
        skip_postgeneration_save = True

    scheme = factory.SubFactory(AssessmentSchemeFactory)
    label = factory.Sequence(lambda n: f"最低要求{n}")
    grade_cap = factory.LazyAttribute(lambda o: GradeBandFactory(scheme=o.scheme))

    @factory.post_generation
    def rules(self, create, extracted, **kwargs):
        if create:
            self.rules.set(extracted or [SchemeRuleFactory(scheme=self.scheme)])


def four_grades(scheme, *, thresholds=(90, 70, 60), consequences=True):
    """优秀 / 称职 / 基本称职 / 不称职, with the consequences committees commonly publish."""
    excellent, competent, basic = thresholds
    grades = [
        ("excellent", "优秀", excellent, ""),
        ("competent", "称职", competent, ""),
        ("basic", "基本称职", basic, "由联络组召集人约谈" if consequences else ""),
        (
            "incompetent",
            "不称职",
            0,
            "由政协约谈；连续两年不称职的，建议按程序劝辞" if consequences else "",
        ),
    ]
    return {
        code: services.grade_add(
            scheme=scheme, code=code, name=name, min_score=score, consequence=text, order=i
        )
        for i, (code, name, score, text) in enumerate(grades)
    }


def _rules(scheme, specs):
    return {
        code: services.rule_add(scheme=scheme, code=code, order=i, **spec)
        for i, (code, spec) in enumerate(specs.items())
    }


def minhang_scheme(committee, year):
    """Minhang district, Shanghai: points per item, built up from zero (points as published)."""
    scheme = services.scheme_create(
        committee=committee,
        year=year,
        name="闵行区政协委员履职积分办法",
        scoring_mode=AssessmentScheme.ScoringMode.FROM_ZERO,
    )
    proposal = {"duty_kind": DutyKind.PROPOSAL_OUTCOME}
    _rules(
        scheme,
        {
            "plenary": {
                "label": "出席全体会议",
                "duty_kind": DutyKind.MEETING_ATTENDANCE,
                "meeting_kind": MeetingKind.PLENARY,
                "unit": SchemeRule.Unit.PER_HALF_DAY,
                "points": 5,
            },
            "other-meetings": {
                "label": "参加其他会议",
                "duty_kind": DutyKind.MEETING_ATTENDANCE,
                "points": 5,
            },
            "activities": {
                "label": "参加委员联系界别群众活动",
                "duty_kind": DutyKind.CONTACT_ACTIVITY,
                "points": 5,
            },
            "research": {"label": "参加调研视察", "duty_kind": DutyKind.RESEARCH_TRIP, "points": 5},
            "training-full": {
                "label": "参加异地培训（全程）",
                "duty_kind": DutyKind.TRAINING,
                "off_site": True,
                "training_completion": TrainingCompletion.FULL,
                "points": 10,
            },
            "training-partial": {
                "label": "参加异地培训（部分）",
                "duty_kind": DutyKind.TRAINING,
                "off_site": True,
                "training_completion": TrainingCompletion.PARTIAL,
                "points": 5,
            },
            "registered-lead": {
                **proposal,
                "label": "提案立案（第一提案人）",
                "outcome": Outcome.REGISTERED,
                "role": CreditRole.FIRST_PROPOSER,
                "points": 15,
            },
            "registered-joint": {
                **proposal,
                "label": "提案立案（联名提案人）",
                "outcome": Outcome.REGISTERED,
                "role": CreditRole.CO_SIGNER,
                "points": 3,
            },
            "key-lead": {
                **proposal,
                "label": "重点提案（第一提案人）",
                "outcome": Outcome.KEY,
                "role": CreditRole.FIRST_PROPOSER,
                "points": 15,
            },
            "key-joint": {
                **proposal,
                "label": "重点提案（联名提案人）",
                "outcome": Outcome.KEY,
                "role": CreditRole.CO_SIGNER,
                "points": 3,
            },
            "excellent-lead": {
                **proposal,
                "label": "优秀提案（第一提案人）",
                "outcome": Outcome.EXCELLENT,
                "role": CreditRole.FIRST_PROPOSER,
                "points": 10,
            },
            "excellent-joint": {
                **proposal,
                "label": "优秀提案（联名提案人）",
                "outcome": Outcome.EXCELLENT,
                "role": CreditRole.CO_SIGNER,
                "points": 2,
            },
        },
    )
    # Minhang does not publish its grade thresholds; these stand in for them.
    four_grades(scheme, thresholds=(80, 50, 30))
    scheme.refresh_from_db()
    return scheme


def guangshui_scheme(committee, year):
    """Guangshui: duties up to 80, attendance up to 10 with deductions, study up to 10,
    commendations on top, four grades (points as published)."""
    scheme = services.scheme_create(
        committee=committee,
        year=year,
        name="广水市政协委员履职考核办法",
        scoring_mode=AssessmentScheme.ScoringMode.FROM_ZERO,
    )
    duties = services.category_add(scheme=scheme, name="履职", cap=80, order=0)
    attendance = services.category_add(
        scheme=scheme, name="出勤", cap=10, start_points=10, floor=0, order=1
    )
    study = services.category_add(scheme=scheme, name="学习", cap=10, order=2)
    awards = services.category_add(scheme=scheme, name="表彰奖励", order=3)
    proposal = {"duty_kind": DutyKind.PROPOSAL_OUTCOME, "category": duties}
    absence = {"duty_kind": DutyKind.MEETING_ATTENDANCE, "category": attendance}
    standing, others = SchemeRule.AppliesTo.STANDING, SchemeRule.AppliesTo.NOT_STANDING
    late, absent = AttendanceStatus.LATE_OR_EARLY, AttendanceStatus.ABSENT_WITHOUT_LEAVE
    levels = Commendation.Level
    _rules(
        scheme,
        {
            "registered-first": {
                **proposal,
                "label": "提案立案（第一提案人）",
                "outcome": Outcome.REGISTERED,
                "role": CreditRole.FIRST_PROPOSER,
                "points": 20,
            },
            "registered-cosigner": {
                **proposal,
                "label": "提案立案（附议人）",
                "outcome": Outcome.REGISTERED,
                "role": CreditRole.CO_SIGNER,
                "points": 15,
            },
            "converted-first": {
                **proposal,
                "label": "提案转社情民意信息（第一提案人）",
                "outcome": Outcome.CONVERTED,
                "role": CreditRole.FIRST_PROPOSER,
                "points": 15,
            },
            "converted-cosigner": {
                **proposal,
                "label": "提案转社情民意信息（附议人）",
                "outcome": Outcome.CONVERTED,
                "role": CreditRole.CO_SIGNER,
                "points": 10,
            },
            "report": {
                "label": "报送社情民意信息",
                "duty_kind": DutyKind.SOCIAL_REPORT,
                "category": duties,
                "points": 20,
            },
            "late": {
                **absence,
                "label": "迟到早退",
                "attendance_status": late,
                "points": "-1",
                "applies_to": others,
            },
            "absent": {
                **absence,
                "label": "无故缺席",
                "attendance_status": absent,
                "points": "-1.5",
                "applies_to": others,
            },
            "late-standing": {
                **absence,
                "label": "常委迟到早退",
                "attendance_status": late,
                "points": -2,
                "applies_to": standing,
            },
            "absent-standing": {
                **absence,
                "label": "常委无故缺席",
                "attendance_status": absent,
                "points": -3,
                "applies_to": standing,
            },
            # Guangshui caps study at 10 without publishing points per item; these stand in.
            "training": {
                "label": "参加学习培训",
                "duty_kind": DutyKind.TRAINING,
                "category": study,
                "points": 2,
            },
            "study-note": {
                "label": "提交学习心得",
                "duty_kind": DutyKind.STUDY_NOTE,
                "category": study,
                "points": 2,
            },
            **{
                f"commendation-{level}": {
                    "label": f"受到{label}表彰",
                    "duty_kind": DutyKind.COMMENDATION,
                    "category": awards,
                    "commendation_level": level,
                    "points": points,
                }
                for level, label, points in [
                    (levels.NATIONAL, "国家级", 10),
                    (levels.PROVINCIAL, "省级", 8),
                    (levels.MUNICIPAL, "市级", 6),
                    (levels.COUNTY, "县级", 4),
                ]
            },
        },
    )
    four_grades(scheme)
    scheme.refresh_from_db()
    return scheme
