"""The liaison-group leader rates each member of the group for the year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations import services
from evaluations.models import LeaderRating
from tests.factories.liaison import (
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
    MemberFactory,
)

from .helpers import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(committee):
    return LiaisonGroupFactory(committee=committee)


@pytest.fixture
def leader(group):
    return LeaderMembershipFactory(group=group).member


@pytest.fixture
def member(group):
    return LiaisonGroupMembershipFactory(group=group).member


def rate(evaluator, member, score=80):
    return services.leader_rating_record(
        evaluator=evaluator, member=member, year=YEAR, score=Decimal(score), comment=" 认真 "
    )


def refused(evaluator, member, score=80) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        rate(evaluator, member, score)
    return caught.value


def test_the_leader_rates_a_member_of_the_group(leader, member, group):
    rating = rate(leader, member, 86)
    assert (rating.group, rating.evaluator, rating.score, rating.comment) == (
        group,
        leader,
        Decimal(86),
        "认真",
    )


def test_rating_again_corrects_the_one_rating(leader, member):
    rate(leader, member, 70)
    rate(leader, member, 75)
    assert LeaderRating.objects.get().score == Decimal(75)


def test_the_database_holds_one_rating_per_member_and_year(leader, member, group):
    rate(leader, member)
    with pytest.raises(Exception, match="(?i)unique"):
        LeaderRating.objects.create(
            committee=group.committee,
            year=YEAR,
            member=member,
            group=group,
            evaluator=leader,
            score=1,
        )


def test_only_the_groups_leader_may_rate(committee, leader, member, group):
    fellow = LiaisonGroupMembershipFactory(group=group).member
    other_leader = LeaderMembershipFactory(group=LiaisonGroupFactory(committee=committee)).member
    for evaluator in (fellow, other_leader):
        assert refused(evaluator, member).code == "not_leader"
    assert not LeaderRating.objects.exists()


def test_the_leader_does_not_rate_themselves(leader):
    assert "组长不评价自己" in " ".join(refused(leader, leader).messages)


def test_a_member_in_no_group_cannot_be_rated(committee, leader):
    loner = MemberFactory(committee=committee)
    assert refused(leader, loner).code == "no_group"


def test_a_score_above_100_is_refused(leader, member):
    assert "0 至 100" in " ".join(refused(leader, member, 101).messages)


def test_a_member_who_moved_is_rated_by_the_year_end_groups_leader(committee, leader, group):
    earlier = LiaisonGroupFactory(committee=committee)
    earlier_leader = LeaderMembershipFactory(group=earlier).member
    mover = LiaisonGroupMembershipFactory(group=earlier, end_date=datetime.date(2024, 6, 30)).member
    LiaisonGroupMembershipFactory(group=group, member=mover, start_date=datetime.date(2024, 7, 1))
    assert refused(earlier_leader, mover).code == "not_leader"
    assert rate(leader, mover).group == group
