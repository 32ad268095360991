"""Reads about evaluations: ballot results for staff, and the qualitative scores for the engine.

Every function here runs a fixed number of queries, however many members or reports there are.
Averages are computed from exact sums (``Sum`` / ``Count``) and rounded half-up to two decimals in
Python, so SQLite and PostgreSQL give the same answers.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import QualitativePart
from liaison.models import DocumentState, LiaisonGroupMembership, YearEndReport
from members.models import Member, Position
from members.selectors import active_on

from .models import BallotPaper, BallotRound, LeaderRating, PublicInvitation, PublicRating
from .models.public import POINTS_PER_STAR

Kind = QualitativePart.Kind
CENT = Decimal("0.01")
#: Sums of scores can exceed a single score's five digits.
SUM_FIELD = DecimalField(max_digits=14, decimal_places=2)


def _average(total, count: int, *, factor: int = 1) -> Decimal:
    """The mean of ``count`` values summing to ``total``, to the cent, half up.

    ``total`` is a sum of values with at most two decimals; rounding it to the cent first undoes
    the binary floating point SQLite sums in.
    """
    exact = Decimal(total).quantize(CENT) * factor
    return (exact / count).quantize(CENT, rounding=ROUND_HALF_UP)


# --- the Standing Committee ballot ------------------------------------------------------------


def reports_for_round(round: BallotRound) -> QuerySet[YearEndReport]:
    """The year-end reports on the round's ballot: submitted, of its committee and year."""
    return (
        YearEndReport.objects.filter(
            group__committee_id=round.committee_id,
            year=round.year,
            state=DocumentState.SUBMITTED,
        )
        .select_related("group")
        .order_by("group__display_order", "group__name")
    )


def eligible_voters(round: BallotRound, day: datetime.date) -> QuerySet[Member]:
    """Members of the round's committee on the Standing Committee on ``day``."""
    positions = Position.objects.filter(
        Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    return active_on(
        Member.objects.filter(
            committee_id=round.committee_id, pk__in=positions.values("member_id")
        ),
        day,
    )


@dataclass(frozen=True)
class ReportResult:
    report_id: int
    group_name: str
    ballots: int
    average: Decimal | None


def results_for_round(round: BallotRound) -> list[ReportResult]:
    """Per report on the ballot: how many scored it and the average score (one query).

    Only for a closed round: while people are still voting, running results would let staff
    follow each vote as it comes in.
    """
    if round.state != BallotRound.State.CLOSED:
        raise ValidationError(
            _("Results are shown once the round is closed."), code="round_not_closed"
        )
    of_round = Q(ballot_papers__round=round)
    reports = (
        YearEndReport.objects.filter(
            Q(pk__in=BallotPaper.objects.filter(round=round).values("report_id"))
            | Q(
                group__committee_id=round.committee_id,
                year=round.year,
                state=DocumentState.SUBMITTED,
            )
        )
        .annotate(
            ballots=Count("ballot_papers", filter=of_round),
            total=Sum("ballot_papers__score", filter=of_round, output_field=SUM_FIELD),
        )
        .values_list("pk", "group__name", "ballots", "total")
        .order_by("group__display_order", "group__name")
    )
    return [
        ReportResult(
            report_id=pk,
            group_name=name,
            ballots=ballots,
            average=_average(total, ballots) if ballots else None,
        )
        for pk, name, ballots, total in reports
    ]


# --- the year's last day, and the group on it -------------------------------------------------


def last_day_served(member: Member, year: int) -> datetime.date | None:
    """31 December, or the day the member left if earlier; None if they did not serve in ``year``."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if member.joined_on > last or (member.left_on is not None and member.left_on < first):
        return None
    return min(last, member.left_on or last)


def _year_end_groups(committee_id: int, year: int) -> dict[int, int]:
    """Member id -> the liaison group they were in on their last day served in ``year``."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    served = Member.objects.filter(committee_id=committee_id, joined_on__lte=last).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=first)
    )
    last_day = Least(
        Coalesce("left_on", Value(last, output_field=DateField())),
        Value(last, output_field=DateField()),
        output_field=DateField(),
    )
    periods = LiaisonGroupMembership.objects.filter(
        Q(member=OuterRef("pk")),
        Q(start_date__lte=OuterRef("last_day")),
        Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("last_day")),
    ).order_by("-start_date")  # not the default order: a join to the committee per member
    rows = (
        served.annotate(last_day=last_day)
        .annotate(group_id=Subquery(periods.values("group_id")[:1]))
        .filter(group_id__isnull=False)
        .values_list("pk", "group_id")
    )
    return dict(rows)


