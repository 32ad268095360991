"""Factories for meetings, attendance, leave requests, speeches, research reports, study notes."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from meetings.models import (
    Attendance,
    AttendanceStatus,
    LeaveRequest,
    Meeting,
    MeetingKind,
    ResearchReport,
    ResearchReportAuthor,
    Speech,
    StudyNote,
)
from tests.factories.core import CommitteeFactory, MemberFactory, StaffUserFactory, TermFactory


def member_of(committee, **kwargs):
    """A member of ``committee`` in its current term (core's MemberFactory makes a new term each time)."""
    term = committee.terms.order_by("-number").first() or TermFactory(committee=committee)
    return MemberFactory(committee=committee, term=term, **kwargs)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    kind = MeetingKind.STANDING_COMMITTEE
    title = factory.Sequence(lambda n: f"常委会第{n}次会议")
    start_date = datetime.date(2024, 3, 15)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    half_days = 1


class PlenaryFactory(MeetingFactory):
    kind = MeetingKind.PLENARY
    title = factory.Sequence(lambda n: f"第十二届委员会第{n}次全体会议")
    start_date = datetime.date(2024, 1, 8)
    end_date = datetime.date(2024, 1, 10)
    half_days = 5


class AttendanceFactory(DjangoModelFactory):
    """An invitation not yet marked; use ``marked()`` for a member whose attendance is recorded."""

    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.LazyAttribute(lambda o: member_of(o.meeting.committee))
    status = AttendanceStatus.INVITED

    @classmethod
    def marked(cls, status=AttendanceStatus.PRESENT, **kwargs):
        meeting = kwargs.get("meeting") or MeetingFactory()
        kwargs["meeting"] = meeting
        attended = status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE_OR_EARLY)
        kwargs.setdefault("half_days_present", meeting.half_days if attended else 0)
        kwargs.setdefault("marked_at", timezone.now())
        return cls(status=status, **kwargs)


class LeaveRequestFactory(DjangoModelFactory):
    class Meta:
        model = LeaveRequest

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.LazyAttribute(lambda o: member_of(o.meeting.committee))
    reason = "外出参加单位重要工作"


class DecidedLeaveRequestFactory(LeaveRequestFactory):
    state = LeaveRequest.State.APPROVED
    approver = factory.LazyAttribute(lambda o: StaffUserFactory(committee=o.meeting.committee))
    decided_at = factory.LazyFunction(timezone.now)


class SpeechFactory(DjangoModelFactory):
    class Meta:
        model = Speech

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.LazyAttribute(lambda o: member_of(o.meeting.committee))
    kind = Speech.Kind.ORAL
    title = factory.Sequence(lambda n: f"关于优化营商环境的发言{n}")


class ResearchTripFactory(MeetingFactory):
    kind = MeetingKind.RESEARCH
    title = factory.Sequence(lambda n: f"乡村振兴专题调研{n}")
    topic = "乡村振兴"


class ResearchReportFactory(DjangoModelFactory):
    class Meta:
        model = ResearchReport

    meeting = factory.SubFactory(ResearchTripFactory)
    committee = factory.LazyAttribute(lambda o: o.meeting.committee)
    title = factory.Sequence(lambda n: f"关于乡村振兴的调研报告{n}")
    written_on = factory.LazyAttribute(lambda o: o.meeting.end_date + datetime.timedelta(days=7))


class ResearchReportAuthorFactory(DjangoModelFactory):
    class Meta:
        model = ResearchReportAuthor

    report = factory.SubFactory(ResearchReportFactory)
    member = factory.LazyAttribute(lambda o: member_of(o.report.committee))


class StudyNoteFactory(DjangoModelFactory):
    class Meta:
        model = StudyNote

    member = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"学习心得{n}")
    body = "学习全国政协会议精神的体会。"
    written_on = datetime.date(2024, 4, 2)
