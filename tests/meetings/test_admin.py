"""The meetings back office as committee staff use it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance, AttendanceStatus, LeaveRequest, Meeting
from tests.factories.core import CommitteeFactory, StaffUserFactory
from tests.factories.meetings import (
    AttendanceFactory,
    LeaveRequestFactory,
    MeetingFactory,
    PlenaryFactory,
    ResearchReportAuthorFactory,
    SpeechFactory,
    StudyNoteFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:meetings_{model._meta.model_name}_changelist")


def change(obj):
    return reverse(f"admin:meetings_{obj._meta.model_name}_change", args=[obj.pk])


def run_action(client, model, action, objects):
    return client.post(
        changelist(model),
        {"action": action, "_selected_action": [o.pk for o in objects]},
        follow=True,
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_staff_see_their_meetings_and_not_another_committees(
    staff_client, committee, other_committee
):
    mine = MeetingFactory(committee=committee, title="本会常委会")
    theirs = MeetingFactory(committee=other_committee, title="外会常委会")
    page = staff_client.get(changelist(Meeting))
    assert list(page.context["cl"].result_list) == [mine]
    response = staff_client.get(change(theirs))
    # The admin answers a row outside the user's committees as "does not exist".
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert staff_client.get(change(AttendanceFactory(meeting=theirs))).status_code == 302


def test_staff_read_a_lower_committees_meeting_without_changing_it(client, committee):
    city = CommitteeFactory(name="政协某市委员会", level="municipal")
    committee.parent = city
    committee.save()
    city_staff = StaffUserFactory(committee=city)
    client.force_login(city_staff)
    county_meeting = MeetingFactory(committee=committee)
    AttendanceFactory(meeting=county_meeting)
    page = client.get(change(county_meeting))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    response = run_action(client, Attendance, "mark_present", county_meeting.attendances.all())
    assert any("1 条选中的记录属于其他委员会" in m for m in messages_of(response))
    assert not county_meeting.attendances.exclude(status="invited").exists()


def queries_to_load(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_meeting_list_is_built_in_a_fixed_number_of_queries(staff_client, committee):
    def add_meetings(count):
        for _ in range(count):
            AttendanceFactory(meeting=MeetingFactory(committee=committee))

    add_meetings(2)
    few = queries_to_load(staff_client, changelist(Meeting))
    add_meetings(6)
    assert queries_to_load(staff_client, changelist(Meeting)) == few


def test_the_attendance_list_is_built_in_a_fixed_number_of_queries(staff_client, meeting):
    AttendanceFactory(meeting=meeting)
    few = queries_to_load(staff_client, changelist(Attendance))
    for _ in range(8):
        AttendanceFactory(meeting=meeting)
    assert queries_to_load(staff_client, changelist(Attendance)) == few


def test_staff_mark_selected_members_present_in_one_step(staff_client, staff, meeting, members):
    rows = [AttendanceFactory(meeting=meeting, member=m) for m in members]
    response = run_action(staff_client, Attendance, "mark_present", rows[:2])
    assert response.status_code == 200
    statuses = dict(meeting.attendances.values_list("member__name", "status"))
    assert statuses == {"张三": "present", "李四": "present", "王五": "invited"}
    assert Attendance.objects.get(pk=rows[0].pk).marked_by == staff


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("mark_late_or_early", AttendanceStatus.LATE_OR_EARLY),
        ("mark_approved_leave", AttendanceStatus.APPROVED_LEAVE),
        ("mark_absent_without_leave", AttendanceStatus.ABSENT_WITHOUT_LEAVE),
    ],
)
def test_each_mark_action_sets_its_status(staff_client, meeting, members, action, status):
    row = AttendanceFactory(meeting=meeting, member=members[0])
    run_action(staff_client, Attendance, action, [row])
    assert Attendance.objects.get(pk=row.pk).status == status


def test_marking_reports_a_meeting_that_refuses_and_marks_the_others(
    staff_client, committee, members
):
    training = MeetingFactory(committee=committee, kind="training", title="履职培训")
    plain = MeetingFactory(committee=committee, title="常委会")
    a = AttendanceFactory(meeting=training, member=members[0])
    b = AttendanceFactory(meeting=plain, member=members[1])
    # Shrink the meeting below what the form allowed, so marking it present must be refused.
    Meeting.objects.filter(pk=plain.pk).update(half_days=1)
    response = run_action(staff_client, Attendance, "mark_present", [a, b])
    assert Attendance.objects.get(pk=a.pk).status == "present"
    assert Attendance.objects.get(pk=b.pk).status == "present"
    assert response.status_code == 200


def test_staff_invite_the_usual_members_to_a_plenary(staff_client, committee, members):
    plenary = PlenaryFactory(committee=committee)
    run_action(staff_client, Meeting, "invite_usual_members", [plenary])
    assert plenary.attendances.count() == 3


def test_staff_mark_everyone_not_yet_marked_present(staff_client, staff, meeting, members):
    for m in members:
        AttendanceFactory(meeting=meeting, member=m)
    Attendance.objects.filter(member=members[0]).update(
        status=AttendanceStatus.ABSENT_WITHOUT_LEAVE, marked_at="2024-03-15T10:00:00+08:00"
    )
    run_action(staff_client, Meeting, "mark_unmarked_present", [meeting])
    statuses = dict(meeting.attendances.values_list("member__name", "status"))
    assert statuses == {"张三": "absent_without_leave", "李四": "present", "王五": "present"}


def test_the_history_records_who_changed_an_attendance(staff_client, staff, meeting, members):
    row = AttendanceFactory(meeting=meeting, member=members[0])
    response = staff_client.post(
        change(row),
        {
            "meeting": meeting.pk,
            "member": members[0].pk,
            "status": "absent_without_leave",
            "half_days_present": "0",
            "training_completion": "",
            "note": "未请假",
        },
    )
    assert response.status_code == 302
    latest = row.history.first()
    assert (latest.history_user, latest.status, latest.note) == (
        staff,
        "absent_without_leave",
        "未请假",
    )
    history_page = staff_client.get(reverse("admin:meetings_attendance_history", args=[row.pk]))
    assert history_page.status_code == 200


def test_the_meeting_page_edits_its_attendance_inline(staff_client, staff, meeting, members):
    row = AttendanceFactory(meeting=meeting, member=members[0])
    prefix = "attendances"
    data = {
        "kind": meeting.kind,
        "title": meeting.title,
        "topic": "",
        "organiser": "",
        "start_date": "2024-03-15",
        "end_date": "2024-03-15",
        "start_time": "",
        "half_days": "1",
        "place": "",
        "notes": "",
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": row.pk,
        f"{prefix}-0-meeting": meeting.pk,
        f"{prefix}-0-member": members[0].pk,
        f"{prefix}-0-status": "late_or_early",
        f"{prefix}-0-half_days_present": "0",
        f"{prefix}-0-training_completion": "",
        f"{prefix}-0-note": "迟到",
        "speeches-TOTAL_FORMS": "0",
        "speeches-INITIAL_FORMS": "0",
    }
    response = staff_client.post(change(meeting), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    row.refresh_from_db()
    assert (row.status, row.half_days_present, row.marked_by) == ("late_or_early", 1, staff)


def test_staff_approve_a_leave_request_from_its_page(staff_client, staff, meeting, members):
    AttendanceFactory(meeting=meeting, member=members[0])
    request = LeaveRequestFactory(meeting=meeting, member=members[0])
    page = staff_client.get(change(request))
    assert b'name="_approve"' in page.content
    response = staff_client.post(
        change(request), {"reason": request.reason, "decision_note": "同意", "_approve": "1"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.approver, request.decision_note) == ("approved", staff, "同意")
    assert meeting.attendances.get().status == "approved_leave"


def test_approving_twice_from_the_list_reports_the_refusal(staff_client, meeting, members):
    AttendanceFactory(meeting=meeting, member=members[0])
    request = LeaveRequestFactory(meeting=meeting, member=members[0])
    run_action(staff_client, LeaveRequest, "reject", [request])
    response = run_action(staff_client, LeaveRequest, "approve", [request])
    assert LeaveRequest.objects.get(pk=request.pk).state == "rejected"
    assert any(members[0].name in m for m in messages_of(response))


def test_staff_submit_a_leave_request_and_a_refusal_shows_on_the_form(
    staff_client, staff, meeting, members
):
    url = reverse("admin:meetings_leaverequest_add")
    refused = staff_client.post(
        url, {"meeting": meeting.pk, "member": members[0].pk, "reason": "出差"}
    )
    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors()
    AttendanceFactory(meeting=meeting, member=members[0])
    accepted = staff_client.post(
        url, {"meeting": meeting.pk, "member": members[0].pk, "reason": "出差"}
    )
    assert accepted.status_code == 302
    assert LeaveRequest.objects.get().submitted_by == staff


def test_staff_cannot_pick_another_committees_member(staff_client, meeting, outsider):
    response = staff_client.post(
        reverse("admin:meetings_attendance_add"),
        {"meeting": meeting.pk, "member": outsider.pk, "status": "invited", "half_days_present": 0},
    )
    assert response.status_code == 200
    assert "member" in response.context["adminform"].form.errors
    assert not Attendance.objects.exists()


def test_every_meetings_admin_page_loads(staff_client, committee, meeting, members):
    objects = [
        meeting,
        AttendanceFactory(meeting=meeting, member=members[0]),
        LeaveRequestFactory(meeting=meeting, member=members[1]),
        SpeechFactory(meeting=meeting, member=members[0]),
        ResearchReportAuthorFactory(report__meeting__committee=committee),
        StudyNoteFactory(member=member_of(committee)),
    ]
    objects.append(objects[4].report)
    for obj in objects:
        model = obj._meta.model_name
        for url in (
            reverse(f"admin:meetings_{model}_changelist"),
            reverse(f"admin:meetings_{model}_add"),
            change(obj),
        ):
            assert staff_client.get(url).status_code == 200, url


def test_staff_create_a_meeting_in_their_own_committee(staff_client, committee):
    response = staff_client.post(
        reverse("admin:meetings_meeting_add"),
        {
            "kind": "plenary",
            "title": "政协第十二届委员会第三次会议",
            "topic": "",
            "organiser": "",
            "start_date": "2024-01-08",
            "end_date": "2024-01-10",
            "start_time": "",
            "half_days": "5",
            "place": "县会议中心",
            "notes": "",
            "attendances-TOTAL_FORMS": "0",
            "attendances-INITIAL_FORMS": "0",
            "speeches-TOTAL_FORMS": "0",
            "speeches-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.committee, meeting.half_days) == (committee, 5)
    assert meeting.history.get().history_user.committee == committee


def test_a_meeting_ending_before_it_starts_is_a_form_error(staff_client):
    response = staff_client.post(
        reverse("admin:meetings_meeting_add"),
        {
            "kind": "training",
            "title": "履职培训",
            "start_date": "2024-05-10",
            "end_date": "2024-05-08",
            "half_days": "2",
            "attendances-TOTAL_FORMS": "0",
            "attendances-INITIAL_FORMS": "0",
            "speeches-TOTAL_FORMS": "0",
            "speeches-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not Meeting.objects.exists()
