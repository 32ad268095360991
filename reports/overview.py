"""Selectors for the committee overview that staff open in the browser (委员会履职概况).

One committee, one year: the year's figures (``reports.selectors.yearly_figures``), the proposal
pipeline, attendance meeting by meeting, sectors and liaison groups side by side, members at
risk of failing a minimum, the make-up of the membership and proposal topics several sectors
raised. Every part is a fixed number of set-based queries, so the page costs the same whether
the committee has 30 members or 3,000.

"The day" of a year is today while the year runs and 31 December once it is over: members are
counted as they were in office on that day, in the sector and liaison group they were in then.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from assessment.models import Result, ResultMinimum
from liaison.models import (
    ContactActivity,
    ContactActivityParticipant,
    LiaisonGroup,
    LiaisonGroupMembership,
)
from meetings.models import Meeting
from meetings.selectors import meeting_list
from members.models import Member, Party, SectorMembership
from members.selectors import active_on
from proposals.models import SUBMITTED_STATES, Proposal, ProposalState
from sectors.models import Sector

from .selectors import YearlyFigures, percent, yearly_figures

ONE_DECIMAL = Decimal("0.1")


def overview_day(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day members are counted on: today during the year, 31 December once it is past."""
    today = today or timezone.localdate()
    return min(today, datetime.date(year, 12, 31))


def members_in_office(committee_id: int, day: datetime.date) -> QuerySet[Member]:
    """Members of the committee in office on ``day``: joined, not yet left, term covering it."""
    return active_on(Member.objects.filter(committee_id=committee_id), day).filter(
        term__start_date__lte=day, term__end_date__gte=day
    )


def _covering(day) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


# --- the proposal pipeline ------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    state: str
    label: str
    count: int


def proposal_pipeline(committee_id: int, year: int) -> list[Stage]:
    """How many of the year's proposals are in each state, in workflow order (one query)."""
    counts = dict(
        Proposal.objects.filter(committee_id=committee_id, year=year)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [
        Stage(state, str(label), counts.get(state, 0)) for state, label in ProposalState.choices
    ]


# --- attendance meeting by meeting -------------------------------------------------------------


@dataclass(frozen=True)
class MeetingAttendance:
    meeting_id: int
    title: str
    kind: str
    start_date: datetime.date
    invited: int
    attended: int
    approved_leave: int
    absent_without_leave: int
    unmarked: int

    @property
    def marked(self) -> int:
        return self.invited - self.unmarked

    @property
    def rate(self) -> Decimal | None:
        """Attended ÷ marked invitations, as in the yearly figures (None before marking)."""
        return percent(self.attended, self.marked)


def attendance_by_meeting(committee_id: int, year: int) -> list[MeetingAttendance]:
    """Each meeting of the year that began in ``year`` with its attendance (one query)."""
    meetings = meeting_list(
        meetings=Meeting.objects.filter(committee_id=committee_id, start_date__year=year)
    ).order_by("start_date", "start_time", "pk")
    return [
        MeetingAttendance(
            meeting_id=m.pk,
            title=m.title,
            kind=m.get_kind_display(),
            start_date=m.start_date,
            invited=m.invited_count,
            attended=m.attended_count,
            approved_leave=m.leave_count,
            absent_without_leave=m.absent_count,
            unmarked=m.unmarked_count,
        )
        for m in meetings
    ]


# --- sectors and liaison groups side by side -----------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One sector or liaison group in the year: size, scores, minimums, contact activities."""

    pk: int
    name: str
    members: int
    results: int
    mean_score: Decimal | None
    minimums_met: int
    activities: int

    @property
    def minimums_met_share(self) -> Decimal | None:
        """Members with a result who met every minimum ÷ members with a result."""
        return percent(self.minimums_met, self.results)


def _results_by(committee_id: int, year: int, path: str) -> dict[int | None, dict]:
    """Results of the year grouped by ``path`` (sector or liaison group): count, mean, how
    many met every minimum (one query)."""
    unmet = ResultMinimum.objects.filter(result=OuterRef("pk"), met=False)
    return {
        row[path]: row
        for row in Result.objects.filter(committee_id=committee_id, year=year)
        .annotate(has_unmet=Exists(unmet))
        .order_by()
        .values(path)
        .annotate(
            n=Count("pk"),
            mean=Avg("total"),
            met=Count("pk", filter=Q(has_unmet=False)),
        )
    }


def _activities_by(committee_id: int, year: int, periods: QuerySet, column: str) -> dict[int, int]:
    """Verified contact activities of the year, counted once per sector or group that one of
    its members belonged to on the activity's day (one query). ``periods`` are the dated
    memberships matching a participant (``_on_activity_day``); ``column`` names the sector or
    group in them."""
    return dict(
        ContactActivityParticipant.objects.filter(
            activity__committee_id=committee_id,
            activity__date__year=year,
            activity__status=ContactActivity.Status.VERIFIED,
        )
        .annotate(unit_then=Subquery(periods.values(column)[:1]))
        .order_by()
        .values("unit_then")
        .annotate(n=Count("activity_id", distinct=True))
        .values_list("unit_then", "n")
    )


def _on_activity_day(model) -> QuerySet:
    return model.objects.filter(
        Q(member=OuterRef("member_id")),
        Q(start_date__lte=OuterRef("activity__date")),
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("activity__date")),
    )


