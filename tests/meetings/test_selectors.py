"""Figures staff read: attendance rates by meeting kind, a member's record, who sits where."""

import datetime

import pytest

from meetings import selectors, services
from meetings.models import AttendanceStatus, MeetingKind
from members.models import Position
from tests.factories.meetings import (
    AttendanceFactory,
    MeetingFactory,
    PlenaryFactory,
    StudyNoteFactory,
    member_of,
)

pytestmark = pytest.mark.django_db
S = AttendanceStatus


def mark(meeting, statuses, staff):
    """Invite one new member per status and mark them."""
    for status in statuses:
        member = member_of(meeting.committee)
        services.attendance_mark(meeting=meeting, members=[member], status=status, by=staff)


def test_it_gives_attendance_rates_by_meeting_kind_in_one_query(
    committee, other_committee, staff, django_assert_num_queries
):
    plenary = PlenaryFactory(committee=committee)
    mark(plenary, [S.PRESENT, S.PRESENT, S.LATE_OR_EARLY, S.APPROVED_LEAVE], staff)
    for day in (datetime.date(2024, 3, 1), datetime.date(2024, 6, 1)):
        standing = MeetingFactory(committee=committee, start_date=day)
        mark(standing, [S.PRESENT, S.ABSENT_WITHOUT_LEAVE], staff)
    AttendanceFactory(meeting=standing)  # invited, not yet marked: left out
    MeetingFactory(committee=committee, start_date=datetime.date(2023, 3, 1))
    mark(
        MeetingFactory(committee=committee, start_date=datetime.date(2023, 3, 1)),
        [S.PRESENT],
        staff,
    )
    mark(PlenaryFactory(committee=other_committee), [S.ABSENT_WITHOUT_LEAVE], staff)

    with django_assert_num_queries(1):
        rates = selectors.attendance_rates_by_kind(committee=committee, year=2024)

    assert [r.kind for r in rates] == [MeetingKind.PLENARY, MeetingKind.STANDING_COMMITTEE]
    plenary_rate, standing_rate = rates
    assert (plenary_rate.meetings, plenary_rate.marked, plenary_rate.attended) == (1, 4, 3)
    assert plenary_rate.rate == 0.75
    assert (standing_rate.meetings, standing_rate.marked) == (2, 4)
    assert standing_rate.absent_without_leave == 2
    assert standing_rate.rate == 0.5


def test_it_lists_a_members_attendance_in_date_order(committee, staff, django_assert_num_queries):
    member = member_of(committee)
    later = MeetingFactory(committee=committee, start_date=datetime.date(2024, 9, 1))
    earlier = MeetingFactory(committee=committee, start_date=datetime.date(2024, 2, 1))
    last_year = MeetingFactory(committee=committee, start_date=datetime.date(2023, 2, 1))
    for meeting in (later, earlier, last_year):
        AttendanceFactory(meeting=meeting, member=member)
    with django_assert_num_queries(1):
        rows = list(selectors.member_attendance(member=member, year=2024))
        titles = [row.meeting.title for row in rows]
    assert titles == [earlier.title, later.title]


def test_it_invites_every_member_in_office_to_a_plenary(committee):
    present = member_of(committee, name="在任委员")
    member_of(committee, name="已辞职", status="resigned", left_on=datetime.date(2023, 12, 1))
    plenary = PlenaryFactory(committee=committee, start_date=datetime.date(2024, 1, 8))
    assert list(selectors.meeting_usual_invitees(meeting=plenary)) == [present]


def test_it_invites_the_seat_holders_to_a_standing_committee_meeting(committee):
    standing_member = member_of(committee, name="常委")
    member_of(committee, name="普通委员")
    Position.objects.create(
        member=standing_member,
        kind=Position.Kind.STANDING_MEMBER,
        start_date=datetime.date(2022, 1, 10),
    )
    meeting = MeetingFactory(committee=committee, kind=MeetingKind.STANDING_COMMITTEE)
    chairmans = MeetingFactory(committee=committee, kind=MeetingKind.CHAIRMANS_MEETING)
    assert list(selectors.meeting_usual_invitees(meeting=meeting)) == [standing_member]
    assert list(selectors.meeting_usual_invitees(meeting=chairmans)) == []


def test_it_lists_meetings_with_their_attendance_counts(committee, staff):
    meeting = MeetingFactory(committee=committee)
    mark(meeting, [S.PRESENT, S.LATE_OR_EARLY, S.APPROVED_LEAVE, S.ABSENT_WITHOUT_LEAVE], staff)
    AttendanceFactory(meeting=meeting)
    row = selectors.meeting_list().get(pk=meeting.pk)
    assert (row.invited_count, row.attended_count, row.leave_count) == (5, 2, 1)
    assert (row.absent_count, row.unmarked_count) == (1, 1)


def test_it_sums_up_a_members_learning_for_the_year(committee, staff):
    member = member_of(committee)
    training = MeetingFactory(committee=committee, kind=MeetingKind.TRAINING, off_site=True)
    reading = MeetingFactory(committee=committee, kind=MeetingKind.READING_GROUP)
    services.attendance_mark(
        meeting=training,
        members=[member],
        status=S.PRESENT,
        training_completion="full",
        by=staff,
    )
    services.attendance_mark(meeting=reading, members=[member], status=S.PRESENT, by=staff)
    StudyNoteFactory(member=member, meeting=reading)
    StudyNoteFactory(member=member, written_on=datetime.date(2023, 5, 1))
    summary = selectors.member_learning(member=member, year=2024)
    assert summary.trainings_attended == 1
    assert summary.trainings_completed_in_full == 1
    assert summary.reading_sessions_attended == 1
    assert summary.study_notes == 1
