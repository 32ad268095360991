"""Reads about meetings and attendance, each built in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from committees import access
from committees.models import Committee
from committees.voiding import COUNTED
from members.models import Member, Position

from .models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceStatus,
    LeaveRequest,
    Meeting,
    MeetingKind,
    ResearchReport,
    ResearchReportAuthor,
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


def _attendance_count(**filters) -> Coalesce:
    """How many of the meeting's invitations match ``filters`` (a subquery per meeting)."""
    rows = (
        Attendance.objects.filter(meeting=OuterRef("pk"), **filters)
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def meeting_list(*, meetings: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
    """Meetings with their invitation and attendance counts, for lists and dashboards.

    The counts are subqueries rather than a join grouped by meeting: a page of a long list
    (a province's meetings in the back office) counts only its own meetings' invitations, and
    counting the list's length needs no pass over the invitations at all.
    """
    qs = Meeting.objects.all() if meetings is None else meetings
    return qs.select_related("committee", "organiser").annotate(
        invited_count=_attendance_count(),
        attended_count=_attendance_count(status__in=ATTENDED_STATUSES),
        leave_count=_attendance_count(status=_S.APPROVED_LEAVE),
        absent_count=_attendance_count(status=_S.ABSENT_WITHOUT_LEAVE),
        unmarked_count=_attendance_count(status=_S.INVITED),
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
    notes = StudyNote.objects.filter(COUNTED, member=member, written_on__year=year).count()
    return LearningSummary(
        trainings_attended=counts["trainings"],
        trainings_completed_in_full=counts["full"],
        reading_sessions_attended=counts["reading"],
        study_notes=notes,
    )


# --- a member's own records -----------------------------------------------------------------


def member_invitations(
    *, member_id: int, year: int | None = None, from_day=None
) -> QuerySet[Attendance]:
    """The member's invitations (of ``year``, or to meetings not over by ``from_day``), each with
    the state and id of the latest leave request for its meeting: one query."""
    latest_leave = LeaveRequest.objects.filter(
        meeting=OuterRef("meeting_id"), member_id=member_id
    ).order_by("-submitted_at", "-pk")
    qs = Attendance.objects.filter(member_id=member_id)
    if year is not None:
        qs = qs.filter(meeting__start_date__year=year)
    if from_day is not None:
        qs = qs.filter(meeting__end_date__gte=from_day)
    return (
        qs.select_related("meeting")
        .annotate(
            leave_state=Subquery(latest_leave.values("state")[:1]),
            leave_id=Subquery(latest_leave.values("pk")[:1]),
        )
        .order_by("meeting__start_date", "meeting__start_time", "pk")
    )


def member_invitation(*, member_id: int, meeting_id: int) -> Attendance | None:
    return (
        Attendance.objects.filter(member_id=member_id, meeting_id=meeting_id)
        .select_related("meeting")
        .first()
    )


def member_leave_requests(*, member_id: int, year: int) -> QuerySet[LeaveRequest]:
    return (
        LeaveRequest.objects.filter(member_id=member_id, meeting__start_date__year=year)
        .select_related("meeting")
        .order_by("-submitted_at", "-pk")
    )


def member_research_reports(*, member_id: int, year: int | None = None) -> QuerySet[ResearchReport]:
    """Research reports the member wrote or co-wrote, with their trip: one query. A report
    voided by staff is listed (``is_voided``); a voided authorship is not the member's."""
    qs = ResearchReport.objects.filter(
        author_links__member_id=member_id, author_links__voided_at__isnull=True
    )
    if year is not None:
        qs = qs.filter(written_on__year=year)
    return qs.select_related("meeting").order_by("-written_on", "-pk")


def member_study_notes(*, member_id: int, year: int) -> QuerySet[StudyNote]:
    """The member's study notes of the year, those voided by staff too (shown as voided)."""
    return (
        StudyNote.objects.filter(member_id=member_id, written_on__year=year)
        .select_related("meeting")
        .order_by("-written_on", "-pk")
    )


def readable_research_report(*, user, member_id: int | None, pk: int) -> ResearchReport | None:
    """A report one of whose authors is the person, or of a committee they read as staff."""
    condition = (
        Q(author_links__member_id=member_id, author_links__voided_at__isnull=True)
        if member_id
        else Q(pk__in=[])
    )
    if user.is_staff:
        condition |= Q(committee__in=access.readable_committees(user).values("pk"))
    return (
        ResearchReport.objects.filter(condition, pk=pk)
        .select_related("meeting")
        .prefetch_related(
            Prefetch(
                "author_links",
                queryset=ResearchReportAuthor.objects.filter(COUNTED).select_related("member"),
            )
        )
        .distinct()
        .first()
    )