def _mean(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(ONE_DECIMAL)


def _comparisons(units, members: dict, results: dict, activities: dict) -> list[Comparison]:
    rows = []
    for unit in units:
        result = results.get(unit.pk, {})
        rows.append(
            Comparison(
                pk=unit.pk,
                name=unit.name,
                members=members.get(unit.pk, 0),
                results=result.get("n", 0),
                mean_score=_mean(result.get("mean")),
                minimums_met=result.get("met", 0),
                activities=activities.get(unit.pk, 0),
            )
        )
    return rows


def sector_comparison(committee_id: int, year: int, day: datetime.date) -> list[Comparison]:
    """Every sector of the committee side by side (four queries)."""
    sectors = list(
        Sector.objects.filter(committee_id=committee_id).order_by("display_order", "name")
    )
    members = dict(
        SectorMembership.objects.filter(
            _covering(day), member__in=members_in_office(committee_id, day)
        )
        .order_by()
        .values("sector_id")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("sector_id", "n")
    )
    results = _results_by(committee_id, year, "sector_id")
    activities = _activities_by(committee_id, year, _on_activity_day(SectorMembership), "sector_id")
    return _comparisons(sectors, members, results, activities)


def group_comparison(committee_id: int, year: int, day: datetime.date) -> list[Comparison]:
    """Every active liaison group of the committee side by side (four queries)."""
    groups = list(
        LiaisonGroup.objects.filter(committee_id=committee_id, is_active=True).order_by(
            "display_order", "name"
        )
    )
    members = dict(
        LiaisonGroupMembership.objects.on(day)
        .filter(member__in=members_in_office(committee_id, day))
        .order_by()
        .values("group_id")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("group_id", "n")
    )
    results = _results_by(committee_id, year, "liaison_group_id")
    activities = _activities_by(
        committee_id, year, _on_activity_day(LiaisonGroupMembership), "group_id"
    )
    return _comparisons(groups, members, results, activities)


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
    unmet = (
        ResultMinimum.objects.filter(
            result__committee_id=committee_id, result__year=year, met=False
        )
        .select_related("result__member", "result__sector", "result__grade", "minimum")
        .order_by("result__member__name", "result__member_id", "minimum__order", "minimum_id")
    )
    for line in unmet:
        result = line.result
        person = rows.get(result.member_id)
        if person is None:
            person = rows[result.member_id] = AtRisk(
                member_id=result.member_id,
                name=result.member.name,
                sector=result.sector.name if result.sector else "",
                total=result.total,
                grade=result.grade.name if result.grade else "",
            )
        person.unmet.append((line.minimum.label, line.count, line.required))
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


# --- topics several sectors raised -------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")
_LEADING = ("关于",)
_TRAILING = ("的提案", "的建议", "提案", "建议")


def topic_key(title: str) -> str:
    """A proposal's title reduced to its topic: full-width forms folded (NFKC), letters in lower
    case, spaces and punctuation dropped, a leading "关于" and a trailing "的提案", "的建议",
    "提案" or "建议" dropped. "关于加强农村养老服务的提案" and "加强农村养老服务的建议。" give
    the same topic."""
    key = _NOT_WORD.sub("", unicodedata.normalize("NFKC", title)).lower()
    for word in _LEADING:
        if key.startswith(word):
            key = key[len(word) :]
    for word in _TRAILING:
        if key.endswith(word) and len(key) > len(word):
            key = key[: -len(word)]
            break
    return key


@dataclass
class SharedTopic:
    topic: str
    #: (proposal id, title, sector name), in the order they were submitted.
    proposals: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def sectors(self) -> list[str]:
        return sorted({sector for _pk, _title, sector in self.proposals})


def shared_topics(committee_id: int, year: int, sector_names: dict[int, str]) -> list[SharedTopic]:
    """Topics that proposals from two or more sectors raised in the year (one query).

    A proposal's sector is the submitting sector of a sector's proposal, otherwise the sector
    its first proposer represented on the day it was submitted. Drafts and withdrawn proposals
    are left out; so are proposals without a sector (a party's, a special committee's)."""
    proposer_sector = SectorMembership.objects.filter(
        Q(member=OuterRef("first_proposer_id")),
        Q(start_date__lte=OuterRef("submitted_on")),
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("submitted_on")),
    ).values("sector_id")[:1]
    proposals = (
        Proposal.objects.filter(committee_id=committee_id, year=year, state__in=SUBMITTED_STATES)
        .annotate(submitted_on=TruncDate("submitted_at"))
        .annotate(proposer_sector=Subquery(proposer_sector))
        .order_by("submitted_at", "pk")
        .values_list("pk", "title", "submitting_sector_id", "proposer_sector")
    )
    topics: dict[str, SharedTopic] = defaultdict(lambda: SharedTopic(topic=""))
    for pk, title, submitting_sector, proposer_sector_id in proposals:
        sector_id = submitting_sector or proposer_sector_id
        if sector_id is None:
            continue
        key = topic_key(title)
        if not key:
            continue
        shared = topics[key]
        shared.topic = shared.topic or title
        shared.proposals.append((pk, title, sector_names.get(sector_id, "")))
    found = [shared for shared in topics.values() if len(shared.sectors) >= 2]
    found.sort(key=lambda s: (-len(s.sectors), -len(s.proposals), s.topic))
    return found


