"""The member's "My duties" page: this year's own records with their states, and the way to
each form."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import MeetingKind
from tests.factories.core import UserFactory
from tests.factories.liaison import ContactActivityFactory
from tests.factories.meetings import (
    AttendanceFactory,
    LeaveRequestFactory,
    MeetingFactory,
    ResearchReportAuthorFactory,
    ResearchReportFactory,
    StudyNoteFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
URL = reverse("portal:duties")


@pytest.fixture
def member(committee):
    return member_of(committee, user=UserFactory(committee=committee), name="孙丽")


@pytest.fixture
def signed_in(client, member):
    client.force_login(member.user)
    return client


def one_of_each(member, n):
    today = timezone.localdate()
    committee = member.committee
    ContactActivityFactory(
        committee=committee, participants=[member], date=today, title=f"走访{n}", verified=True
    )
    ahead = today + datetime.timedelta(days=n % 5)
    meeting = MeetingFactory(committee=committee, start_date=ahead, end_date=ahead)
    AttendanceFactory(meeting=meeting, member=member)
    LeaveRequestFactory(meeting=meeting, member=member)
    trip = MeetingFactory(
        committee=committee, kind=MeetingKind.RESEARCH, start_date=today, end_date=today
    )
    AttendanceFactory(meeting=trip, member=member)
    report = ResearchReportFactory(meeting=trip, committee=committee, written_on=today)
    ResearchReportAuthorFactory(report=report, member=member, is_lead=True)
    training = MeetingFactory(
        committee=committee, kind=MeetingKind.TRAINING, start_date=today, end_date=today
    )
    AttendanceFactory(meeting=training, member=member)
    StudyNoteFactory(member=member, meeting=training, written_on=today)


def test_it_lists_this_years_records_with_their_states(signed_in, member):
    one_of_each(member, 1)
    html = signed_in.get(URL).content.decode()
    assert "走访1" in html and "已审核" in html
    assert "待审批" in html and "撤回" in html  # the pending leave request can be withdrawn
    assert "调研报告" in html and "学习心得" in html


def test_each_form_is_reachable_from_the_page_and_the_nav(signed_in, member):
    one_of_each(member, 1)
    html = signed_in.get(URL).content.decode()
    for name in ("activities:create", "my_meetings:note_create", "activities:list"):
        assert reverse(name) in html
    assert "/leave/" in html and "/report/" in html
    home = signed_in.get(reverse("portal:home")).content.decode()
    assert URL in home  # in the nav (and on the home page)
    invitation = member.attendances.filter(meeting__kind=MeetingKind.STANDING_COMMITTEE).get()
    # Each meeting ahead on the home page offers to ask for leave.
    assert reverse("my_meetings:leave", kwargs={"meeting_id": invitation.meeting_id}) in home


def test_it_shows_none_of_another_members_records(signed_in, committee):
    other = member_of(committee)
    ContactActivityFactory(committee=committee, participants=[other], title="别人的走访")
    assert "别人的走访" not in signed_in.get(URL).content.decode()


def test_it_takes_the_same_queries_with_more_rows(signed_in, member, django_assert_num_queries):
    for n in range(2):
        one_of_each(member, n)
    signed_in.get(URL)
    with CaptureQueriesContext(connection) as two:
        signed_in.get(URL)
    for n in range(2, 10):
        one_of_each(member, n)
    with django_assert_num_queries(len(two)):
        response = signed_in.get(URL)
    html = response.content.decode()
    assert all(f"走访{n}" in html for n in range(10))


def test_the_nav_offers_my_duties_to_members_only(client, staff):
    client.force_login(staff)
    assert URL not in client.get(reverse("portal:home")).content.decode()
