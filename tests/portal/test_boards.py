"""The boards of a sector convener and of a liaison-group leader."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import SectorMembership
from tests.assessment.engine_helpers import YEAR, activity, score
from tests.assessment.test_engine_year import county_scheme
from tests.factories.core import UserFactory
from tests.factories.liaison import (
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
)
from tests.factories.meetings import member_of
from tests.factories.members import SectorConvenerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def next_january(time_machine):
    time_machine.move_to(datetime.datetime(YEAR + 1, 1, 10, tzinfo=datetime.UTC))


@pytest.fixture
def convener(committee):
    member = member_of(committee, user=UserFactory(committee=committee))
    SectorConvenerFactory(member=member, sector=member.sector, start_date=member.joined_on)
    return member


def colleague(committee, sector, name):
    member = member_of(committee, sector=sector, name=name)
    SectorMembership.objects.filter(member=member).update(sector=sector)
    return member


def test_a_convener_sees_their_sector_and_who_has_done_nothing(client, committee, convener):
    county_scheme(committee)
    busy = colleague(committee, convener.sector, "李勤")
    colleague(committee, convener.sector, "张闲")
    activity(committee, busy, day=datetime.date(YEAR, 5, 1))
    score(committee)
    client.force_login(convener.user)

    page = client.get(
        reverse("portal:sector_board", kwargs={"sector_id": convener.sector_id, "year": YEAR})
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "李勤" in html and "张闲" in html
    assert "尚无履职记录" in html  # the heading of who has done nothing yet
    assert "chart.umd.min.js" in html and "//" not in html.split("chart.umd.min.js")[0][-60:]

    colleague(committee, convener.sector, "王停")  # a second member with nothing yet
    by_last = client.get(
        reverse("portal:sector_board", kwargs={"sector_id": convener.sector_id, "year": YEAR}),
        {"order": "last"},
    )
    names = [row.name for row in by_last.context["rows"]]
    assert names.index("李勤") == len(names) - 1  # the only one with a duty comes last


def test_another_sector_does_not_exist_for_a_convener(client, committee, convener):
    other = member_of(committee)
    client.force_login(convener.user)
    url = reverse("portal:sector_board", kwargs={"sector_id": other.sector_id, "year": YEAR})
    assert client.get(url).status_code == 404


def test_a_leader_sees_their_group_with_a_query_count_that_does_not_grow(client, committee):
    county_scheme(committee)
    group = LiaisonGroupFactory(committee=committee)
    leader = member_of(committee, user=UserFactory(committee=committee))
    LeaderMembershipFactory(group=group, member=leader, start_date=datetime.date(YEAR, 1, 1))

    def join(n):
        for _ in range(n):
            member = member_of(committee)
            LiaisonGroupMembershipFactory(
                group=group, member=member, start_date=datetime.date(YEAR, 1, 1)
            )
            activity(committee, member, day=datetime.date(YEAR, 6, 1))
        score(committee)

    client.force_login(leader.user)
    url = reverse("portal:group_board", kwargs={"group_id": group.pk, "year": YEAR})
    join(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    join(8)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
