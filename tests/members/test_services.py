"""Member services: joining, moving sector, leaving, seats — and nothing half-saved on refusal."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from members import services
from members.models import Member, Position, SectorMembership, SpecialCommitteeMembership
from members.selectors import sector_on
from sectors.models import SectorConvener
from tests.factories.core import MemberFactory, SectorFactory, SpecialCommitteeFactory, UserFactory
from tests.factories.members import (
    PositionFactory,
    SectorConvenerFactory,
    SpecialCommitteeMembershipFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MOVE_DAY = datetime.date(2024, 3, 1)


def messages_of(caught) -> str:
    return " ".join(caught.value.messages)


def create(committee, term, sector, **extra):
    fields = {
        "committee": committee,
        "term": term,
        "sector": sector,
        "name": "张三",
        "gender": Member.Gender.MALE,
        "party": "cdl",
        "work_unit": "县第一中学",
        "joined_on": datetime.date(2022, 1, 10),
    }
    return services.member_create(**{**fields, **extra})


# --- joining ----------------------------------------------------------------------------------


def test_it_creates_a_member_with_their_first_sector_period(committee, term, sector):
    member = create(committee, term, sector, member_number="001")
    period = member.sector_periods.get()
    assert (period.sector, period.start_date, period.end_date) == (sector, member.joined_on, None)


def test_it_creates_nothing_when_the_sector_is_another_committees(committee, term):
    with pytest.raises(ValidationError) as caught:
        create(committee, term, SectorFactory())
    assert "The sector belongs to another committee." in messages_of(caught)
    assert Member.objects.count() == 0
    assert SectorMembership.objects.count() == 0


def test_it_refuses_a_duplicate_member_number_with_a_clear_message(committee, term, sector):
    create(committee, term, sector, member_number="001")
    with pytest.raises(ValidationError) as caught:
        create(committee, term, sector, member_number="001", name="李四")
    assert "Another member of this term already has this number." in messages_of(caught)
    assert Member.objects.count() == 1
    assert SectorMembership.objects.count() == 1


def test_it_refuses_a_user_account_of_another_committee(committee, term, sector):
    with pytest.raises(ValidationError) as caught:
        create(committee, term, sector, user=UserFactory())
    assert "The user account belongs to another committee." in messages_of(caught)
    assert Member.objects.count() == 0


def test_a_member_entered_after_leaving_gets_a_closed_period(committee, term, sector):
    member = create(
        committee, term, sector, status=Member.Status.RESIGNED, left_on=datetime.date(2023, 6, 1)
    )
    assert member.sector_periods.get().end_date == datetime.date(2023, 6, 1)


# --- moving sector ----------------------------------------------------------------------------


def test_a_move_keeps_the_old_sector_for_past_dates(member, sector, other_sector):
    services.member_move_sector(member=member, sector=other_sector, effective_date=MOVE_DAY)

    member.refresh_from_db()
    assert member.sector == other_sector
    assert sector_on(member, datetime.date(2023, 12, 31)) == sector
    assert sector_on(member, MOVE_DAY - datetime.timedelta(days=1)) == sector
    assert sector_on(member, MOVE_DAY) == other_sector
    assert sector_on(member, datetime.date(2021, 1, 1)) is None
    old, new = member.sector_periods.order_by("start_date")
    assert old.end_date == MOVE_DAY - datetime.timedelta(days=1)
    assert (new.start_date, new.end_date) == (MOVE_DAY, None)


def test_it_refuses_a_move_dated_before_the_current_period(member, sector, other_sector):
    services.member_move_sector(member=member, sector=other_sector, effective_date=MOVE_DAY)
    with pytest.raises(ValidationError) as caught:
        services.member_move_sector(
            member=member, sector=sector, effective_date=datetime.date(2023, 1, 1)
        )
    assert "before the current sector period, which started on 2024-03-01" in messages_of(caught)
    member.refresh_from_db()
    assert member.sector == other_sector
    assert member.sector_periods.count() == 2


def test_it_refuses_a_move_into_the_same_sector_or_another_committees(member, sector):
    with pytest.raises(ValidationError, match="already in this sector"):
        services.member_move_sector(member=member, sector=sector, effective_date=MOVE_DAY)
    with pytest.raises(ValidationError, match="belongs to another committee"):
        services.member_move_sector(member=member, sector=SectorFactory(), effective_date=MOVE_DAY)
    assert member.sector_periods.count() == 1


def test_a_move_on_the_first_day_of_a_period_corrects_it(member, sector, other_sector):
    services.member_move_sector(member=member, sector=other_sector, effective_date=member.joined_on)
    period = member.sector_periods.get()
    assert (period.sector, period.start_date) == (other_sector, member.joined_on)


def test_undoing_a_move_the_same_day_restores_the_previous_period(member, sector, other_sector):
    services.member_move_sector(member=member, sector=other_sector, effective_date=MOVE_DAY)
    services.member_move_sector(member=member, sector=sector, effective_date=MOVE_DAY)
    period = member.sector_periods.get()
    assert (period.sector, period.start_date, period.end_date) == (sector, member.joined_on, None)


def test_a_move_ends_the_members_convener_role_in_the_old_sector(member, other_sector):
    role = SectorConvenerFactory(member=member)
    services.member_move_sector(member=member, sector=other_sector, effective_date=MOVE_DAY)
    role.refresh_from_db()
    assert role.end_date == MOVE_DAY - datetime.timedelta(days=1)


# --- leaving ----------------------------------------------------------------------------------


def test_leaving_closes_every_open_period_on_the_leaving_date(member, sector):
    position = PositionFactory(member=member)
    place = SpecialCommitteeMembershipFactory(member=member)
    role = SectorConvenerFactory(member=member)
    left_on = datetime.date(2024, 6, 30)

    services.member_leave(
        member=member, status=Member.Status.RESIGNED, left_on=left_on, note="工作调动"
    )

    member.refresh_from_db()
    assert (member.status, member.left_on, member.status_note) == ("resigned", left_on, "工作调动")
    for record in (position, place, role, member.sector_periods.get()):
        record.refresh_from_db()
        assert record.end_date == left_on
    assert sector_on(member, left_on) == sector
    assert sector_on(member, left_on + datetime.timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("status", "left_on", "message"),
    [
        ("active", datetime.date(2024, 1, 1), "Choose resigned, replaced or removed."),
        ("resigned", datetime.date(2021, 1, 1), "cannot be before the joining date"),
    ],
)
def test_it_refuses_a_bad_departure(member, status, left_on, message):
    with pytest.raises(ValidationError) as caught:
        services.member_leave(member=member, status=status, left_on=left_on)
    assert message in messages_of(caught)
    member.refresh_from_db()
    assert member.status == "active"


def test_it_refuses_a_leaving_date_before_an_open_seat_began_and_changes_nothing(member):
    PositionFactory(member=member, start_date=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.member_leave(
            member=member, status=Member.Status.REMOVED, left_on=datetime.date(2023, 1, 1)
        )
    assert "before the start of an open position" in messages_of(caught)
    member.refresh_from_db()
    assert member.is_active
    assert SectorMembership.objects.filter(member=member, end_date__isnull=True).exists()
    assert Position.objects.filter(member=member, end_date__isnull=True).exists()


def test_a_member_who_left_cannot_leave_again_or_move(member, other_sector):
    services.member_leave(member=member, status="replaced", left_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="already left"):
        services.member_leave(member=member, status="removed", left_on=datetime.date(2024, 2, 1))
    with pytest.raises(ValidationError, match="cannot move to another sector"):
        services.member_move_sector(member=member, sector=other_sector, effective_date=MOVE_DAY)


# --- updating ---------------------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2024, 3, 1, 9, 0), tick=False)
def test_an_update_that_changes_the_sector_records_a_move_dated_today(member, sector, other_sector):
    services.member_update(member=member, data={"sector": other_sector, "title": "副校长"})
    member.refresh_from_db()
    assert (member.sector, member.title) == (other_sector, "副校长")
    assert sector_on(member, datetime.date(2024, 2, 29)) == sector
    assert sector_on(member, datetime.date(2024, 3, 1)) == other_sector


def test_an_update_that_sets_a_leaving_status_closes_the_periods(member):
    services.member_update(
        member=member, data={"status": "resigned", "left_on": datetime.date(2024, 5, 1)}
    )
    assert member.sector_periods.get().end_date == datetime.date(2024, 5, 1)


def test_an_update_is_all_or_nothing(member):
    with pytest.raises(ValidationError):
        services.member_update(
            member=member, data={"work_unit": "新单位", "sector": SectorFactory()}
        )
    member.refresh_from_db()
    assert member.work_unit == "县人民医院"


def test_the_departure_of_a_member_is_final(member):
    services.member_leave(member=member, status="resigned", left_on=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="are final"):
        services.member_update(member=member, data={"status": "active", "left_on": None})
    services.member_update(member=member, data={"status_note": "本人申请"})
    member.refresh_from_db()
    assert (member.status, member.status_note) == ("resigned", "本人申请")


def test_changing_the_joining_date_moves_the_start_of_the_first_period(member):
    services.member_update(member=member, data={"joined_on": datetime.date(2022, 3, 1)})
    assert member.sector_periods.get().start_date == datetime.date(2022, 3, 1)


def test_member_update_check_reports_without_writing(member):
    with pytest.raises(ValidationError, match="An active member has no leaving date"):
        services.member_update_check(member=member, data={"left_on": datetime.date(2024, 1, 1)})


# --- seats and commendations ------------------------------------------------------------------


def test_positions_are_assigned_and_ended(member):
    position = services.position_assign(
        member=member, kind=Position.Kind.STANDING_MEMBER, start_date=datetime.date(2022, 1, 10)
    )
    with pytest.raises(ValidationError, match="already holds this position"):
        services.position_assign(
            member=member, kind=Position.Kind.STANDING_MEMBER, start_date=MOVE_DAY
        )
    with pytest.raises(ValidationError, match="cannot be before the start date"):
        services.position_end(position=position, end_date=datetime.date(2021, 1, 1))
    services.position_end(position=position, end_date=MOVE_DAY)
    position.refresh_from_db()
    assert position.end_date == MOVE_DAY
    with pytest.raises(ValidationError, match="already ended"):
        services.position_end(position=position, end_date=MOVE_DAY)


def test_a_position_cannot_start_before_the_member_joined(member):
    with pytest.raises(ValidationError, match="cannot be before the member joined"):
        services.position_assign(
            member=member, kind=Position.Kind.VICE_CHAIR, start_date=datetime.date(2020, 1, 1)
        )
    assert not Position.objects.exists()


def test_special_committee_places_stay_inside_the_committee(member):
    with pytest.raises(ValidationError, match="belongs to another committee"):
        services.special_committee_membership_start(
            member=member, special_committee=SpecialCommitteeFactory(), start_date=MOVE_DAY
        )
    place = services.special_committee_membership_start(
        member=member,
        special_committee=SpecialCommitteeFactory(committee=member.committee),
        start_date=MOVE_DAY,
        role=SpecialCommitteeMembership.Role.DEPUTY_DIRECTOR,
    )
    services.special_committee_membership_end(membership=place, end_date=MOVE_DAY)
    place.refresh_from_db()
    assert place.end_date == MOVE_DAY


def test_commendations_are_validated(member):
    with pytest.raises(ValidationError):
        services.commendation_create(
            member=member, level="galactic", title="优秀委员", awarded_on=MOVE_DAY
        )
    commendation = services.commendation_create(
        member=member, level="county", title="优秀委员", awarded_on=MOVE_DAY
    )
    assert list(member.commendations.all()) == [commendation]


def test_a_member_who_left_takes_no_new_seat(member):
    services.member_leave(member=member, status="removed", left_on=datetime.date(2023, 1, 1))
    with pytest.raises(ValidationError, match="cannot take up a new role"):
        services.position_assign(
            member=member, kind=Position.Kind.STANDING_MEMBER, start_date=MOVE_DAY
        )


def test_factories_build_valid_rows():
    for record in (MemberFactory(), PositionFactory(), SectorConvenerFactory()):
        record.full_clean()
    assert SectorConvener.objects.count() == 1
