"""A committee's year of meetings: invitations and attendance, speeches, research reports and
the study notes members write after trainings and reading groups."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from types import SimpleNamespace

from meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    ResearchReport,
    ResearchReportAuthor,
    Speech,
    StudyNote,
)

from . import names
from .people import Roster
from .tree import Body
from .writer import Writer

K = MeetingKind
#: (kind, meetings a year, share of members invited, half-days, title pattern, speech share)
CALENDAR = [
    (K.STANDING_COMMITTEE, 6, None, 2, "常委会议：{topic}", 0.3),
    (K.SPECIAL_CONSULTATION, 3, 0.35, 1, "“{topic}”专题协商会", 0.4),
    (K.COUNTERPART_CONSULTATION, 3, 0.35, 1, "“{topic}”对口协商会", 0.4),
    (K.SECTOR_CONSULTATION, 4, 0.35, 1, "界别协商：{topic}", 0.4),
    (K.ONLINE_CONSULTATION, 2, 0.3, 1, "网络议政：{topic}", 0.4),
    (K.RESEARCH, 5, 0.2, 2, "“{topic}”专题调研", 0.0),
    (K.INSPECTION, 4, 0.2, 2, "“{topic}”民主监督视察", 0.0),
    (K.TRAINING, 2, 0.6, 4, "委员履职能力培训班（{topic}）", 0.0),
    (K.READING_GROUP, 8, 0.3, 1, "委员读书活动：{topic}", 0.0),
]
PLENARY_HALF_DAYS = {"provincial": 9, "municipal": 7, "county": 5}
#: Attendance of an invited member, in proportion.
STATUSES = [
    (AttendanceStatus.PRESENT, 86),
    (AttendanceStatus.LATE_OR_EARLY, 4),
    (AttendanceStatus.APPROVED_LEAVE, 7),
    (AttendanceStatus.ABSENT_WITHOUT_LEAVE, 3),
]
ATTENDED = {AttendanceStatus.PRESENT, AttendanceStatus.LATE_OR_EARLY}
STUDY_NOTES_PER_MEMBER = (1, 2, 3, 4, 5, 6)


def declare(writer: Writer) -> SimpleNamespace:
    return SimpleNamespace(
        meeting=writer.declare(
            Meeting,
            "committee_id",
            "kind",
            "title",
            "topic",
            "organiser_id",
            "place",
            "start_date",
            "end_date",
            "half_days",
            "off_site",
        ),
        attendance=writer.declare(
            Attendance,
            "meeting_id",
            "member_id",
            "status",
            "half_days_present",
            "training_completion",
            "marked_at",
        ),
        speech=writer.declare(Speech, "meeting_id", "member_id", "kind", "title", "text"),
        report=writer.declare(
            ResearchReport, "committee_id", "meeting_id", "title", "summary", "written_on"
        ),
        report_author=writer.declare(ResearchReportAuthor, "report_id", "member_id", "is_lead"),
        study_note=writer.declare(
            StudyNote, "member_id", "meeting_id", "title", "body", "written_on"
        ),
    )


def day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def generate(
    t: SimpleNamespace,
    body: Body,
    roster: Roster,
    *,
    year: int,
    last_day: datetime.date,
    rng: random.Random,
    tz,
) -> None:
    place = body.name.removeprefix("政协").removesuffix("委员会")
    session = year - body.term_start.year + 1
    learned = defaultdict(list)  # member → learning sessions attended, for study notes
    statuses, weights = zip(*STATUSES, strict=True)

    def meeting(kind, title, topic, invited, half_days, start, speech_share, off_site=False):
        end = start + datetime.timedelta(days=(half_days - 1) // 2)
        organiser = (
            rng.choice(body.special_committees)
            if kind not in (K.PLENARY, K.STANDING_COMMITTEE)
            else None
        )
        meeting_id = t.meeting.add(
            body.id,
            kind,
            title,
            topic,
            organiser,
            f"{place}政协会议中心",
            start,
            end,
            half_days,
            off_site,
        )
        marked_at = datetime.datetime.combine(end, datetime.time(18), tzinfo=tz)
        attended = []
        for member, status in zip(
            invited, rng.choices(statuses, weights, k=len(invited)), strict=True
        ):
            came = status in ATTENDED
            completion = ""
            if came and kind == K.TRAINING:
                completion = "full" if rng.random() < 0.85 else "partial"
            t.attendance.add(
                meeting_id, member, status, half_days if came else 0, completion, marked_at
            )
            if came:
                attended.append(member)
                if kind in (K.TRAINING, K.READING_GROUP):
                    learned[member].append((meeting_id, end, topic))
                if rng.random() < speech_share:
                    t.speech.add(meeting_id, member, "oral", f"关于{names.topic(rng)}的发言", "")
            elif kind == K.PLENARY and rng.random() < 0.2:
                t.speech.add(meeting_id, member, "written", f"关于{topic}的书面发言", "")
        if kind in (K.RESEARCH, K.INSPECTION) and attended:
            written = min(last_day, end + datetime.timedelta(days=rng.randint(5, 20)))
            report = t.report.add(
                body.id, meeting_id, f"关于{topic}情况的调研报告", "", max(written, start)
            )
            authors = rng.sample(attended, min(len(attended), rng.randint(1, 4)))
            for i, member in enumerate(authors):
                t.report_author.add(report, member, i == 0)

    plenary_start = min(datetime.date(year, 1, rng.randint(6, 20)), last_day)
    meeting(
        K.PLENARY,
        f"{place}政协第十三届委员会第{session}次会议",
        "",
        roster.serving_on(plenary_start),
        PLENARY_HALF_DAYS.get(body.level, 5),
        plenary_start,
        0.2,
    )
    season = (datetime.date(year, 2, 1), last_day)
    for kind, count, share, half_days, pattern, speech_share in CALENDAR:
        for i in range(count):
            topic = names.topic(rng)
            start = day_between(rng, *season) if season[0] <= last_day else last_day
            if share is None:
                invited = roster.standing
            else:
                serving = roster.serving_on(start)
                k = min(len(serving), max(3, round(len(serving) * share)))
                invited = rng.sample(serving, k)
            meeting(
                kind,
                pattern.format(topic=topic)
                + (f"（第{i + 1}期）" if kind == K.READING_GROUP else ""),
                topic,
                invited,
                half_days,
                start,
                speech_share,
                off_site=kind == K.TRAINING and i == 0,
            )
    _study_notes(t, roster, learned, year=year, last_day=last_day, rng=rng)


def _study_notes(t, roster: Roster, learned, *, year, last_day, rng) -> None:
    for member in roster.members:
        sessions = learned.get(member, ())
        first, last = roster.span(member, datetime.date(year, 1, 1), last_day)
        if first > last:
            continue
        for _ in range(rng.choice(STUDY_NOTES_PER_MEMBER)):
            if sessions and rng.random() < 0.5:
                meeting_id, end, topic = rng.choice(sessions)
                written = min(last, end + datetime.timedelta(days=rng.randint(1, 10)))
                t.study_note.add(
                    member, meeting_id, f"学习{topic}的体会", "学习心得正文。", written
                )
            else:
                written = day_between(rng, first, last)
                t.study_note.add(member, None, "学习心得", "学习心得正文。", written)
