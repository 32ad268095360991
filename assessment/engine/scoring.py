"""Turn the ledger into results, in SQL: a fixed number of statements per scheme, whatever the
number of members.

Each step is one statement over the whole scope (a committee's year, or some of its members):

1. results exist for every member who served in the year, with their days served, pro-rating
   factor, and sector and liaison group on their last day;
2. each fact is matched to the first rule (by order) whose filters it meets — a ``CASE`` built
   from the scheme — and given its points (per item or per half-day, shared for joint work);
3. lines: facts grouped by member and rule, pro-rated, with the rule's yearly cap;
4. categories: starting points plus their lines, within cap and floor;
5. evaluations (qualitative parts), minimums (pro-rated counts), totals (base plus capped bonus,
   or from zero; qualitative weights), grades (capped by unmet minimums);
6. ranks in the committee and in the sector, by window functions, in a separate short step.

All arithmetic stays in decimals rounded at each stored step, so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Ceil, Coalesce, Greatest, Least, Rank, Round
from django.utils import timezone

from liaison.models import LiaisonGroupMembership
from members.models import Member, SectorMembership

from ..models import (
    ATTENDANCE_DUTIES,
    AssessmentScheme,
    DutyKind,
    Result,
    ResultCategory,
    ResultLine,
    ResultMinimum,
    ResultQualitative,
    SchemeRule,
    ScoredFact,
)
from .ledger import ATTENDED
from .sql import DaysBetween, insert_from_select, update_from_select

NUMBER = DecimalField(max_digits=12, decimal_places=4)


class Num(Cast):
    """A decimal constant: ``numeric`` on PostgreSQL; on SQLite, which has no decimal type, a
    REAL — never an INTEGER, whose division would truncate (SQLite's 183 / 365 is 0)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST({sql} AS REAL)", params


def num(value) -> Num:
    """A decimal constant that both databases compute with as a number."""
    return Num(Value(Decimal(value)), output_field=NUMBER)


ZERO = Value(Decimal(0), output_field=NUMBER)


def serving(year: int) -> Q:
    """Members who served at least one day of ``year``."""
    return Q(joined_on__lte=datetime.date(year, 12, 31)) & (
        Q(left_on__isnull=True) | Q(left_on__gte=datetime.date(year, 1, 1))
    )


def _scope(model_qs: QuerySet, scheme: AssessmentScheme, member_ids, field="member_id"):
    qs = model_qs.filter(committee_id=scheme.committee_id, year=scheme.year)
    return qs if member_ids is None else qs.filter(**{f"{field}__in": member_ids})


# --- 1. results ------------------------------------------------------------------------------


def ensure_results(scheme: AssessmentScheme, member_ids, now) -> None:
    year = scheme.year
    members = Member.objects.filter(serving(year), committee_id=scheme.committee_id)
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
    results = _scope(Result.objects, scheme, member_ids)
    # Members no longer serving in the year lose their result (unless it is disputed).
    gone = results.exclude(member__in=members.values("pk")).filter(disputes__isnull=True)
    for child in (ResultLine, ResultCategory, ResultMinimum, ResultQualitative):
        child.objects.filter(result__in=gone.values("pk")).delete()
    gone.delete()
    missing = members.exclude(
        Exists(Result.objects.filter(member=OuterRef("pk"), year=year))
    ).annotate(
        r_committee=Value(scheme.committee_id),
        r_year=Value(year),
        r_member=F("pk"),
        r_scheme=Value(scheme.pk),
        r_version=Value(scheme.version),
        r_now=Value(now),
        r_zero=ZERO,
        r_one=num(1),
        r_days=Value(0),
        r_false=Value(False),
    )
    insert_from_select(
        Result,
        {
            "committee_id": "r_committee",
            "year": "r_year",
            "member_id": "r_member",
            "scheme_id": "r_scheme",
            "scheme_version": "r_version",
            "days_served": "r_days",
            "prorate_factor": "r_one",
            "quantitative": "r_zero",
            "total": "r_zero",
            "grade_capped": "r_false",
            "computed_at": "r_now",
        },
        missing.values(
            "r_committee",
            "r_year",
            "r_member",
            "r_scheme",
            "r_version",
            "r_days",
            "r_one",
            "r_zero",
            "r_false",
            "r_now",
        ),
    )
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    member = Member.objects.filter(pk=OuterRef("member_id")).order_by()
    results = _scope(Result.objects, scheme, member_ids)
    results.update(
        scheme_id=scheme.pk,
        scheme_version=scheme.version,
        computed_at=now,
        served_from=Greatest(Subquery(member.values("joined_on")[:1]), Value(first)),
        served_until=Least(
            Coalesce(Subquery(member.values("left_on")[:1]), Value(last)), Value(last)
        ),
    )

    def covering(model, *order):
        return model.objects.filter(
            Q(start_date__lte=OuterRef("served_until"))
            & (Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("served_until"))),
            member=OuterRef("member_id"),
        ).order_by(*order)

    days = DaysBetween(F("served_until"), F("served_from")) + 1
    if scheme.prorate_partial_year:
        factor = Least(
            num(1),
            Round(
                ExpressionWrapper(days * num(1), output_field=NUMBER)
                / num(scheme.prorate_basis_days),
                4,
            ),
        )
    else:
        factor = num(1)
    results.update(
        sector_id=Subquery(covering(SectorMembership, "start_date", "pk").values("sector_id")[:1]),
        liaison_group_id=Subquery(
            covering(LiaisonGroupMembership, "-start_date", "pk").values("group_id")[:1]
        ),
        days_served=days,
        prorate_factor=factor,
    )


