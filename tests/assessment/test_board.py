"""The board a sector convener or a liaison-group leader reads: each member's score, grade,
minimums, counts per duty kind, last duty, who has done nothing yet, and duties by month."""

import datetime
from decimal import Decimal

import pytest

from assessment import selectors
from meetings.models import AttendanceStatus, MeetingKind
from tests.factories.core import SectorFactory
from tests.factories.liaison import LiaisonGroupFactory, LiaisonGroupMembershipFactory
from tests.factories.meetings import member_of

from .engine_helpers import YEAR, activity, attend, meeting, proposal, report, score
from .test_engine_year import county_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def past_year(time_machine):
    time_machine.move_to(datetime.datetime(YEAR + 1, 1, 15, tzinfo=datetime.UTC))


def test_a_sector_board_shows_each_member_and_who_has_done_nothing(committee, staff):
    county_scheme(committee)
    sector = SectorFactory(committee=committee)
    busy, idle = member_of(committee, sector=sector), member_of(committee, sector=sector)
    outsider = member_of(committee)  # another sector
    plenary = meeting(committee, MeetingKind.PLENARY, day=datetime.date(YEAR, 1, 8))
    attend(busy, plenary)
    attend(idle, plenary, AttendanceStatus.ABSENT_WITHOUT_LEAVE)  # an absence is no duty
    activity(committee, busy, outsider, day=datetime.date(YEAR, 3, 5))
    activity(committee, busy, day=datetime.date(YEAR, 9, 1))
    proposal(staff, busy)  # submission + registered outcome: one proposal
    report(staff, busy, adopted=True)  # report + adoption: one report
    score(committee)

    rows = selectors.board(committee_id=committee.pk, year=YEAR, sector_id=sector.pk)

    assert [row.member_id for row in rows] == [busy.pk, idle.pk]
    first = rows[0]
    assert first.total == Decimal(30)  # plenary 10 + two activities 20
    assert first.counts["meeting_attendance"] == 1
    assert first.counts["contact_activity"] == 2
    assert first.counts["proposal"] == 1
    assert first.counts["social_report"] == 1
    assert first.minimums_unmet == 1  # two activities of three
    assert not first.nothing_yet
    assert rows[1].nothing_yet and rows[1].minimums_unmet == 2

    months = selectors.board_months(committee_id=committee.pk, year=YEAR, sector_id=sector.pk)
    assert months[0] == 1 and months[2] == 1 and months[8] == 1  # January, March, September
    assert sum(months) == 5  # plus the proposal and the report, in the month they were made


def test_a_group_board_and_its_query_count_do_not_grow_with_members(
    committee, django_assert_num_queries
):
    county_scheme(committee)
    group = LiaisonGroupFactory(committee=committee)

    def join():
        member = member_of(committee)
        LiaisonGroupMembershipFactory(
            group=group, member=member, start_date=datetime.date(YEAR, 1, 1)
        )
        activity(committee, member, day=datetime.date(YEAR, 6, 1))
        return member

    join()
    score(committee)
    with django_assert_num_queries(3):
        assert len(selectors.board(committee_id=committee.pk, year=YEAR, group_id=group.pk)) == 1
    for _ in range(6):
        join()
    score(committee)
    with django_assert_num_queries(3):
        rows = selectors.board(committee_id=committee.pk, year=YEAR, group_id=group.pk)
    assert len(rows) == 7 and all(row.counts["contact_activity"] == 1 for row in rows)
