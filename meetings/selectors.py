"""Reads about meetings and attendance, each built in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from committees.models import Committee
from members.models import Member, Position

from .models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceStatus,
    LeaveRequest,
    Meeting,
    MeetingKind,
    StudyNote,
)

_S = AttendanceStatus


@dataclass(frozen=True)
class KindAttendance:
    kind: str
    label: str
    meetings: int
    marked: int
    present: int
    late_or_early: int
    approved_leave: int
    absent_without_leave: int

    @property
    def attended(self) -> int:
        return self.present + self.late_or_early

    @property
    def rate(self) -> float | None:
        """Share of marked invitations where the member came (late or early counts as came)."""
        return self.attended / self.marked if self.marked else None


def attendance_rates_by_kind(*, committee: Committee, year: int) -> list[KindAttendance]:
    """Attendance by meeting kind for a committee's year, as in the annual work report.

    Invitations not yet marked (future meetings, or a sheet not yet entered) are left out.
    """
    rows = (
        Attendance.objects.filter(meeting__committee=committee, meeting__start_date__year=year)
        .exclude(status=_S.INVITED)
        .values("meeting__kind")
        .annotate(
            meetings=Count("meeting", distinct=True),
            marked=Count("id"),
            present=Count("id", filter=Q(status=_S.PRESENT)),
            late_or_early=Count("id", filter=Q(status=_S.LATE_OR_EARLY)),
            approved_leave=Count("id", filter=Q(status=_S.APPROVED_LEAVE)),
            absent_without_leave=Count("id", filter=Q(status=_S.ABSENT_WITHOUT_LEAVE)),
        )
        .order_by("meeting__kind")
    )
    labels = dict(MeetingKind.choices)
    order = list(MeetingKind.values)
    result = [
        KindAttendance(
            kind=row["meeting__kind"],
            label=str(labels.get(row["meeting__kind"], row["meeting__kind"])),
            meetings=row["meetings"],
            marked=row["marked"],
            present=row["present"],
            late_or_early=row["late_or_early"],
            approved_leave=row["approved_leave"],
            absent_without_leave=row["absent_without_leave"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: order.index(r.kind) if r.kind in order else len(order))


def member_attendance(*, member: Member, year: int | None = None) -> QuerySet[Attendance]:
    """A member's invitations and attendance, oldest meeting first."""
    qs = Attendance.objects.filter(member=member).select_related("meeting", "meeting__organiser")
    if year is not None:
        qs = qs.filter(meeting__start_date__year=year)
    return qs.order_by("meeting__start_date", "meeting__title")


def meeting_list(*, meetings: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
    """Meetings with their invitation and attendance counts, for lists and dashboards."""
    qs = Meeting.objects.all() if meetings is None else meetings
    a = "attendances__status"
    return qs.select_related("committee", "organiser").annotate(
        invited_count=Count("attendances"),
        attended_count=Count("attendances", filter=Q(**{f"{a}__in": ATTENDED_STATUSES})),
        leave_count=Count("attendances", filter=Q(**{a: _S.APPROVED_LEAVE})),
        absent_count=Count("attendances", filter=Q(**{a: _S.ABSENT_WITHOUT_LEAVE})),
        unmarked_count=Count("attendances", filter=Q(**{a: _S.INVITED})),
    )


#: Who sits at which meeting ex officio. Plenary sessions invite every member in office.
_SEATS = {
    MeetingKind.STANDING_COMMITTEE: [k.value for k in Position.Kind],
    MeetingKind.CHAIRMANS_MEETING: [
        Position.Kind.CHAIR,
        Position.Kind.VICE_CHAIR,
        Position.Kind.SECRETARY_GENERAL,
    ],
}


def meeting_usual_invitees(*, meeting: Meeting) -> QuerySet[Member]:
    """Members invited ex officio: everyone for a plenary, the seat holders for the others.

    Other kinds (consultations, trips, trainings) have no fixed list and return no one.
    """
    day = meeting.start_date
    in_office = Member.objects.filter(
        committee_id=meeting.committee_id,
        term__start_date__lte=day,
        term__end_date__gte=day,
        joined_on__lte=day,
    ).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
    if meeting.kind == MeetingKind.PLENARY:
        return in_office
    seats = _SEATS.get(meeting.kind)
    if not seats:
        return Member.objects.none()
    holders = Position.objects.filter(kind__in=seats, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    return in_office.filter(pk__in=holders.values("member_id"))


def leave_requests_pending(*, committee: Committee) -> QuerySet[LeaveRequest]:
    return (
        LeaveRequest.objects.filter(meeting__committee=committee, state=LeaveRequest.State.PENDING)
        .select_related("meeting", "member")
        .order_by("meeting__start_date", "submitted_at")
    )


@dataclass(frozen=True)
class LearningSummary:
    trainings_attended: int
    trainings_completed_in_full: int
    reading_sessions_attended: int
    study_notes: int


def member_learning(*, member: Member, year: int) -> LearningSummary:
    """What a member did to learn in a year (学习): trainings, reading groups, study notes."""
    counts = Attendance.objects.filter(
        member=member, meeting__start_date__year=year, status__in=ATTENDED_STATUSES
    ).aggregate(
        trainings=Count("id", filter=Q(meeting__kind=MeetingKind.TRAINING)),
        full=Count("id", filter=Q(meeting__kind=MeetingKind.TRAINING, training_completion="full")),
        reading=Count("id", filter=Q(meeting__kind=MeetingKind.READING_GROUP)),
    )
    notes = StudyNote.objects.filter(member=member, written_on__year=year).count()
    return LearningSummary(
        trainings_attended=counts["trainings"],
        trainings_completed_in_full=counts["full"],
        reading_sessions_attended=counts["reading"],
        study_notes=notes,
    )