# --- 2. matching -----------------------------------------------------------------------------


def rule_condition(rule: SchemeRule) -> Q:
    """The facts ``rule`` applies to (its filters, as the models' help texts define them)."""
    q = Q(duty_kind=rule.duty_kind)
    for field in (
        "meeting_kind",
        "speech_kind",
        "role",
        "training_completion",
        "commendation_level",
    ):
        if getattr(rule, field):
            q &= Q(**{field: getattr(rule, field)})
    if rule.duty_kind in ATTENDANCE_DUTIES:
        q &= (
            Q(attendance_status=rule.attendance_status)
            if rule.attendance_status
            else Q(attendance_status__in=ATTENDED)
        )
    if rule.duty_kind in (DutyKind.PROPOSAL_OUTCOME, DutyKind.SOCIAL_REPORT):
        q &= Q(outcome=rule.outcome or "submitted")
    if rule.off_site is not None:
        q &= Q(off_site=rule.off_site)
    if rule.applies_to == SchemeRule.AppliesTo.STANDING:
        q &= Q(standing=True)
    elif rule.applies_to == SchemeRule.AppliesTo.NOT_STANDING:
        q &= Q(standing=False)
    if rule.max_credited:
        q &= Q(credit_rank__lte=rule.max_credited)
    return q


def fact_points(rule: SchemeRule):
    """The points one fact earns under ``rule``."""
    points = num(rule.points)
    if rule.unit == SchemeRule.Unit.PER_HALF_DAY:
        points = ExpressionWrapper(points * F("quantity"), output_field=NUMBER)
    if rule.share_rule == SchemeRule.ShareRule.FIRST_TAKES_SHARE:
        share = Case(
            When(credit_rank=1, co_credited=0, then=num(1)),
            When(credit_rank=1, then=num(rule.first_share)),
            default=ExpressionWrapper(
                num(1 - rule.first_share) / Greatest(F("co_credited"), Value(1)),
                output_field=NUMBER,
            ),
            output_field=NUMBER,
        )
        points = ExpressionWrapper(points * share, output_field=NUMBER)
    return Round(points, 4)


