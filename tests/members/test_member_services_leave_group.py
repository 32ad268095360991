"""A member who leaves the committee also leaves their liaison group, so group lists stay true."""

import datetime

import pytest

from liaison import services as liaison_services
from liaison.selectors import group_on
from members import services
from tests.factories.core import MemberFactory
from tests.factories.liaison import LiaisonGroupFactory


@pytest.mark.django_db
def test_it_ends_the_liaison_group_membership_on_the_leaving_day():
    member = MemberFactory()
    group = LiaisonGroupFactory(committee=member.committee)
    liaison_services.group_add_member(group=group, member=member, start_date=member.joined_on)
    left_on = datetime.date(2025, 6, 30)

    services.member_leave(member=member, status="resigned", left_on=left_on, note="工作调动")

    assert group_on(member, left_on) == group  # still counted for duties done up to that day
    assert group_on(member, left_on + datetime.timedelta(days=1)) is None
    assert not group.memberships.filter(end_date__isnull=True).exists()
