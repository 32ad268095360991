"""One person per role, in one committee (and a staff user of another committee)."""

from dataclasses import dataclass

import pytest

from accounts.models import User
from tests.factories.core import StaffUserFactory, UserFactory
from tests.factories.liaison import LeaderMembershipFactory, LiaisonGroupFactory
from tests.factories.members import SectorConvenerFactory
from tests.factories.proposals import HandlingUnitUserFactory, member_of


@dataclass
class People:
    member: User
    other_member: User
    convener: User
    other_convener: User
    leader: User
    unit_user: User
    staff: User
    other_staff: User
    sector_convened: object = None
    group_led: object = None


def _member_user(committee, **kwargs):
    user = UserFactory(committee=committee)
    member = member_of(committee, user=user, **kwargs)
    return user, member


@pytest.fixture
def people(committee, other_committee, staff):
    return make_people(committee, other_committee, staff)


def make_people(committee, other_committee, staff) -> People:
    member, _m = _member_user(committee)
    other_member, _o = _member_user(committee)
    convener, convener_member = _member_user(committee)
    convened = SectorConvenerFactory(member=convener_member)
    other_convener, other_convener_member = _member_user(committee)
    SectorConvenerFactory(member=other_convener_member)
    leader, leader_member = _member_user(committee)
    group = LiaisonGroupFactory(committee=committee)
    LeaderMembershipFactory(group=group, member=leader_member)
    unit_user = HandlingUnitUserFactory(unit__committee=committee).user
    return People(
        member=member,
        other_member=other_member,
        convener=convener,
        other_convener=other_convener,
        leader=leader,
        unit_user=unit_user,
        staff=staff,
        other_staff=StaffUserFactory(committee=other_committee),
        sector_convened=convened.sector,
        group_led=group,
    )