def matching(rules: list[SchemeRule]) -> dict:
    """The rule a fact falls under and the points it earns, as expressions over the fact: the
    first rule (in the scheme's order) whose conditions it meets. Empty without rules."""
    if not rules:
        return {}
    # The rule and its points come from the same ordered conditions.
    return {
        "rule_id": Case(
            *[When(rule_condition(rule), then=Value(rule.pk)) for rule in rules],
            default=None,
            output_field=IntegerField(),
        ),
        "points": Case(
            *[When(rule_condition(rule), then=fact_points(rule)) for rule in rules],
            default=None,
            output_field=NUMBER,
        ),
    }


def match(
    scheme: AssessmentScheme, rules: list[SchemeRule], member_ids, only: Q | None = None
) -> None:
    """Give the facts in scope (``only`` some of them) their rule and points, in one pass (every
    rewritten fact costs an entry in each of the ledger's indexes)."""
    facts = _scope(ScoredFact.objects, scheme, member_ids)
    if only is not None:
        facts = facts.filter(only)
    if not rules:
        facts.update(rule=None, points=None)
        return
    facts.update(**matching(rules))


# --- 3. lines --------------------------------------------------------------------------------


def lines(scheme: AssessmentScheme, rules: list[SchemeRule], member_ids) -> None:
    results = _scope(Result.objects, scheme, member_ids)
    ResultLine.objects.filter(result__in=results.values("pk")).delete()
    # One result per member and year: no order needed (the default one joins two tables).
    result = Result.objects.filter(member=OuterRef("member_id"), year=scheme.year).order_by()
    grouped = (
        _scope(ScoredFact.objects, scheme, member_ids)
        # A member with records dated in the year but no day served in it (their leaving date
        # was moved back) has no result: their facts stay on file and score no line.
        .filter(Exists(result), rule__isnull=False)
        .order_by()
        .values("member_id", "rule_id")
        .annotate(
            l_result=Subquery(result.values("pk")[:1]),
            l_factor=Subquery(result.values("prorate_factor")[:1]),
            l_count=Count("pk"),
            l_quantity=Sum("quantity"),
            l_raw=Round(Sum("points"), 4),
        )
        .annotate(
            # Pro-rating scales what a part-year member earned, never what they lost.
            l_adjusted=Case(
                When(l_raw__gt=0, then=Round(F("l_raw") / F("l_factor"), 4)),
                default=F("l_raw"),
                output_field=NUMBER,
            )
        )
    )
    capped_rules = [rule for rule in rules if rule.year_cap is not None]
    grouped = grouped.annotate(
        l_points=Case(
            *[
                When(rule_id=rule.pk, then=Least(F("l_adjusted"), num(rule.year_cap)))
                for rule in capped_rules
            ],
            default=F("l_adjusted"),
            output_field=NUMBER,
        ),
        l_capped=Case(
            *[
                When(Q(rule_id=rule.pk) & Q(l_adjusted__gt=num(rule.year_cap)), then=Value(True))
                for rule in capped_rules
            ],
            default=Value(False),
            output_field=BooleanField(),
        ),
    )
    insert_from_select(
        ResultLine,
        {
            "result_id": "l_result",
            "rule_id": "rule_id",
            "count": "l_count",
            "quantity": "l_quantity",
            "raw_points": "l_adjusted",
            "points": "l_points",
            "capped": "l_capped",
        },
        grouped.values(
            "l_result", "rule_id", "l_count", "l_quantity", "l_adjusted", "l_points", "l_capped"
        ),
    )


# --- 4. categories ---------------------------------------------------------------------------


def _sum_of(model, value: str, **filters) -> Coalesce:
    rows = (
        model.objects.filter(result=OuterRef("pk"), **filters)
        .order_by()
        .values("result")
        .annotate(s=Sum(value))
        .values("s")
    )
    return Coalesce(Subquery(rows, output_field=NUMBER), ZERO)


