"""Members at risk of failing a minimum, and the make-up of the membership."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Count, QuerySet, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext

from assessment.models import ResultMinimum
from members.models import Member, Party

from ..selectors import percent
from .common import members_in_office
from .comparisons import Comparison

# --- members at risk of failing a minimum ------------------------------------------------------


@dataclass
class AtRisk:
    member_id: int
    name: str
    sector: str
    total: Decimal
    grade: str
    #: (minimum's label, records so far, records required), for each minimum not met yet.
    unmet: list[tuple[str, int, int]] = field(default_factory=list)


def members_at_risk(committee_id: int, year: int) -> list[AtRisk]:
    """Members whose result for the year has a minimum not met (yet), by name (one query).

    During the year this is "at risk": the result is recomputed as records come in."""
    rows: dict[int, AtRisk] = {}
    # Plain values, not model instances: a province has hundreds of such lines.
    unmet = (
        ResultMinimum.objects.filter(
            result__committee_id=committee_id, result__year=year, met=False
        )
        .order_by("result__member__name", "result__member_id", "minimum__order", "minimum_id")
        .values_list(
            "result__member_id",
            "result__member__name",
            "result__sector__name",
            "result__total",
            "result__grade__name",
            "minimum__label",
            "count",
            "required",
        )
    )
    for member_id, name, sector, total, grade, label, count, required in unmet:
        person = rows.get(member_id)
        if person is None:
            person = rows[member_id] = AtRisk(
                member_id=member_id,
                name=name,
                sector=sector or "",
                total=total,
                grade=grade or "",
            )
        person.unmet.append((label, count, required))
    return list(rows.values())


# --- the make-up of the membership -------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    label: str
    count: int
    percent: Decimal | None


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    parts: list[Part]


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


#: Age bands on the day: (code, lowest age in the band). The last band has no upper end.
AGE_BANDS = (("under_40", 0), ("40_49", 40), ("50_59", 50), ("60_plus", 60))


def _age_band(day: datetime.date) -> Case:
    """The member's age band on ``day``, from their date of birth (SQL CASE)."""
    whens = [When(birth_date__isnull=True, then=Value("unknown"))]
    for (code, _lowest), (_next, upper) in zip(AGE_BANDS, AGE_BANDS[1:], strict=False):
        whens.append(When(birth_date__gt=_years_before(day, upper), then=Value(code)))
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


def _age_labels() -> dict[str, str]:
    return {
        "under_40": gettext("Under 40"),
        "40_49": gettext("40 to 49"),
        "50_59": gettext("50 to 59"),
        "60_plus": gettext("60 and over"),
        "unknown": gettext("Date of birth not recorded"),
    }


def _parts(counts: dict, labels: dict | None, total: int, *, by_count: bool) -> list[Part]:
    not_recorded = gettext("Not recorded")
    keys = list(counts)
    if labels is not None and not by_count:
        keys = [k for k in labels if k in counts] + [k for k in counts if k not in labels]
    else:
        # The most common first; "not recorded" last whatever its count.
        keys.sort(key=lambda k: (not k, -counts[k], k or ""))
    return [
        Part(
            (labels or {}).get(key, key) or not_recorded,
            counts[key],
            percent(counts[key], total),
        )
        for key in keys
    ]


def _count_by(members: QuerySet[Member], field_name: str) -> dict:
    return dict(
        members.order_by().values(field_name).annotate(n=Count("pk")).values_list(field_name, "n")
    )


def membership_make_up(
    committee_id: int, day: datetime.date, sectors: list[Comparison]
) -> list[Breakdown]:
    """The members in office on ``day`` by sector (from the sector comparison), party,
    profession, gender, age band and township or agency (five queries)."""
    members = members_in_office(committee_id, day)
    by_party = _count_by(members, "party")
    total = sum(by_party.values())
    by_sector = {row.name: row.members for row in sectors if row.members}
    return [
        Breakdown(
            "sector",
            gettext("By sector"),
            [Part(name, n, percent(n, total)) for name, n in by_sector.items()],
        ),
        Breakdown(
            "party",
            gettext("By party affiliation"),
            _parts(by_party, dict(Party.choices), total, by_count=False),
        ),
        Breakdown(
            "profession",
            gettext("By profession"),
            _parts(_count_by(members, "profession"), None, total, by_count=True),
        ),
        Breakdown(
            "gender",
            gettext("By gender"),
            _parts(
                _count_by(members, "gender"), dict(Member.Gender.choices), total, by_count=False
            ),
        ),
        Breakdown(
            "age",
            gettext("By age on %(day)s") % {"day": date_format(day, "DATE_FORMAT")},
            _parts(
                _count_by(members.annotate(age_band=_age_band(day)), "age_band"),
                _age_labels(),
                total,
                by_count=False,
            ),
        ),
        Breakdown(
            "township",
            gettext("By township or agency"),
            _parts(_count_by(members, "township"), None, total, by_count=True),
        ),
    ]
