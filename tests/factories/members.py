"""Factories for the members area: seats, special-committee places, commendations, conveners."""

import datetime

import factory
from factory.django import DjangoModelFactory

from members.models import Commendation, Position, SectorMembership, SpecialCommitteeMembership
from sectors.models import SectorConvener
from tests.factories.core import MemberFactory, SpecialCommitteeFactory


class SectorMembershipFactory(DjangoModelFactory):
    """An extra, closed period in the member's own committee (the first one comes with the member)."""

    class Meta:
        model = SectorMembership

    member = factory.SubFactory(MemberFactory)
    sector = factory.SelfAttribute("member.sector")
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2020, 12, 31)


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    member = factory.SubFactory(MemberFactory)
    kind = Position.Kind.STANDING_MEMBER
    start_date = factory.SelfAttribute("member.joined_on")


class SpecialCommitteeMembershipFactory(DjangoModelFactory):
    class Meta:
        model = SpecialCommitteeMembership

    member = factory.SubFactory(MemberFactory)
    special_committee = factory.LazyAttribute(
        lambda o: SpecialCommitteeFactory(committee=o.member.committee)
    )
    role = SpecialCommitteeMembership.Role.MEMBER
    start_date = factory.SelfAttribute("member.joined_on")


class CommendationFactory(DjangoModelFactory):
    class Meta:
        model = Commendation

    member = factory.SubFactory(MemberFactory)
    level = Commendation.Level.COUNTY
    title = factory.Sequence(lambda n: f"优秀政协委员{n}")
    awarded_on = datetime.date(2023, 3, 1)
    awarded_by = "县委员会"


class SectorConvenerFactory(DjangoModelFactory):
    class Meta:
        model = SectorConvener

    member = factory.SubFactory(MemberFactory)
    sector = factory.SelfAttribute("member.sector")
    role = SectorConvener.Role.CONVENER
    start_date = factory.SelfAttribute("member.joined_on")
