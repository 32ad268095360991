"""What the database itself refuses, whatever code path writes to it."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from meetings.models import Attendance, AttendanceStatus, LeaveRequest, MeetingKind, StudyNote
from tests.factories.core import SpecialCommitteeFactory
from tests.factories.meetings import (
    AttendanceFactory,
    DecidedLeaveRequestFactory,
    LeaveRequestFactory,
    MeetingFactory,
    ResearchReportAuthorFactory,
    ResearchReportFactory,
    SpeechFactory,
    member_of,
)

pytestmark = pytest.mark.django_db


def test_it_keeps_one_attendance_row_per_member_and_meeting(meeting, members):
    AttendanceFactory(meeting=meeting, member=members[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory(meeting=meeting, member=members[0])


def test_it_refuses_a_meeting_ending_before_it_starts(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(
            committee=committee,
            start_date=datetime.date(2024, 3, 15),
            end_date=datetime.date(2024, 3, 14),
        )


def test_it_refuses_a_meeting_of_no_half_days(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(committee=committee, kind=MeetingKind.PLENARY, half_days=0)


def test_it_refuses_a_member_of_another_committee_on_the_attendance_list(meeting, outsider):
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        Attendance.objects.create(meeting=meeting, member=outsider)


def test_it_refuses_an_organiser_from_another_committee(committee, other_committee):
    foreign = SpecialCommitteeFactory(committee=other_committee)
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        MeetingFactory(committee=committee, organiser=foreign)


def test_it_refuses_marked_attendance_without_the_time_it_was_marked(meeting, members):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            meeting=meeting, member=members[0], status=AttendanceStatus.PRESENT, half_days_present=1
        )


def test_it_refuses_half_days_for_a_member_who_was_absent(meeting, members):
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory.marked(
            AttendanceStatus.ABSENT_WITHOUT_LEAVE,
            meeting=meeting,
            member=members[0],
            half_days_present=1,
        )


def test_it_refuses_training_completion_for_a_member_on_leave(committee, members):
    training = MeetingFactory(committee=committee, kind=MeetingKind.TRAINING)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceFactory.marked(
            AttendanceStatus.APPROVED_LEAVE,
            meeting=training,
            member=members[0],
            training_completion="full",
        )


def test_it_keeps_one_pending_leave_request_per_member_and_meeting(meeting, members):
    LeaveRequestFactory(meeting=meeting, member=members[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        LeaveRequestFactory(meeting=meeting, member=members[0])


def test_it_accepts_a_new_leave_request_after_one_was_decided(meeting, members):
    DecidedLeaveRequestFactory(meeting=meeting, member=members[0])
    LeaveRequestFactory(meeting=meeting, member=members[0])
    assert LeaveRequest.objects.filter(meeting=meeting, member=members[0]).count() == 2


def test_it_refuses_a_decided_leave_request_without_who_decided(meeting, members):
    with pytest.raises(IntegrityError), transaction.atomic():
        LeaveRequestFactory(
            meeting=meeting,
            member=members[0],
            state=LeaveRequest.State.APPROVED,
            decided_at=timezone.now(),
        )


def test_it_refuses_a_leave_request_for_a_member_of_another_committee(meeting, outsider):
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        LeaveRequestFactory(meeting=meeting, member=outsider)


def test_it_refuses_a_speech_by_a_member_of_another_committee(meeting, outsider):
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        SpeechFactory(meeting=meeting, member=outsider)


def test_it_protects_a_meeting_whose_attendance_is_recorded(meeting, members):
    AttendanceFactory(meeting=meeting, member=members[0])
    with pytest.raises(ProtectedError), transaction.atomic():
        meeting.delete()


def test_it_protects_a_member_with_attendance_on_record(meeting, members):
    AttendanceFactory(meeting=meeting, member=members[0])
    with pytest.raises(ProtectedError), transaction.atomic():
        members[0].delete()


def test_it_allows_one_lead_author_per_research_report(committee):
    report = ResearchReportFactory(meeting__committee=committee)
    ResearchReportAuthorFactory(report=report, is_lead=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResearchReportAuthorFactory(report=report, is_lead=True)


def test_it_refuses_a_research_report_author_from_another_committee(committee, outsider):
    report = ResearchReportFactory(meeting__committee=committee)
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        ResearchReportAuthorFactory(report=report, member=outsider)


def test_it_refuses_a_research_report_filed_under_another_committee(committee, other_committee):
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        ResearchReportFactory(meeting__committee=committee, committee=other_committee)


def test_it_refuses_a_study_note_on_another_committees_session(committee, other_committee):
    session = MeetingFactory(committee=other_committee, kind=MeetingKind.READING_GROUP)
    with pytest.raises(IntegrityError, match="cross_committee_reference"), transaction.atomic():
        StudyNote.objects.create(
            member=member_of(committee),
            meeting=session,
            title="读书心得",
            body="……",
            written_on=datetime.date(2024, 4, 1),
        )