def categories(scheme: AssessmentScheme, member_ids) -> None:
    """One row per member and category: starting points plus the category's lines, then the
    cap and the floor, each flagged when it applied (one statement per category)."""
    results = _scope(Result.objects, scheme, member_ids)
    ResultCategory.objects.filter(result__in=results.values("pk")).delete()
    for category in scheme.categories.all():
        raw = Round(
            num(category.start_points) + _sum_of(ResultLine, "points", rule__category=category), 4
        )
        final, capped, floored = F("c_raw"), Value(False), Value(False)
        if category.cap is not None:
            final = Least(final, num(category.cap))
            capped = Case(When(c_raw__gt=num(category.cap), then=Value(True)), default=Value(False))
        if category.floor is not None:
            final = Greatest(final, num(category.floor))
            floored = Case(
                When(c_raw__lt=num(category.floor), then=Value(True)), default=Value(False)
            )
        rows = results.annotate(c_category=Value(category.pk), c_raw=raw).annotate(
            c_final=ExpressionWrapper(final, output_field=NUMBER),
            c_capped=capped,
            c_floored=floored,
        )
        insert_from_select(
            ResultCategory,
            {
                "result_id": "id",
                "category_id": "c_category",
                "raw_points": "c_raw",
                "points": "c_final",
                "capped": "c_capped",
                "floored": "c_floored",
            },
            rows.values("id", "c_category", "c_raw", "c_final", "c_capped", "c_floored"),
        )


# --- 5. evaluations, minimums, totals, grades ------------------------------------------------


def qualitative(scheme: AssessmentScheme, member_ids) -> None:
    results = _scope(Result.objects, scheme, member_ids)
    ResultQualitative.objects.filter(result__in=results.values("pk")).delete()
    for part in scheme.qualitative_parts.all():
        scores = (
            ScoredFact.objects.filter(
                member=OuterRef("member_id"),
                year=scheme.year,
                duty_kind=DutyKind.QUALITATIVE,
                qualitative_kind=part.kind,
            )
            .order_by()
            .values("member")
            .annotate(s=Sum("quantity") * num(1) / Count("pk"))
            .values("s")
        )
        rows = results.annotate(
            q_part=Value(part.pk), q_score=Round(Subquery(scores, output_field=NUMBER), 2)
        ).filter(q_score__isnull=False)
        insert_from_select(
            ResultQualitative,
            {"result_id": "id", "part_id": "q_part", "score": "q_score"},
            rows.values("id", "q_part", "q_score"),
        )


def minimums(scheme: AssessmentScheme, member_ids) -> None:
    results = _scope(Result.objects, scheme, member_ids)
    ResultMinimum.objects.filter(result__in=results.values("pk")).delete()
    for minimum in scheme.minimums.all():
        rule_ids = [rule.pk for rule in minimum.rules.all()]
        counted = (
            ScoredFact.objects.filter(
                member=OuterRef("member_id"), year=scheme.year, rule_id__in=rule_ids
            )
            .order_by()
            .values("member")
            .annotate(n=Count("pk"))
            .values("n")
        )
        if scheme.prorate_partial_year:
            required = Greatest(
                Value(1),
                Cast(
                    Ceil(num(minimum.min_count) * F("prorate_factor")), output_field=IntegerField()
                ),
            )
        else:
            required = Value(minimum.min_count)
        rows = results.annotate(
            m_minimum=Value(minimum.pk),
            m_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
            m_required=required,
        ).annotate(
            m_met=Case(When(m_count__gte=F("m_required"), then=Value(True)), default=Value(False))
        )
        insert_from_select(
            ResultMinimum,
            {
                "result_id": "id",
                "minimum_id": "m_minimum",
                "count": "m_count",
                "required": "m_required",
                "met": "m_met",
            },
            rows.values("id", "m_minimum", "m_count", "m_required", "m_met"),
        )


