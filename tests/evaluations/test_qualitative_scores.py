"""qualitative_scores() hands the score engine each member's evaluations on a 0-100 scale."""

import datetime
from decimal import Decimal

import pytest

from evaluations import services
from evaluations.models import BallotRound, LeaderRating, PublicRating
from evaluations.selectors import qualitative_scores
from members.models import Member
from tests.factories.liaison import (
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
    MemberFactory,
    YearEndReportFactory,
)

from .helpers import YEAR, at, scores_for, standing_member

pytestmark = pytest.mark.django_db

SC, LG, PUBLIC = "standing_committee", "liaison_group", "public"


def in_group(group, member=None, *, start=datetime.date(2022, 1, 10), end=None):
    member = member or MemberFactory(committee=group.committee)
    LiaisonGroupMembershipFactory(group=group, member=member, start_date=start, end_date=end)
    return member


def closed_ballot(committee, reports, *score_rows, year=YEAR, close=True):
    ballot = BallotRound.objects.create(
        committee=committee, year=year, opens_at=at(1, 10), closes_at=at(1, 20)
    )
    ballot = services.ballot_round_open(round=ballot)
    for row in score_rows:
        services.cast_ballot(
            round=ballot, voter=standing_member(committee), scores=scores_for(reports, *row)
        )
    return services.ballot_round_close(round=ballot) if close else ballot


def test_each_kind_hand_computed(committee, other_committee):
    g1, g2 = (LiaisonGroupFactory(committee=committee) for _ in range(2))
    leader = LeaderMembershipFactory(group=g1).member
    m1 = in_group(g1)
    m3 = in_group(g2)
    # Moved from group 2 to group 1 in July: the year-end group is group 1.
    m4 = in_group(g2, end=datetime.date(2024, 6, 30))
    in_group(g1, m4, start=datetime.date(2024, 7, 1))
    # Left the committee at the end of July while in group 2: their last day's group counts.
    m5 = MemberFactory(
        committee=committee, status=Member.Status.RESIGNED, left_on=datetime.date(2024, 7, 31)
    )
    in_group(g2, m5, end=datetime.date(2024, 7, 31))
    m6 = MemberFactory(committee=committee)  # in no group: no value at all

    r1, r2 = (YearEndReportFactory(group=g, year=YEAR, submitted=True) for g in (g1, g2))
    closed_ballot(committee, [r1, r2], (80, 70), (90, 75), ("85.5", 71))
    services.leader_rating_record(evaluator=leader, member=m1, year=YEAR, score=Decimal(88))
    services.leader_rating_record(evaluator=leader, member=m4, year=YEAR, score=Decimal("90.5"))
    for stars in (5, 4):
        PublicRating.objects.create(committee=committee, year=YEAR, member=m1, stars=stars)
    PublicRating.objects.create(committee=committee, year=YEAR, group=g1, stars=3)
    # Other years and committees do not count.
    PublicRating.objects.create(committee=committee, year=YEAR - 1, group=g2, stars=1)
    PublicRating.objects.create(committee=committee, year=YEAR - 1, member=m3, stars=1)
    theirs = in_group(LiaisonGroupFactory(committee=other_committee))
    PublicRating.objects.create(committee=other_committee, year=YEAR, member=theirs, stars=1)

    g1_ballot = Decimal("85.17")  # (80 + 90 + 85.5) / 3 = 85.1666…
    g2_ballot = Decimal("72.00")  # (70 + 75 + 71) / 3
    g1_public = Decimal("60.00")  # 3 stars x 20
    expected = sorted(
        [
            (leader.pk, SC, g1_ballot),
            (leader.pk, PUBLIC, g1_public),  # nobody rated the leader by name: the group's
            (m1.pk, SC, g1_ballot),
            (m1.pk, LG, Decimal("88.00")),
            (m1.pk, PUBLIC, Decimal("90.00")),  # (5 + 4) / 2 x 20; the group's does not mix in
            (m3.pk, SC, g2_ballot),
            (m4.pk, SC, g1_ballot),
            (m4.pk, LG, Decimal("90.50")),
            (m4.pk, PUBLIC, g1_public),
            (m5.pk, SC, g2_ballot),
        ]
    )
    assert qualitative_scores(committee.pk, YEAR) == expected
    assert m6.pk not in {member_id for member_id, _kind, _score in expected}
    assert qualitative_scores(committee.pk, YEAR + 1) == []


def test_a_ballot_still_open_does_not_count(committee):
    group = LiaisonGroupFactory(committee=committee)
    member = in_group(group)
    report = YearEndReportFactory(group=group, year=YEAR, submitted=True)
    closed_ballot(committee, [report], (90,), close=False)
    assert qualitative_scores(committee.pk, YEAR) == []
    services.ballot_round_close(round=BallotRound.objects.get())
    assert qualitative_scores(committee.pk, YEAR) == [(member.pk, SC, Decimal("90.00"))]


def test_rounding_is_half_up_to_the_cent(committee):
    group = LiaisonGroupFactory(committee=committee)
    member = in_group(group)
    report = YearEndReportFactory(group=group, year=YEAR, submitted=True)
    closed_ballot(committee, [report], ("0.01",), ("0.02",))  # 0.015 -> 0.02
    assert qualitative_scores(committee.pk, YEAR) == [(member.pk, SC, Decimal("0.02"))]


@pytest.mark.parametrize("size", [2, 12])
def test_the_query_count_does_not_grow_with_the_members(committee, size, django_assert_num_queries):
    groups = [LiaisonGroupFactory(committee=committee) for _ in range(2)]
    leaders = [LeaderMembershipFactory(group=g).member for g in groups]
    reports = [YearEndReportFactory(group=g, year=YEAR, submitted=True) for g in groups]
    closed_ballot(committee, reports, (80, 70), (60, 90))
    for i in range(size):
        group = groups[i % 2]
        member = in_group(group)
        LeaderRating.objects.create(
            committee=committee,
            year=YEAR,
            member=member,
            group=group,
            evaluator=leaders[i % 2],
            score=Decimal(70 + i),
        )
        PublicRating.objects.create(committee=committee, year=YEAR, member=member, stars=4)
    PublicRating.objects.create(committee=committee, year=YEAR, group=groups[0], stars=5)

    with django_assert_num_queries(5):
        scores = qualitative_scores(committee.pk, YEAR)
    # Every member has three kinds; both leaders the ballot, the first also their group's public.
    assert len(scores) == 3 * size + 2 + 1
