"""Database triggers refuse references that cross from one committee into another."""

import pytest
from django.db import IntegrityError, transaction

from members.models import SectorMembership
from tests.factories.core import CommitteeFactory, MemberFactory, SectorFactory, TermFactory


@pytest.mark.django_db
def test_it_refuses_a_member_whose_sector_is_in_another_committee():
    member = MemberFactory()
    foreign_sector = SectorFactory(committee=CommitteeFactory())
    member.sector = foreign_sector
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        member.save()


@pytest.mark.django_db
def test_it_refuses_a_member_whose_term_is_in_another_committee():
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        MemberFactory(term=TermFactory())


@pytest.mark.django_db
def test_it_refuses_a_sector_period_in_another_committee():
    member = MemberFactory()
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        SectorMembership.objects.create(
            member=member, sector=SectorFactory(), start_date=member.joined_on.replace(year=2023)
        )


@pytest.mark.django_db
def test_it_accepts_references_inside_one_committee():
    member = MemberFactory()
    SectorMembership.objects.filter(member=member).update(end_date=member.joined_on)
    SectorMembership.objects.create(
        member=member,
        sector=SectorFactory(committee=member.committee),
        start_date=member.joined_on.replace(year=2024),
    )
    assert member.sector_periods.count() == 2
