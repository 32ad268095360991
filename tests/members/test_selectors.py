"""Reading what was true of members on a date, set-based, and who may see which members."""

import datetime

import pytest

from committees.models import Committee
from members import selectors, services
from members.models import Member
from tests.factories.core import CommitteeFactory, MemberFactory, StaffUserFactory, UserFactory
from tests.factories.members import PositionFactory

pytestmark = pytest.mark.django_db

MOVE_DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def moved(member, other_sector):
    services.member_move_sector(member=member, sector=other_sector, effective_date=MOVE_DAY)
    return member


def test_it_annotates_each_member_with_the_sector_of_a_date_in_one_query(
    moved, sector, other_sector, committee, term, django_assert_num_queries
):
    stayed = MemberFactory(committee=committee, term=term, sector=sector)
    queryset = Member.objects.filter(pk__in=[moved.pk, stayed.pk]).order_by("pk")

    with django_assert_num_queries(1):
        before = list(selectors.with_sector_on(queryset, datetime.date(2023, 6, 1)))
    with django_assert_num_queries(1):
        after = list(selectors.with_sector_on(queryset, MOVE_DAY, name="sector_then"))

    assert [m.sector_on_id for m in before] == [sector.pk, sector.pk]
    assert [m.sector_then for m in after] == [other_sector.pk, sector.pk]


def test_before_joining_a_member_has_no_sector(moved):
    annotated = selectors.with_sector_on(Member.objects.all(), datetime.date(2000, 1, 1)).get()
    assert annotated.sector_on_id is None


def test_it_lists_a_sectors_members_as_they_were_on_a_date(moved, sector, other_sector):
    assert list(selectors.members_in_sector_on(sector, datetime.date(2023, 6, 1))) == [moved]
    assert list(selectors.members_in_sector_on(sector, MOVE_DAY)) == []
    assert list(selectors.members_in_sector_on(other_sector, MOVE_DAY)) == [moved]


def test_it_knows_who_sat_on_the_standing_committee_on_a_date(member, django_assert_num_queries):
    PositionFactory(
        member=member, start_date=datetime.date(2022, 1, 10), end_date=datetime.date(2023, 12, 31)
    )
    assert selectors.is_standing_committee_on(member, datetime.date(2023, 12, 31))
    assert not selectors.is_standing_committee_on(member, datetime.date(2024, 1, 1))
    with django_assert_num_queries(1):
        flags = [
            m.is_standing_committee
            for m in selectors.with_standing_committee_on(Member.objects.all(), MOVE_DAY)
        ]
    assert flags == [False]


def test_it_lists_members_active_on_a_date(member):
    services.member_leave(member=member, status="resigned", left_on=datetime.date(2023, 6, 30))
    assert list(selectors.active_on(Member.objects.all(), datetime.date(2023, 6, 30))) == [member]
    assert list(selectors.active_on(Member.objects.all(), datetime.date(2023, 7, 1))) == []
    assert list(selectors.active_on(Member.objects.all(), datetime.date(2021, 7, 1))) == []


def test_staff_see_their_committee_and_those_below_only(committee):
    committee.level = Committee.Level.MUNICIPAL
    committee.save()
    county = CommitteeFactory(parent=committee)
    own, below, elsewhere = (
        MemberFactory(committee=committee),
        MemberFactory(committee=county),
        MemberFactory(),
    )
    staff = StaffUserFactory(committee=committee)
    county_staff = StaffUserFactory(committee=county)

    assert set(selectors.members_for_user(staff)) == {own, below}
    assert set(selectors.members_for_user(county_staff)) == {below}
    assert list(selectors.members_for_user(UserFactory())) == []
    assert elsewhere not in selectors.members_for_user(staff)