# --- the qualitative scores -------------------------------------------------------------------


def qualitative_scores(committee_id: int, year: int) -> list[tuple[int, str, Decimal]]:
    """Every member's evaluation scores for ``year``, each on a 0-100 scale, in five queries.

    Returns ``(member_id, kind, score)`` sorted by member and kind, where ``kind`` is a
    ``QualitativePart.Kind`` value:

    - ``standing_committee``: the average ballot score (closed rounds only) of the year-end
      report of the liaison group the member was in on their last day served in the year;
    - ``liaison_group``: their group leader's rating of the year;
    - ``public``: the average of their own public ratings (stars x 20); a member nobody rated
      by name takes the average of their year-end group's public ratings instead.

    A member with no value for a kind has no tuple for it.
    """
    groups = _year_end_groups(committee_id, year)

    ballots = (
        BallotPaper.objects.filter(
            round__committee_id=committee_id,
            round__year=year,
            round__state=BallotRound.State.CLOSED,
        )
        .order_by()
        .values("report__group_id")
        .annotate(total=Sum("score", output_field=SUM_FIELD), n=Count("pk"))
        .values_list("report__group_id", "total", "n")
    )
    group_ballot = {group: _average(total, n) for group, total, n in ballots}

    leader = LeaderRating.objects.filter(committee_id=committee_id, year=year).values_list(
        "member_id", "score"
    )

    public = PublicRating.objects.filter(committee_id=committee_id, year=year).order_by()
    by_member = {
        member: _average(total, n, factor=POINTS_PER_STAR)
        for member, total, n in public.filter(member__isnull=False)
        .values("member_id")
        .annotate(total=Sum("stars"), n=Count("pk"))
        .values_list("member_id", "total", "n")
    }
    by_group = {
        group: _average(total, n, factor=POINTS_PER_STAR)
        for group, total, n in public.filter(group__isnull=False)
        .values("group_id")
        .annotate(total=Sum("stars"), n=Count("pk"))
        .values_list("group_id", "total", "n")
    }

    scores: list[tuple[int, str, Decimal]] = []
    for member_id, group_id in groups.items():
        if group_id in group_ballot:
            scores.append((member_id, Kind.STANDING_COMMITTEE.value, group_ballot[group_id]))
    for member_id, score in leader:
        scores.append((member_id, Kind.LIAISON_GROUP.value, Decimal(score).quantize(CENT)))
    for member_id in by_member.keys() | groups.keys():
        score = by_member.get(member_id, by_group.get(groups.get(member_id)))
        if score is not None:
            scores.append((member_id, Kind.PUBLIC.value, score))
    return sorted(scores)


# --- public links -----------------------------------------------------------------------------


class InvitationUnavailable(Exception):
    """The link cannot be used: ``reason`` is ``unknown``, ``used`` or ``expired``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> PublicInvitation:
    """The invitation behind a link, if it can still be used (else ``InvitationUnavailable``)."""
    invitation = (
        PublicInvitation.objects.select_related("committee", "group", "member")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationUnavailable("unknown")
    if invitation.used_at is not None:
        raise InvitationUnavailable("used")
    if invitation.expires_at <= timezone.now():
        raise InvitationUnavailable("expired")
    return invitation