# --- the page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    year: int
    day: datetime.date
    figures: YearlyFigures
    pipeline: list[Stage]
    meetings: list[MeetingAttendance]
    sectors: list[Comparison]
    groups: list[Comparison]
    at_risk: list[AtRisk]
    make_up: list[Breakdown]
    shared_topics: list[SharedTopic]

    @property
    def pipeline_total(self) -> int:
        return sum(stage.count for stage in self.pipeline)


def committee_overview(
    committee_id: int, year: int, *, today: datetime.date | None = None
) -> Overview:
    """Everything the overview shows, in a fixed number of queries (about two dozen).

    Raises ``Committee.DoesNotExist`` for an unknown committee; callers check access first."""
    figures = yearly_figures(committee_id, year)
    day = overview_day(year, today)
    sectors = sector_comparison(committee_id, year, day)
    return Overview(
        year=year,
        day=day,
        figures=figures,
        pipeline=proposal_pipeline(committee_id, year),
        meetings=attendance_by_meeting(committee_id, year),
        sectors=sectors,
        groups=group_comparison(committee_id, year, day),
        at_risk=members_at_risk(committee_id, year),
        make_up=membership_make_up(committee_id, day, sectors),
        shared_topics=shared_topics(committee_id, year, {row.pk: row.name for row in sectors}),
    )
