"""Meetings, invitations/attendance and leave requests through the API."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from meetings.models import Attendance, AttendanceStatus, LeaveRequest, Meeting, MeetingKind
from members.models import Member
from tests.api.helpers_meetings import assert_chinese, client_for, ids, queries_for
from tests.api.matrix import ROLES
from tests.factories.meetings import (
    AttendanceFactory,
    LeaveRequestFactory,
    MeetingFactory,
    member_of,
)

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v1/meetings/"
ATTENDANCES = "/api/v1/attendances/"
LEAVE = "/api/v1/leave-requests/"


def me(user) -> Member:
    return Member.objects.get(user=user)


def future(days=7) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# --- meetings ---------------------------------------------------------------------------------


def test_every_role_may_list_meetings_and_sees_only_its_part(people, committee, other_committee):
    invited = AttendanceFactory(
        meeting=MeetingFactory(committee=committee), member=me(people.member)
    )
    not_invited = MeetingFactory(committee=committee)
    MeetingFactory(committee=other_committee)
    seen = {}
    for role in ROLES:
        user = None if role == "anonymous" else getattr(people, role)
        response = client_for(user).get(MEETINGS)
        seen[role] = response.status_code if role == "anonymous" else set(ids(response))
    assert seen["anonymous"] == 401
    assert seen["member"] == {invited.meeting_id}
    assert seen["other_member"] == set() and seen["unit_user"] == set()
    assert seen["staff"] == {invited.meeting_id, not_invited.pk}
    assert seen["other_staff"] == set(
        Meeting.objects.filter(committee=other_committee).values_list("pk", flat=True)
    )


def test_meeting_filters_search_ordering_and_pagination(people, committee):
    plenary = MeetingFactory(
        committee=committee,
        kind=MeetingKind.PLENARY,
        title="第十二届第三次全体会议",
        start_date=datetime.date(2024, 1, 8),
    )
    consultation = MeetingFactory(
        committee=committee,
        kind=MeetingKind.SPECIAL_CONSULTATION,
        title="营商环境专题协商",
        start_date=datetime.date(2025, 6, 3),
    )
    AttendanceFactory(meeting=consultation, member=me(people.member))
    client = client_for(people.staff)
    assert ids(client.get(MEETINGS, {"year": 2024})) == [plenary.pk]
    assert ids(client.get(MEETINGS, {"kind": "special_consultation"})) == [consultation.pk]
    assert ids(client.get(MEETINGS, {"date_from": "2025-01-01"})) == [consultation.pk]
    assert ids(client.get(MEETINGS, {"date_to": "2024-12-31"})) == [plenary.pk]
    assert ids(client.get(MEETINGS, {"member": me(people.member).pk})) == [consultation.pk]
    assert ids(client.get(MEETINGS, {"committee": committee.pk, "search": "营商"})) == [
        consultation.pk
    ]
    assert ids(client.get(MEETINGS, {"ordering": "start_date"})) == [plenary.pk, consultation.pk]
    assert ids(client.get(MEETINGS, {"ordering": "-start_date"})) == [consultation.pk, plenary.pk]
    page = client.get(MEETINGS, {"page_size": 1, "ordering": "start_date"}).json()
    assert page["count"] == 2 and [r["id"] for r in page["results"]] == [plenary.pk]
    assert page["next"]


def test_meeting_list_queries_do_not_grow_with_rows(people, committee, django_assert_num_queries):
    MeetingFactory.create_batch(2, committee=committee)
    client = client_for(people.staff)
    count = queries_for(client, MEETINGS)
    MeetingFactory.create_batch(8, committee=committee)
    with django_assert_num_queries(count):
        assert len(ids(client.get(MEETINGS))) == 10


def test_staff_create_a_meeting_and_bad_data_is_refused_in_chinese(people, committee):
    client = client_for(people.staff)
    good = {
        "committee": committee.pk,
        "kind": "plenary",
        "title": "第十二届第四次全体会议",
        "start_date": "2026-01-10",
        "end_date": "2026-01-12",
        "half_days": 5,
    }
    response = client.post(MEETINGS, good, format="json")
    assert response.status_code == 201, response.content
    assert Meeting.objects.get(pk=response.json()["id"]).title == "第十二届第四次全体会议"

    bad = {**good, "title": "", "end_date": "2026-01-01"}
    response = client.post(MEETINGS, bad, format="json")
    assert response.status_code == 400
    assert_chinese(response.json()["title"])
    response = client.post(
        MEETINGS, {**good, "title": "日期颠倒", "end_date": "2026-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert_chinese(response.json()["end_date"])
    assert Meeting.objects.filter(committee=committee).count() == 1


def test_staff_change_their_meeting_but_another_committees_is_404(
    people, committee, other_committee
):
    mine = MeetingFactory(committee=committee)
    theirs = MeetingFactory(committee=other_committee)
    client = client_for(people.staff)
    response = client.patch(f"{MEETINGS}{mine.pk}/", {"place": "政协会议厅"}, format="json")
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.place == "政协会议厅"
    response = client.patch(f"{MEETINGS}{theirs.pk}/", {"place": "别处"}, format="json")
    assert response.status_code == 404
    response = client.post(
        MEETINGS,
        {
            "committee": other_committee.pk,
            "kind": "other",
            "title": "越权",
            "start_date": "2026-01-10",
        },
        format="json",
    )
    assert response.status_code == 400 and "committee" in response.json()
    assert (
        client_for(people.member).patch(f"{MEETINGS}{mine.pk}/", {"place": "x"}).status_code == 403
    )


# --- attendance -------------------------------------------------------------------------------


def test_attendance_filters_and_a_member_sees_only_their_own(people, committee):
    meeting = MeetingFactory(committee=committee, kind=MeetingKind.PLENARY)
    mine = AttendanceFactory.marked(meeting=meeting, member=me(people.member))
    other = AttendanceFactory.marked(
        status=AttendanceStatus.ABSENT_WITHOUT_LEAVE,
        meeting=meeting,
        member=me(people.other_member),
    )
    staff = client_for(people.staff)
    assert set(ids(staff.get(ATTENDANCES))) == {mine.pk, other.pk}
    assert ids(staff.get(ATTENDANCES, {"status": "absent_without_leave"})) == [other.pk]
    assert ids(staff.get(ATTENDANCES, {"member": me(people.member).pk})) == [mine.pk]
    assert set(ids(staff.get(ATTENDANCES, {"kind": "plenary", "year": 2024}))) == {
        mine.pk,
        other.pk,
    }
    assert ids(staff.get(ATTENDANCES, {"year": 2023})) == []
    assert ids(client_for(people.member).get(ATTENDANCES)) == [mine.pk]
    assert client_for(people.member).get(f"{ATTENDANCES}{other.pk}/").status_code == 404


def test_attendance_list_queries_do_not_grow_with_rows(
    people, committee, django_assert_num_queries
):
    meeting = MeetingFactory(committee=committee)
    AttendanceFactory.create_batch(2, meeting=meeting)
    client = client_for(people.staff)
    count = queries_for(client, ATTENDANCES)
    AttendanceFactory.create_batch(8, meeting=meeting)
    with django_assert_num_queries(count):
        assert len(ids(client.get(ATTENDANCES))) == 10


def test_staff_mark_attendance_and_bad_status_is_refused(people, committee):
    attendance = AttendanceFactory(meeting=MeetingFactory(committee=committee, half_days=2))
    client = client_for(people.staff)
    response = client.post(
        f"{ATTENDANCES}{attendance.pk}/mark/", {"status": "present"}, format="json"
    )
    assert response.status_code == 200
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.PRESENT and attendance.half_days_present == 2
    assert attendance.marked_by == people.staff

    response = client.post(
        f"{ATTENDANCES}{attendance.pk}/mark/", {"status": "invited"}, format="json"
    )
    assert response.status_code == 400
    assert_chinese(response.json()["status"])
    response = client.post(
        f"{ATTENDANCES}{attendance.pk}/mark/",
        {"status": "present", "half_days_present": 5},
        format="json",
    )
    assert response.status_code == 400
    assert_chinese(str(response.json()))
    attendance.refresh_from_db()
    assert attendance.half_days_present == 2


# --- leave requests ---------------------------------------------------------------------------


def test_a_member_asks_for_leave_for_their_own_invitation(people, committee):
    invitation = AttendanceFactory(
        meeting=MeetingFactory(committee=committee, start_date=future()), member=me(people.member)
    )
    client = client_for(people.member)
    response = client.post(
        LEAVE, {"meeting": invitation.meeting_id, "reason": "  出差在外  "}, format="json"
    )
    assert response.status_code == 201, response.content
    leave = LeaveRequest.objects.get(pk=response.json()["id"])
    assert leave.reason == "出差在外" and leave.state == LeaveRequest.State.PENDING
    assert leave.submitted_by == people.member
    # A second request while the first waits is refused with the service's message.
    response = client.post(
        LEAVE, {"meeting": invitation.meeting_id, "reason": "再次请假"}, format="json"
    )
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])
    assert LeaveRequest.objects.count() == 1


def test_leave_request_bad_data_is_refused_and_nothing_saved(people, committee):
    invitation = AttendanceFactory(
        meeting=MeetingFactory(committee=committee, start_date=future()), member=me(people.member)
    )
    past = AttendanceFactory(meeting=MeetingFactory(committee=committee), member=me(people.member))
    not_mine = MeetingFactory(committee=committee, start_date=future())
    client = client_for(people.member)
    response = client.post(LEAVE, {"meeting": invitation.meeting_id, "reason": ""}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert_chinese(response.json()["reason"])
    response = client.post(
        LEAVE, {"meeting": invitation.meeting_id, "reason": "长" * 1001}, format="json"
    )
    assert response.status_code == 400
    assert_chinese(response.json()["reason"])
    response = client.post(LEAVE, {"meeting": past.meeting_id, "reason": "事后补假"}, format="json")
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])
    assert (
        client.post(LEAVE, {"meeting": not_mine.pk, "reason": "没受邀"}, format="json").status_code
        == 404
    )
    assert not LeaveRequest.objects.exists()


def test_staff_approve_a_request_and_cannot_decide_it_twice(people, committee):
    leave = LeaveRequestFactory(
        meeting=MeetingFactory(committee=committee), member=me(people.member)
    )
    Attendance.objects.create(meeting=leave.meeting, member=leave.member)
    client = client_for(people.staff)
    response = client.post(f"{LEAVE}{leave.pk}/approve/", {"note": "同意"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "approved"
    attendance = Attendance.objects.get(meeting=leave.meeting, member=leave.member)
    assert attendance.status == AttendanceStatus.APPROVED_LEAVE
    response = client.post(f"{LEAVE}{leave.pk}/reject/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert_chinese([response.json()["detail"]])
    leave.refresh_from_db()
    assert leave.state == LeaveRequest.State.APPROVED


def test_the_member_withdraws_a_pending_request_but_not_a_decided_one(people, committee):
    meeting = MeetingFactory(committee=committee)
    pending = LeaveRequestFactory(meeting=meeting, member=me(people.member))
    client = client_for(people.member)
    assert client.post(f"{LEAVE}{pending.pk}/withdraw/").status_code == 204
    assert not LeaveRequest.objects.filter(pk=pending.pk).exists()
    decided = LeaveRequestFactory(
        meeting=meeting,
        member=me(people.member),
        state=LeaveRequest.State.REJECTED,
        approver=people.staff,
        decided_at=timezone.now(),
    )
    response = client.post(f"{LEAVE}{decided.pk}/withdraw/")
    assert response.status_code == 400
    assert_chinese(response.json()["non_field_errors"])


def test_leave_request_filters_and_scopes(people, committee, other_committee):
    meeting = MeetingFactory(committee=committee)
    mine = LeaveRequestFactory(meeting=meeting, member=me(people.member))
    decided = LeaveRequestFactory(
        meeting=meeting,
        member=me(people.other_member),
        state=LeaveRequest.State.APPROVED,
        approver=people.staff,
        decided_at=timezone.now(),
    )
    LeaveRequestFactory(meeting=MeetingFactory(committee=other_committee))
    staff = client_for(people.staff)
    assert set(ids(staff.get(LEAVE))) == {mine.pk, decided.pk}
    assert ids(staff.get(LEAVE, {"status": "pending"})) == [mine.pk]
    assert ids(staff.get(LEAVE, {"member": me(people.other_member).pk})) == [decided.pk]
    assert ids(
        staff.get(LEAVE, {"year": 2024, "committee": committee.pk, "ordering": "submitted_at"})
    ) == [mine.pk, decided.pk]
    assert ids(client_for(people.member).get(LEAVE)) == [mine.pk]
    assert client_for(people.other_staff).get(f"{LEAVE}{mine.pk}/").status_code == 404


def test_leave_request_list_queries_do_not_grow_with_rows(
    people, committee, django_assert_num_queries
):
    meeting = MeetingFactory(committee=committee)
    for _ in range(2):
        LeaveRequestFactory(meeting=meeting, member=member_of(committee))
    client = client_for(people.staff)
    count = queries_for(client, LEAVE)
    for _ in range(8):
        LeaveRequestFactory(meeting=meeting, member=member_of(committee))
    with django_assert_num_queries(count):
        assert len(ids(client.get(LEAVE))) == 10


def test_a_year_out_of_range_or_a_bad_id_is_a_400_not_a_server_error(people):
    client = client_for(people.staff)
    for url in (MEETINGS, ATTENDANCES, LEAVE):
        assert client.get(url, {"year": 99999}).status_code == 400
        assert client.get(url, {"year": "2024.5"}).status_code == 400
    assert client.get(ATTENDANCES, {"committee": "x"}).status_code == 400
