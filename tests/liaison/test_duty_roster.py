"""The on-duty roster: one member a day at a contact point, never at two points at once."""

import datetime

import pytest

from liaison import selectors, services
from liaison.models import OnDutyShift
from tests.factories.liaison import (
    ContactPointFactory,
    LiaisonGroupMembershipFactory,
    MemberFactory,
    OnDutyShiftFactory,
)
from tests.liaison.helpers import refused_by_db, refused_with

D = datetime.date
pytestmark = pytest.mark.django_db
MONDAY = D(2024, 5, 6)


def test_it_refuses_two_members_at_one_point_on_one_day(point, make_member):
    OnDutyShiftFactory(contact_point=point, member=make_member(), date=MONDAY)
    with refused_by_db(
        "on_duty_one_member_per_point_and_day",
        "liaison_ondutyshift.contact_point_id",
        "liaison_ondutyshift.date",
    ):
        OnDutyShiftFactory(contact_point=point, member=make_member(), date=MONDAY)


def test_it_refuses_one_member_at_two_points_on_one_day(point, committee, make_member):
    member = make_member()
    OnDutyShiftFactory(contact_point=point, member=member, date=MONDAY)
    with refused_by_db(
        "on_duty_one_point_per_member_and_day",
        "liaison_ondutyshift.member_id",
        "liaison_ondutyshift.date",
    ):
        OnDutyShiftFactory(
            contact_point=ContactPointFactory(committee=committee), member=member, date=MONDAY
        )


def test_it_refuses_a_member_of_another_committee_on_duty(point):
    with refused_by_db("cross_committee_reference"):
        OnDutyShiftFactory(contact_point=point, member=MemberFactory(), date=MONDAY)


def test_assigning_explains_a_clash(point, committee, make_member):
    member = make_member()
    services.duty_shift_assign(contact_point=point, member=member, date=MONDAY)
    elsewhere = ContactPointFactory(committee=committee)
    with refused_with("This member is already on duty at another point that day."):
        services.duty_shift_assign(contact_point=elsewhere, member=member, date=MONDAY)
    with refused_with("Someone is already on duty at this point that day."):
        services.duty_shift_assign(contact_point=point, member=make_member(), date=MONDAY)
    assert OnDutyShift.objects.count() == 1


def test_assigning_explains_a_member_of_another_committee(point):
    outsider = MemberFactory()
    with refused_with(f"{outsider} is a member of another committee."):
        services.duty_shift_assign(contact_point=point, member=outsider, date=MONDAY)


def roster(point):
    return [
        (shift.date, shift.member.name)
        for shift in point.duty_shifts.select_related("member").order_by("date")
    ]


def test_it_rotates_members_over_working_days(point, make_member):
    a, b = make_member(name="甲"), make_member(name="乙")
    result = services.duty_roster_generate(
        contact_point=point,
        start_date=MONDAY,
        end_date=MONDAY + datetime.timedelta(days=7),
        members=[a, b],
        skip_dates=[D(2024, 5, 8)],
    )
    assert result.unfilled == []
    assert roster(point) == [
        (D(2024, 5, 6), "甲"),
        (D(2024, 5, 7), "乙"),
        (D(2024, 5, 9), "甲"),
        (D(2024, 5, 10), "乙"),
        (D(2024, 5, 13), "甲"),
    ]


def test_it_keeps_planned_days_and_carries_the_rotation_on(point, make_member):
    a, b, c = make_member(name="甲"), make_member(name="乙"), make_member(name="丙")
    OnDutyShiftFactory(contact_point=point, member=b, date=D(2024, 5, 3))  # last Friday
    OnDutyShiftFactory(contact_point=point, member=a, date=D(2024, 5, 7), note="调班")
    services.duty_roster_generate(
        contact_point=point, start_date=MONDAY, end_date=D(2024, 5, 9), members=[a, b, c]
    )
    assert roster(point) == [
        (D(2024, 5, 3), "乙"),
        (D(2024, 5, 6), "丙"),
        (D(2024, 5, 7), "甲"),
        (D(2024, 5, 8), "甲"),
        (D(2024, 5, 9), "乙"),
    ]


def test_it_passes_over_a_member_on_duty_elsewhere_and_reports_days_nobody_could_take(
    point, committee, make_member
):
    a = make_member(name="甲")
    OnDutyShiftFactory(
        contact_point=ContactPointFactory(committee=committee), member=a, date=D(2024, 5, 7)
    )
    result = services.duty_roster_generate(
        contact_point=point, start_date=MONDAY, end_date=D(2024, 5, 8), members=[a]
    )
    assert result.unfilled == [D(2024, 5, 7)]
    assert roster(point) == [(D(2024, 5, 6), "甲"), (D(2024, 5, 8), "甲")]


def test_by_default_it_rotates_the_points_liaison_group(committee, group, make_member):
    point = ContactPointFactory(committee=committee, liaison_group=group)
    member = make_member(name="甲")
    LiaisonGroupMembershipFactory(group=group, member=member, start_date=D(2022, 1, 10))
    LiaisonGroupMembershipFactory(
        group=group, member=make_member(), start_date=D(2022, 1, 10), end_date=D(2023, 1, 1)
    )
    services.duty_roster_generate(contact_point=point, start_date=MONDAY, end_date=D(2024, 5, 7))
    assert roster(point) == [(D(2024, 5, 6), "甲"), (D(2024, 5, 7), "甲")]


def test_without_members_or_a_group_it_asks_for_them(point):
    with refused_with(
        "Choose the members to rotate, or link the contact point to a liaison group."
    ):
        services.duty_roster_generate(contact_point=point, start_date=MONDAY, end_date=MONDAY)


def test_it_refuses_a_period_ending_before_it_starts(point, make_member):
    with refused_with("The end date cannot be before the start date."):
        services.duty_roster_generate(
            contact_point=point,
            start_date=MONDAY,
            end_date=MONDAY - datetime.timedelta(days=1),
            members=[make_member()],
        )


def test_it_refuses_rotating_a_member_of_another_committee_and_plans_nothing(point, make_member):
    outsider = MemberFactory()
    with refused_with(f"{outsider} is a member of another committee."):
        services.duty_roster_generate(
            contact_point=point,
            start_date=MONDAY,
            end_date=D(2024, 5, 10),
            members=[make_member(), outsider],
        )
    assert not OnDutyShift.objects.exists()


def test_it_lists_who_is_on_duty_on_a_day(point, committee, make_member):
    shift = OnDutyShiftFactory(contact_point=point, member=make_member(), date=MONDAY)
    OnDutyShiftFactory(contact_point=point, member=make_member(), date=D(2024, 5, 7))
    OnDutyShiftFactory(date=MONDAY)  # another committee
    assert list(selectors.duty_shifts_on(committee, MONDAY)) == [shift]