def totals(scheme: AssessmentScheme, member_ids) -> None:
    results = _scope(Result.objects, scheme, member_ids)
    results.update(
        quantitative=Round(
            _sum_of(ResultCategory, "points")
            + _sum_of(ResultLine, "points", rule__category__isnull=True),
            2,
        )
    )
    if scheme.scoring_mode == AssessmentScheme.ScoringMode.BASE_PLUS_BONUS:
        score = num(scheme.base_score) + Least(F("quantitative"), num(scheme.bonus_cap))
    else:
        score = F("quantitative")
    score = Greatest(score, ZERO)
    if scheme.max_score is not None:
        score = Least(score, num(scheme.max_score))
    parts = list(scheme.qualitative_parts.all())
    if any(part.weight is not None for part in parts):
        scale = num(scheme.max_score if scheme.max_score is not None else 100)
        weights = _sum_of(ResultQualitative, "part__weight", part__weight__isnull=False)
        weighted = (
            ResultQualitative.objects.filter(result=OuterRef("pk"), part__weight__isnull=False)
            .order_by()
            .values("result")
            .annotate(s=Sum(F("part__weight") * F("score"), output_field=NUMBER))
            .values("s")
        )
        score = (num(1) - weights) * score + Coalesce(
            Subquery(weighted, output_field=NUMBER), ZERO
        ) * scale / num(100)
    if any(part.max_points is not None for part in parts):
        points = (
            ResultQualitative.objects.filter(result=OuterRef("pk"), part__max_points__isnull=False)
            .order_by()
            .values("result")
            .annotate(s=Sum(F("part__max_points") * F("score"), output_field=NUMBER))
            .values("s")
        )
        score = score + Coalesce(Subquery(points, output_field=NUMBER), ZERO) / num(100)
        if scheme.max_score is not None:
            score = Least(score, num(scheme.max_score))
    results.update(total=Round(ExpressionWrapper(score, output_field=NUMBER), 2))


def grades(scheme: AssessmentScheme, member_ids) -> None:
    results = _scope(Result.objects, scheme, member_ids)
    bands = sorted(scheme.grades.all(), key=lambda band: band.min_score, reverse=True)
    results.update(
        grade_capped=False,
        grade_id=Case(
            *[When(total__gte=num(band.min_score), then=Value(band.pk)) for band in bands],
            default=None,
            output_field=IntegerField(),
        ),
    )
    # An unmet minimum caps the grade; the worst cap wins, so caps are applied best to worst.
    for band in bands:
        unmet = ResultMinimum.objects.filter(
            result=OuterRef("pk"), met=False, minimum__grade_cap=band
        )
        results.filter(Exists(unmet), grade__min_score__gt=band.min_score).update(
            grade_id=band.pk, grade_capped=True
        )


# --- 6. ranks --------------------------------------------------------------------------------


def rank(scheme: AssessmentScheme) -> None:
    """Ranks in the committee and in the sector, for the whole committee-year, in one statement
    (equal totals share a rank)."""
    results = Result.objects.filter(committee_id=scheme.committee_id, year=scheme.year)
    ranked = results.annotate(
        k_committee=Window(Rank(), order_by=F("total").desc()),
        k_sector=Window(Rank(), partition_by=[F("sector_id")], order_by=F("total").desc()),
    ).values("id", "k_committee", "k_sector")
    update_from_select(
        Result, {"rank_in_committee": "k_committee", "rank_in_sector": "k_sector"}, ranked, key="id"
    )
    results.filter(sector__isnull=True).update(rank_in_sector=None)


def scheme_rules(scheme: AssessmentScheme) -> list[SchemeRule]:
    return list(scheme.rules.order_by("order", "pk"))


def score(
    scheme: AssessmentScheme,
    member_ids: Iterable[int] | None = None,
    *,
    now=None,
    rules: list[SchemeRule] | None = None,
    matched: bool = False,
) -> None:
    """Steps 1–5 for the scope, in the caller's transaction (the ledger must be rebuilt first).
    ``matched``: the rebuild already gave the duty tables' facts their rule and points
    (``matching``), so only the evaluations' facts are matched here."""
    now = now or timezone.now()
    ids = None if member_ids is None else list(member_ids)
    rules = scheme_rules(scheme) if rules is None else rules
    ensure_results(scheme, ids, now)
    match(scheme, rules, ids, only=Q(duty_kind=DutyKind.QUALITATIVE) if matched else None)
    lines(scheme, rules, ids)
    categories(scheme, ids)
    qualitative(scheme, ids)
    minimums(scheme, ids)
    totals(scheme, ids)
    grades(scheme, ids)
