"""The boards of a sector convener and of a liaison-group leader."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import DutyKind
from meetings.models import MeetingKind
from members.models import SectorMembership
from proposals.models import ProposalState
from tests.assessment.engine_helpers import YEAR, activity, attend, meeting, score
from tests.assessment.test_engine_year import county_scheme
from tests.factories.core import UserFactory
from tests.factories.liaison import (
    LeaderMembershipFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
)
from tests.factories.meetings import member_of
from tests.factories.members import SectorConvenerFactory
from tests.factories.proposals import ProposalFactory, proposal_in_state

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


# --- the members' table: filters, sorting, a fixed number of queries ----------------------


@pytest.fixture
def sector_board(committee, convener):
    """A scored sector: 李勤 met every minimum (优秀), 王中 did one activity, 张闲 nothing."""
    county_scheme(committee)
    busy = colleague(committee, convener.sector, "李勤")
    some = colleague(committee, convener.sector, "王中")
    colleague(committee, convener.sector, "张闲")
    attend(busy, meeting(committee, MeetingKind.PLENARY, day=datetime.date(YEAR, 3, 1)))
    for day in (1, 2, 3):
        activity(committee, busy, day=datetime.date(YEAR, 5, day))
    activity(committee, some, day=datetime.date(YEAR, 7, 1))
    score(committee)
    return reverse("portal:sector_board", kwargs={"sector_id": convener.sector_id, "year": YEAR})


def names_on(page):
    return [row.name for row in page.context["rows"]]


def test_the_convener_filters_the_table(client, convener, sector_board):
    client.force_login(convener.user)

    assert names_on(client.get(sector_board, {"q": "勤"})) == ["李勤"]
    assert names_on(client.get(sector_board, {"idle": "1"})) == sorted(["张闲", convener.name])
    unmet = names_on(client.get(sector_board, {"unmet": "1"}))
    assert "李勤" not in unmet and {"王中", "张闲"} <= set(unmet)
    assert names_on(client.get(sector_board, {"grade": "优秀"})) == ["李勤"]
    page = client.get(sector_board, {"q": "没有这个人"})
    assert "没有符合筛选条件的委员" in page.content.decode()


def test_the_convener_sorts_by_any_column(client, convener, sector_board):
    client.force_login(convener.user)

    by_score = names_on(client.get(sector_board, {"order": "score"}))
    assert by_score.index("李勤") < by_score.index("王中")
    worst_first = names_on(client.get(sector_board, {"order": "-score"}))
    assert worst_first.index("王中") < worst_first.index("李勤")
    by_contacts = names_on(client.get(sector_board, {"order": DutyKind.CONTACT_ACTIVITY}))
    assert by_contacts[:2] == ["李勤", "王中"]
    page = client.get(sector_board, {"order": "grade"})
    assert names_on(page)[0] == "李勤"
    html = page.content.decode()
    assert 'aria-sort="descending"' in html and "order=-grade" in html  # click again: reverse


def test_the_table_shows_each_members_figures_and_links_to_their_file(
    client, convener, sector_board
):
    client.force_login(convener.user)
    page = client.get(sector_board)
    html = page.content.decode()
    busy = next(row for row in page.context["rows"] if row.name == "李勤")
    assert busy.counts[DutyKind.CONTACT_ACTIVITY] == 3 and busy.minimums_unmet == 0
    file_url = reverse(
        "portal:sector_member",
        kwargs={"sector_id": convener.sector_id, "year": YEAR, "member_id": busy.member_id},
    )
    assert file_url in html
    assert "导出 Excel" in html


def table_names(page):
    return [row.name for row, _counts in page.context["table"]]


def test_the_table_is_paged_keeping_the_order_and_filters_with_the_whole_sectors_totals(
    client, convener, sector_board, monkeypatch
):
    monkeypatch.setattr("portal.board_views.PAGE_SIZE", 2)
    client.force_login(convener.user)
    everyone = sorted(["李勤", "王中", "张闲", convener.name])

    first = client.get(sector_board, {"order": "name"})
    html = first.content.decode()
    assert table_names(first) == everyone[:2]
    assert "第 1 页，共 2 页" in html
    assert "order=name&amp;page=2" in html  # the next page keeps the order
    assert "<strong>4</strong>" in html and "<strong>2</strong>" in html  # members, idle: all

    second = client.get(sector_board, {"order": "name", "page": "2"})
    html = second.content.decode()
    assert table_names(second) == everyone[2:]
    assert everyone[0] not in html.split('<table class="board">')[1].split("</table>")[0]
    assert "<strong>4</strong>" in html  # the sector's members, not the page's
    assert second.context["total_count"] == 4 and len(second.context["idle"]) == 2
    # Sorting or filtering again starts from the first page; the export takes every member.
    assert "order=-name" in html and "page=2&amp;order" not in html
    assert 'export.xlsx?order=name"' in html

    reversed_ = client.get(sector_board, {"order": "-name", "page": "2"})
    assert table_names(reversed_) == everyone[::-1][2:]
    # A page past the end (the filter left fewer members) shows the last one.
    filtered = client.get(sector_board, {"idle": "1", "order": "name", "page": "2"})
    assert table_names(filtered) == sorted(["张闲", convener.name])


QUERIES = 15
FILTERS = [
    {},
    {"q": "委员"},
    {"unmet": "1"},
    {"idle": "1"},
    {"grade": "称职"},
    {"grade": "-"},
    {"order": "name"},
    {"order": "-last"},
    {"order": DutyKind.CONTACT_ACTIVITY, "unmet": "1", "idle": "1", "q": "1"},
]


@pytest.mark.parametrize("size", [2, 10])
def test_the_board_costs_the_same_queries_for_2_and_10_members_whatever_the_filter(
    client, committee, size, django_assert_num_queries
):
    county_scheme(committee)
    group = LiaisonGroupFactory(committee=committee)
    leader = member_of(committee, user=UserFactory(committee=committee))
    LeaderMembershipFactory(group=group, member=leader, start_date=datetime.date(YEAR, 1, 1))
    for n in range(size):
        member = member_of(committee, name=f"委员{n}")
        LiaisonGroupMembershipFactory(
            group=group, member=member, start_date=datetime.date(YEAR, 1, 1)
        )
        if n % 2:
            activity(committee, member, day=datetime.date(YEAR, 6, 1))
        ProposalFactory(committee=committee, first_proposer=member)
    score(committee)
    client.force_login(leader.user)
    url = reverse("portal:group_board", kwargs={"group_id": group.pk, "year": YEAR})
    for query in FILTERS:
        with django_assert_num_queries(QUERIES):
            assert client.get(url, query).status_code == 200


# --- the proposals by state -----------------------------------------------------------------


def test_the_board_counts_the_sectors_proposals_by_state_without_drafts(
    client, committee, convener
):
    mine = colleague(committee, convener.sector, "李勤")
    proposal_in_state(ProposalState.SUBMITTED, committee=committee, first_proposer=mine)
    proposal_in_state(ProposalState.REGISTERED, committee=committee, first_proposer=mine)
    ProposalFactory(committee=committee, first_proposer=mine, title="尚未提交的草稿")
    proposal_in_state(ProposalState.REGISTERED, committee=committee)  # another sector's member
    client.force_login(convener.user)

    page = client.get(
        reverse("portal:sector_board", kwargs={"sector_id": convener.sector_id, "year": YEAR})
    )

    assert page.context["proposals"] == [("已提交", 1), ("已立案", 1)]
    html = page.content.decode()
    assert "尚未提交的草稿" not in html
    main = html.split('id="main"')[1].split("</main>")[0]
    assert "/proposals/" not in main  # counts only: nothing private to click


# --- the drill-down to a member's file ------------------------------------------------------


def test_the_convener_reads_a_members_file_without_dispute_forms(client, convener, sector_board):
    client.force_login(convener.user)
    busy = next(row for row in client.get(sector_board).context["rows"] if row.name == "李勤")
    url = reverse(
        "portal:sector_member",
        kwargs={"sector_id": convener.sector_id, "year": YEAR, "member_id": busy.member_id},
    )

    page = client.get(url)

    html = page.content.decode()
    assert page.status_code == 200
    assert "李勤" in html and "联系群众活动" in html and "出席全体会议" in html
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]  # read only
    assert "对本项提出异议" not in html


def test_a_member_of_another_sector_is_not_found_from_the_board(client, committee, convener):
    outsider = member_of(committee)
    client.force_login(convener.user)
    url = reverse(
        "portal:sector_member",
        kwargs={"sector_id": convener.sector_id, "year": YEAR, "member_id": outsider.pk},
    )
    assert client.get(url).status_code == 404


# --- reaching the boards --------------------------------------------------------------------


def test_the_menu_takes_a_convener_to_this_years_board(client, convener):
    client.force_login(convener.user)
    home = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:boards") in home and "履职看板" in home

    response = client.get(reverse("portal:boards"))

    assert response.url == reverse(
        "portal:sector_board", kwargs={"sector_id": convener.sector_id, "year": YEAR + 1}
    )


def test_an_ordinary_member_has_no_boards_link(client, committee):
    member = member_of(committee, user=UserFactory(committee=committee))
    client.force_login(member.user)
    assert reverse("portal:boards") not in client.get(reverse("portal:home")).content.decode()
