"""Reminders for liaison groups' plans and reports, and for tomorrow's member on duty."""

import datetime

import pytest

from notifications.models import Notification, Reason
from notifications.reminders import reminder_run
from tests.factories.liaison import (
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
    OnDutyShiftFactory,
    WorkPlanFactory,
    YearEndReportFactory,
)

from .conftest import member_with_login

pytestmark = pytest.mark.django_db


def led_group(committee, leader):
    group = LiaisonGroupFactory(committee=committee)
    LeaderMembershipFactory(group=group, member=leader)
    LiaisonGroupMembershipFactory(group=group, member=member_with_login(committee))
    return group


def test_a_group_without_its_work_plan_hears_from_february_once_a_month(committee, member):
    group = led_group(committee, member)
    done = led_group(committee, member_with_login(committee))
    WorkPlanFactory(group=done, year=2024, submitted=True)
    WorkPlanFactory(group=group, year=2024)  # a draft does not count

    assert reminder_run(reason=Reason.WORK_PLAN_MISSING, today=datetime.date(2024, 1, 20)) == 0
    assert reminder_run(reason=Reason.WORK_PLAN_MISSING, today=datetime.date(2024, 2, 1)) == 1
    assert reminder_run(reason=Reason.WORK_PLAN_MISSING, today=datetime.date(2024, 2, 15)) == 0
    assert reminder_run(reason=Reason.WORK_PLAN_MISSING, today=datetime.date(2024, 3, 1)) == 1
    # Only the leader is reminded, not the group's ordinary members.
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {member.user_id}


def test_a_group_without_its_year_end_report_hears_in_december_and_january(committee, member):
    group = led_group(committee, member)
    YearEndReportFactory(group=group, year=2023, submitted=True)
    assert (
        reminder_run(reason=Reason.YEAR_END_REPORT_MISSING, today=datetime.date(2024, 11, 30)) == 0
    )
    assert (
        reminder_run(reason=Reason.YEAR_END_REPORT_MISSING, today=datetime.date(2024, 12, 1)) == 1
    )
    assert (
        reminder_run(reason=Reason.YEAR_END_REPORT_MISSING, today=datetime.date(2024, 12, 20)) == 0
    )
    assert reminder_run(reason=Reason.YEAR_END_REPORT_MISSING, today=datetime.date(2025, 1, 5)) == 1
    YearEndReportFactory(group=group, year=2024, submitted=True)
    assert reminder_run(reason=Reason.YEAR_END_REPORT_MISSING, today=datetime.date(2025, 1, 6)) == 0
    # Last January, 2023's report was in.
    assert reminder_run(reason=Reason.YEAR_END_REPORT_MISSING, today=datetime.date(2024, 1, 6)) == 0


def test_tomorrows_member_on_duty_is_reminded(committee, member, django_assert_max_num_queries):
    shift = OnDutyShiftFactory(
        contact_point__committee=committee, member=member, date=datetime.date(2024, 6, 4)
    )
    OnDutyShiftFactory(
        contact_point=shift.contact_point,
        member=member_with_login(committee),
        date=datetime.date(2024, 6, 5),
    )
    with django_assert_max_num_queries(6):
        assert reminder_run(reason=Reason.ON_DUTY_TOMORROW, today=datetime.date(2024, 6, 3)) == 1
    notification = Notification.objects.get()
    assert notification.recipient == member.user
    assert shift.contact_point.name in notification.title
