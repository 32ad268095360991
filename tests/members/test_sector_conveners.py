"""Sector conveners are members of the sector they convene."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from members import services as member_services
from sectors import services
from sectors.models import Sector
from tests.factories.core import CommitteeFactory, MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_it_appoints_a_member_of_the_sector(member, sector):
    convener = services.sector_convener_appoint(
        sector=sector, member=member, start_date=datetime.date(2023, 1, 1)
    )
    assert list(sector.conveners.all()) == [convener]


def test_it_refuses_a_convener_who_was_not_in_the_sector_then(member, sector, other_sector):
    member_services.member_move_sector(
        member=member, sector=other_sector, effective_date=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError, match="was not in the sector"):
        services.sector_convener_appoint(
            sector=other_sector, member=member, start_date=datetime.date(2023, 6, 1)
        )
    with pytest.raises(ValidationError, match="was not in the sector"):
        services.sector_convener_appoint(
            sector=sector, member=member, start_date=datetime.date(2024, 6, 1)
        )
    assert not sector.conveners.exists() and not other_sector.conveners.exists()


def test_it_refuses_a_convener_from_another_committee_or_who_left(member, sector):
    with pytest.raises(ValidationError, match="another committee"):
        services.sector_convener_appoint(
            sector=sector, member=MemberFactory(), start_date=datetime.date(2023, 1, 1)
        )
    member_services.member_leave(
        member=member, status="resigned", left_on=datetime.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError, match="has left"):
        services.sector_convener_appoint(
            sector=sector, member=member, start_date=datetime.date(2022, 6, 1)
        )


def test_it_ends_a_convener_role_once(member, sector):
    convener = services.sector_convener_appoint(
        sector=sector, member=member, start_date=datetime.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError, match="cannot be before the start date"):
        services.sector_convener_end(convener=convener, end_date=datetime.date(2022, 1, 1))
    services.sector_convener_end(convener=convener, end_date=datetime.date(2023, 12, 31))
    with pytest.raises(ValidationError, match="already ended"):
        services.sector_convener_end(convener=convener, end_date=datetime.date(2024, 1, 1))


def test_sector_create_refuses_a_duplicate_name(committee, sector):
    with pytest.raises(ValidationError, match="already has a sector with this name"):
        services.sector_create(committee=committee, name=sector.name)
    services.sector_create(committee=CommitteeFactory(), name=sector.name)
    assert Sector.objects.filter(name=sector.name).count() == 2
