"""The signed-in home page: what this person has to do now, block by block for their roles."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from proposals.models import HandlingUnitUser, ProposalCoSigner
from tests.factories.core import UserFactory
from tests.factories.meetings import (
    AttendanceFactory,
    DecidedLeaveRequestFactory,
    LeaveRequestFactory,
    MeetingFactory,
)
from tests.factories.notifications import NotificationFactory
from tests.factories.proposals import (
    HandlingUnitFactory,
    ProposalAssignmentFactory,
    ProposalCoSignerFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
TODAY = datetime.date(2024, 3, 10)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(datetime.datetime(2024, 3, 10, 9, 0), tick=False):
        yield


def _page(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def _fill(user, member, unit, committee, n):
    """``n`` rows of every kind of task for this person, plus rows that are not theirs."""
    for i in range(n):
        NotificationFactory(committee=committee, recipient=user, title=f"通知{i}")
        ProposalCoSignerFactory(
            proposal__committee=committee, member=member, proposal__title=f"联名提案{i}"
        )
        AttendanceFactory(
            meeting=MeetingFactory(
                committee=committee, title=f"近期会议{i}", start_date=TODAY + datetime.timedelta(3)
            ),
            member=member,
        )
        LeaveRequestFactory(meeting__committee=committee, member=member_of(committee))
        ProposalAssignmentFactory(proposal__committee=committee, unit=unit)


def test_a_member_sees_their_invitations_and_meetings_only(client, committee):
    user = UserFactory(committee=committee)
    member = member_of(committee, user=user)
    other = member_of(committee)
    ProposalCoSignerFactory(
        proposal__committee=committee, member=member, proposal__title="养老提案"
    )
    ProposalCoSignerFactory(
        proposal__committee=committee,
        member=member,
        proposal__title="已确认提案",
        status=ProposalCoSigner.Status.CONFIRMED,
        responded_at=timezone.now(),
    )
    ProposalCoSignerFactory(proposal__committee=committee, member=other, proposal__title="别人提案")
    AttendanceFactory(meeting__committee=committee, meeting__title="三月常委会", member=member)
    AttendanceFactory(
        meeting__committee=committee,
        meeting__title="五月常委会",
        meeting__start_date=datetime.date(2024, 5, 1),
        member=member,
    )
    AttendanceFactory(
        meeting__committee=committee,
        meeting__title="上月会议",
        meeting__start_date=TODAY - datetime.timedelta(days=1),
        member=member,
    )
    NotificationFactory(committee=committee, recipient=user, title="请提交年度履职报告")
    NotificationFactory(committee=committee, title="别人的通知")

    html = _page(client, user)
    assert "养老提案" in html and "三月常委会" in html and "请提交年度履职报告" in html
    for absent in ("已确认提案", "别人提案", "五月常委会", "上月会议", "别人的通知"):
        assert absent not in html
    assert 'id="block-leave"' not in html and 'id="block-assignments"' not in html


def test_only_the_latest_five_unread_notifications_show(client, committee):
    user = UserFactory(committee=committee)
    for i in range(7):
        NotificationFactory(committee=committee, recipient=user, title=f"第{i}条通知")
    html = _page(client, user)
    assert html.count("条通知") == 5


def test_a_handling_unit_sees_its_open_assignments_by_deadline(client, committee):
    unit = HandlingUnitFactory(committee=committee)
    user = UserFactory(committee=committee)
    HandlingUnitUser.objects.create(unit=unit, user=user)
    late = ProposalAssignmentFactory(
        proposal__committee=committee,
        proposal__title="早到期提案",
        unit=unit,
        assigned_on=datetime.date(2023, 12, 1),
        deadline=datetime.date(2024, 3, 1),
    )
    ProposalAssignmentFactory(
        proposal__committee=committee, proposal__title="晚到期提案", unit=unit
    )
    ProposalAssignmentFactory(proposal__committee=committee, proposal__title="别的单位提案")
    html = _page(client, user)
    assert html.index("早到期提案") < html.index("晚到期提案")
    assert "别的单位提案" not in html
    assert 'class="overdue"' in html and late.deadline.strftime("%Y年%-m月%-d日") in html
    assert 'id="block-cosign"' not in html and 'id="block-leave"' not in html


def test_staff_see_their_committees_pending_leave_requests(
    client, committee, other_committee, staff
):
    LeaveRequestFactory(meeting__committee=committee, member=member_of(committee, name="李委员"))
    DecidedLeaveRequestFactory(
        meeting__committee=committee, member=member_of(committee, name="王委员")
    )
    LeaveRequestFactory(
        meeting__committee=other_committee, member=member_of(other_committee, name="外委员")
    )
    html = _page(client, staff)
    assert "李委员" in html
    assert "王委员" not in html and "外委员" not in html
    assert 'id="block-cosign"' not in html and 'id="block-meetings"' not in html


def test_the_page_costs_the_same_queries_for_many_rows_as_for_few(
    client, committee, django_assert_max_num_queries
):
    def person():
        user = UserFactory(committee=committee, is_staff=True)
        member = member_of(committee, user=user)
        unit = HandlingUnitFactory(committee=committee)
        HandlingUnitUser.objects.create(unit=unit, user=user)
        return user, member, unit

    few_user, few_member, few_unit = person()
    _fill(few_user, few_member, few_unit, committee, 1)
    client.force_login(few_user)
    with django_assert_max_num_queries(20) as few:
        assert client.get(HOME).status_code == 200

    many_user, many_member, many_unit = person()
    _fill(many_user, many_member, many_unit, committee, 12)
    client.force_login(many_user)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        html = client.get(HOME).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "近期会议11" in html and "联名提案11" in html


def test_anonymous_visitors_are_sent_to_sign_in_and_the_landing_page_links_there(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{reverse('portal:login')}?next={HOME}"
    landing = client.get(reverse("home")).content.decode()
    assert reverse("portal:login") in landing
