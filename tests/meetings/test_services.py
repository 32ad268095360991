"""Inviting, marking and recording through the services: refusals are clear, nothing half-saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from meetings import services
from meetings.models import (
    Attendance,
    AttendanceStatus,
    MeetingKind,
    ResearchReport,
    Speech,
    StudyNote,
)
from tests.factories.meetings import (
    AttendanceFactory,
    MeetingFactory,
    PlenaryFactory,
    ResearchTripFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_invites_members_in_bulk_and_ignores_those_already_invited(meeting, members, staff):
    AttendanceFactory(meeting=meeting, member=members[0])
    created = services.meeting_invite_members(meeting=meeting, members=members, by=staff)
    assert created == 2
    assert set(meeting.attendances.values_list("member__name", flat=True)) == {
        "张三",
        "李四",
        "王五",
    }
    assert meeting.attendances.filter(status=AttendanceStatus.INVITED).count() == 3


def test_it_records_who_invited_in_the_history(meeting, members, staff):
    services.meeting_invite_members(meeting=meeting, members=members, by=staff)
    history = Attendance.history.filter(meeting=meeting)
    assert history.count() == 3
    assert {h.history_user for h in history} == {staff}


def test_it_invites_in_a_fixed_number_of_queries(
    meeting, committee, staff, django_assert_num_queries
):
    many = [member_of(committee) for _ in range(12)]
    # Lock the meeting, read who is invited, insert the rows, insert their history (+ savepoint).
    with django_assert_num_queries(6):
        services.meeting_invite_members(meeting=meeting, members=many, by=staff)
    assert meeting.attendances.count() == 12


def test_it_refuses_to_invite_a_member_of_another_committee_and_invites_no_one(
    meeting, members, outsider, staff
):
    with pytest.raises(ValidationError, match="another committee: 赵六"):
        services.meeting_invite_members(meeting=meeting, members=[*members, outsider], by=staff)
    assert not meeting.attendances.exists()


def test_it_refuses_to_invite_a_member_who_had_left(committee, staff):
    gone = member_of(committee, name="钱七", status="resigned", left_on=datetime.date(2023, 6, 30))
    meeting = MeetingFactory(committee=committee, start_date=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError, match="had left the committee before the meeting: 钱七"):
        services.meeting_invite_members(meeting=meeting, members=[gone], by=staff)


def test_it_marks_many_members_at_once_and_defaults_to_the_whole_meeting(committee, members, staff):
    plenary = PlenaryFactory(committee=committee)
    services.meeting_invite_members(meeting=plenary, members=members, by=staff)
    count = services.attendance_mark(
        meeting=plenary, members=members[:2], status=AttendanceStatus.PRESENT, by=staff
    )
    assert count == 2
    rows = {a.member.name: a for a in plenary.attendances.select_related("member")}
    assert rows["张三"].status == AttendanceStatus.PRESENT
    assert rows["张三"].half_days_present == 5
    assert rows["张三"].marked_by == staff
    assert rows["王五"].status == AttendanceStatus.INVITED


def test_it_marks_in_a_fixed_number_of_queries(
    meeting, committee, staff, django_assert_num_queries
):
    many = [member_of(committee) for _ in range(15)]
    services.meeting_invite_members(meeting=meeting, members=many, by=staff)
    with django_assert_num_queries(9):
        services.attendance_mark(
            meeting=meeting, members=many, status=AttendanceStatus.ABSENT_WITHOUT_LEAVE, by=staff
        )


def test_it_writes_one_history_row_per_member_marked(meeting, members, staff):
    services.meeting_invite_members(meeting=meeting, members=members, by=staff)
    services.attendance_mark(
        meeting=meeting, members=members, status=AttendanceStatus.LATE_OR_EARLY, by=staff
    )
    changes = Attendance.history.filter(meeting=meeting, history_type="~")
    assert changes.count() == 3
    assert {(h.status, h.history_user) for h in changes} == {
        (AttendanceStatus.LATE_OR_EARLY, staff)
    }


def test_it_invites_members_marked_from_a_sign_in_sheet(meeting, members, staff):
    services.attendance_mark(
        meeting=meeting, members=members[:1], status=AttendanceStatus.PRESENT, by=staff
    )
    assert meeting.attendances.get().member == members[0]


def test_it_refuses_more_half_days_than_the_meeting_lasts_and_marks_no_one(
    committee, members, staff
):
    plenary = PlenaryFactory(committee=committee)
    services.meeting_invite_members(meeting=plenary, members=members, by=staff)
    with pytest.raises(ValidationError, match="lasts only 5 half-day"):
        services.attendance_mark(
            meeting=plenary,
            members=members,
            status=AttendanceStatus.PRESENT,
            half_days_present=6,
            by=staff,
        )
    assert not plenary.attendances.exclude(status=AttendanceStatus.INVITED).exists()


def test_it_refuses_training_completion_outside_a_training(meeting, members, staff):
    with pytest.raises(ValidationError, match="trainings only"):
        services.attendance_mark(
            meeting=meeting,
            members=members,
            status=AttendanceStatus.PRESENT,
            training_completion="partial",
            by=staff,
        )
    assert not meeting.attendances.exists()


def test_it_records_partial_completion_of_an_off_site_training(committee, members, staff):
    training = MeetingFactory(committee=committee, kind=MeetingKind.TRAINING, off_site=True)
    services.attendance_mark(
        meeting=training,
        members=members[:1],
        status=AttendanceStatus.PRESENT,
        training_completion="partial",
        by=staff,
    )
    assert training.attendances.get().training_completion == "partial"


def test_it_refuses_to_mark_an_invitation_back_to_unmarked(meeting, members, staff):
    with pytest.raises(ValidationError):
        services.attendance_mark(
            meeting=meeting, members=members, status=AttendanceStatus.INVITED, by=staff
        )


def test_it_records_who_marked_one_row_and_clears_it_when_unmarked(meeting, members, staff):
    attendance = AttendanceFactory(meeting=meeting, member=members[0])
    attendance.status = AttendanceStatus.ABSENT_WITHOUT_LEAVE
    services.attendance_save(attendance=attendance, by=staff)
    attendance.refresh_from_db()
    assert (attendance.marked_by, attendance.marked_at is not None) == (staff, True)
    attendance.status = AttendanceStatus.INVITED
    services.attendance_save(attendance=attendance, by=staff)
    attendance.refresh_from_db()
    assert (attendance.marked_by, attendance.marked_at) == (None, None)


def test_it_withdraws_only_invitations_not_yet_marked(meeting, members, staff):
    services.meeting_invite_members(meeting=meeting, members=members, by=staff)
    services.attendance_mark(
        meeting=meeting, members=members[:1], status=AttendanceStatus.PRESENT, by=staff
    )
    with pytest.raises(ValidationError, match="already marked for 张三"):
        services.meeting_invitations_withdraw(meeting=meeting, members=members)
    assert meeting.attendances.count() == 3
    assert services.meeting_invitations_withdraw(meeting=meeting, members=members[1:]) == 2


def test_it_refuses_fewer_half_days_than_members_were_present_for(committee, members, staff):
    plenary = PlenaryFactory(committee=committee)
    services.attendance_mark(
        meeting=plenary, members=members[:1], status=AttendanceStatus.PRESENT, by=staff
    )
    plenary.half_days = 3
    with pytest.raises(ValidationError, match="more half-days than that"):
        services.meeting_save(meeting=plenary)
    plenary.refresh_from_db()
    assert plenary.half_days == 5


def test_it_creates_a_one_day_meeting_when_no_end_date_is_given(committee):
    meeting = services.meeting_create(
        committee=committee,
        kind=MeetingKind.SECTOR_CONSULTATION,
        title="界别协商会",
        start_date=datetime.date(2024, 5, 20),
    )
    assert meeting.end_date == datetime.date(2024, 5, 20)
    assert meeting.year == 2024


def test_it_refuses_an_oral_speech_by_a_member_on_leave(meeting, members, staff):
    services.attendance_mark(
        meeting=meeting, members=members[:1], status=AttendanceStatus.APPROVED_LEAVE, by=staff
    )
    with pytest.raises(ValidationError, match="record a written speech instead"):
        services.speech_record(
            meeting=meeting, member=members[0], kind=Speech.Kind.ORAL, title="发言"
        )
    written = services.speech_record(
        meeting=meeting, member=members[0], kind=Speech.Kind.WRITTEN, title="书面发言"
    )
    assert list(meeting.speeches.all()) == [written]


def test_it_records_a_research_report_with_its_authors(committee, members):
    trip = ResearchTripFactory(committee=committee)
    report = services.research_report_record(
        meeting=trip,
        title="关于农村人居环境整治的调研报告",
        written_on=trip.end_date,
        authors=members,
        lead=members[1],
    )
    links = {
        link.member.name: link.is_lead for link in report.author_links.select_related("member")
    }
    assert links == {"张三": False, "李四": True, "王五": False}
    assert report.committee == committee


def test_it_refuses_a_research_report_for_a_meeting_that_was_no_trip(meeting, members):
    with pytest.raises(ValidationError, match="research or inspection trip"):
        services.research_report_record(
            meeting=meeting, title="报告", written_on=meeting.start_date, authors=members
        )
    assert not ResearchReport.objects.exists()


def test_it_refuses_a_research_report_with_an_author_from_another_committee(
    committee, members, outsider
):
    trip = ResearchTripFactory(committee=committee)
    with pytest.raises(ValidationError, match="another committee: 赵六"):
        services.research_report_record(
            meeting=trip, title="报告", written_on=trip.end_date, authors=[members[0], outsider]
        )
    assert not ResearchReport.objects.exists()


def test_it_refuses_a_study_note_on_a_meeting_that_was_no_learning_session(meeting, members):
    with pytest.raises(ValidationError, match="training or a reading-group session only"):
        services.study_note_record(
            member=members[0],
            title="心得",
            body="……",
            written_on=meeting.start_date,
            meeting=meeting,
        )
    assert not StudyNote.objects.exists()
