"""A committee's year of contact activities, proposals and social-conditions reports."""

from __future__ import annotations

import datetime
import random
from types import SimpleNamespace

from liaison.models import ContactActivity, ContactActivityParticipant
from proposals.models import (
    Proposal,
    ProposalAssignment,
    ProposalCoSigner,
    ProposalSerialCounter,
    SocialReport,
    SocialReportAuthor,
    SocialReportInstruction,
)

from . import names
from .duty_meetings import day_between
from .people import Roster
from .tree import Body
from .writer import Writer

PARTICIPATIONS_PER_MEMBER = 10
PROPOSALS_PER_MEMBER = 0.9
REPORTS_PER_MEMBER = 0.8
ACTIVITY_KINDS = ["visit", "seminar", "help", "teaching", "online", "other"]
ACTIVITY_WORDS = {
    "visit": "走访",
    "seminar": "座谈",
    "help": "帮扶",
    "teaching": "宣讲",
    "online": "线上答疑",
    "other": "调研",
}
CATEGORIES = [c.value for c in Proposal.Category]
LEVEL = {"provincial": "provincial", "municipal": "municipal", "county": "county"}


def declare(writer: Writer) -> SimpleNamespace:
    return SimpleNamespace(
        activity=writer.declare(
            ContactActivity,
            "committee_id",
            "kind",
            "title",
            "date",
            "place",
            "liaison_group_id",
            "people_reached",
            "issues_raised",
            "issues_resolved",
            "status",
            "submitted_at",
            "verified_at",
        ),
        participant=writer.declare(ContactActivityParticipant, "activity_id", "member_id"),
        proposal=writer.declare(
            Proposal,
            "committee_id",
            "term_id",
            "year",
            "session",
            "title",
            "body",
            "category",
            "submitter_kind",
            "first_proposer_id",
            "submitting_sector_id",
            "state",
            "submitted_at",
            "serial_number",
            "registered_at",
            "declined_at",
            "not_registered_reason",
            "conversion",
            "handling_round",
            "answer_category",
            "answered_at",
            "satisfaction",
            "rated_at",
            "closed_at",
            "is_key",
            "supervising_leader",
            "is_excellent",
            "created_at",
        ),
        counter=writer.declare(ProposalSerialCounter, "committee_id", "year", "last_number"),
        cosigner=writer.declare(
            ProposalCoSigner, "proposal_id", "member_id", "status", "invited_at", "responded_at"
        ),
        assignment=writer.declare(
            ProposalAssignment,
            "proposal_id",
            "unit_id",
            "role",
            "round",
            "assigned_on",
            "deadline",
            "replied_on",
            "reply_category",
            "reply_body",
            "reply_signer",
        ),
        report=writer.declare(
            SocialReport,
            "committee_id",
            "year",
            "title",
            "body",
            "state",
            "submitted_at",
            "adopted_at",
            "adopted_issue",
            "review_note",
            "forwarded_on",
            "forwarded_to",
            "higher_adopted_on",
            "higher_adopted_by",
            "created_at",
        ),
        report_author=writer.declare(SocialReportAuthor, "report_id", "member_id", "order"),
        instruction=writer.declare(
            SocialReportInstruction, "report_id", "level", "leader", "instructed_on", "content"
        ),
    )


class Clock:
    """Days of the generated year as aware datetimes, never past the last day."""

    def __init__(self, year: int, last_day: datetime.date, tz, rng: random.Random):
        self.first, self.last_day, self.tz, self.rng = datetime.date(year, 1, 2), last_day, tz, rng

    def at(self, day: datetime.date, hour: int = 10) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=self.tz)

    def day(self) -> datetime.date:
        return day_between(self.rng, self.first, self.last_day)

    def after(self, day: datetime.date, low: int, high: int) -> datetime.date | None:
        """A day ``low``–``high`` days after ``day``, or None if it would lie past the last day."""
        later = day + datetime.timedelta(days=self.rng.randint(low, high))
        return later if later <= self.last_day else None


def contact_activities(t, body: Body, roster: Roster, clock: Clock, rng: random.Random) -> None:
    place = body.name.removeprefix("政协").removesuffix("委员会")
    groups = [g for g, members in roster.group_members.items() if members]
    count = round(PARTICIPATIONS_PER_MEMBER * len(roster.members) / 3.5)
    for _ in range(count):
        group = rng.choice(groups) if groups else None
        day = clock.day()
        pool = roster.serving_on(day, roster.group_members[group] if group else None)
        if not pool:
            continue
        participants = rng.sample(pool, min(len(pool), rng.randint(1, 6)))
        kind = rng.choice(ACTIVITY_KINDS)
        raised = rng.randint(0, 8)
        status, submitted, verified = "verified", clock.at(day, 20), clock.at(day, 20)
        roll = rng.random()
        if roll < 0.03:
            status, submitted, verified = "draft", None, None
        elif roll < 0.10:
            verified, status = None, "submitted"
        activity = t.activity.add(
            body.id,
            kind,
            f"{names.place_name(rng)}村{names.topic(rng)}{ACTIVITY_WORDS[kind]}",
            day,
            f"{place}{names.place_name(rng)}村",
            group,
            rng.randint(5, 120),
            raised,
            rng.randint(0, raised),
            status,
            submitted,
            verified,
        )
        for member in participants:
            t.participant.add(activity, member)


def proposals(t, body: Body, roster: Roster, clock: Clock, rng: random.Random, year: int) -> None:
    serial = 0
    session = f"十三届{year - body.term_start.year + 1}次会议"
    plenary_season = datetime.date(year, 2, 15)
    for _ in range(round(PROPOSALS_PER_MEMBER * len(roster.members))):
        submitted_day = (
            day_between(rng, clock.first, min(plenary_season, clock.last_day))
            if rng.random() < 0.7
            else clock.day()
        )
        members = roster.serving_on(submitted_day)
        first = rng.choice(members)
        roll = rng.random()
        kind, sector = ("sector", rng.choice(body.sectors)) if roll < 0.05 else (None, None)
        kind = kind or ("joint" if roll < 0.6 else "member")
        p = _workflow(clock, submitted_day, rng)
        if p["registered_at"]:
            serial += 1
        topic = names.topic(rng)
        proposal = t.proposal.add(
            body.id,
            body.term_id,
            year,
            session,
            f"关于加快推进{topic}的建议",
            f"{topic}提案正文。",
            rng.choice(CATEGORIES),
            kind,
            first,
            sector,
            p["state"],
            p["submitted_at"],
            serial if p["registered_at"] else None,
            p["registered_at"],
            p["declined_at"],
            p["reason"],
            p["conversion"],
            p["round"],
            p["answer"],
            p["answered_at"],
            p["satisfaction"],
            p["rated_at"],
            p["closed_at"],
            p["key"],
            p["leader"],
            p["excellent"],
            p["submitted_at"],
        )
        if kind == "joint":
            for member in rng.sample(members, min(len(members), rng.randint(2, 5))):
                if member == first:
                    continue
                status = rng.choices(("confirmed", "declined", "invited"), (85, 10, 5))[0]
                responded = None if status == "invited" else p["submitted_at"]
                t.cosigner.add(proposal, member, status, p["submitted_at"], responded)
        if p["round"]:
            replied = p["answered_at"].date() if p["answered_at"] else None
            assigned_on = p["registered_at"].date()
            t.assignment.add(
                proposal,
                rng.choice(body.units),
                "lead",
                1,
                assigned_on,
                assigned_on + datetime.timedelta(days=90),
                replied,
                p["answer"],
                "答复正文。" if replied else "",
                "办公室主任" if replied else "",
            )
    t.counter.add(body.id, year, serial)


def _workflow(clock: Clock, submitted_day: datetime.date, rng: random.Random) -> dict:
    """How far a proposal got: each later step happens only if its day has come."""
    p = dict.fromkeys(
        ("registered_at", "declined_at", "answered_at", "rated_at", "closed_at"), None
    )
    p.update(state="submitted", submitted_at=clock.at(submitted_day), reason="", conversion="none")
    p.update(round=0, answer="", satisfaction="", key=False, leader="", excellent=False)
    reviewed = clock.after(submitted_day, 7, 20)
    roll = rng.random()
    if reviewed is None or roll < 0.07:
        return p
    if roll < 0.19:
        conversion = rng.choices(("social_report", "opinion", "none"), (40, 20, 40))[0]
        p.update(state="not_registered", declined_at=clock.at(reviewed, 15))
        p.update(reason="不符合立案条件。", conversion=conversion)
        return p
    p.update(state="registered", registered_at=clock.at(reviewed, 15))
    p["excellent"] = rng.random() < 0.05
    if rng.random() < 0.03:
        p.update(key=True, leader="分管副职领导")
    if rng.random() < 0.1:
        return p
    p.update(state="assigned", round=1)
    answered = clock.after(reviewed, 30, 90)
    if answered is None or rng.random() < 0.12:
        return p
    p.update(state="answered", answered_at=clock.at(answered, 16))
    p["answer"] = rng.choices("ABCD", (45, 35, 15, 5))[0]
    rated = clock.after(answered, 5, 30)
    if rated is None or rng.random() < 0.3:
        return p
    satisfaction = rng.choices(("satisfied", "basically_satisfied"), (70, 30))[0]
    p.update(state="evaluated", satisfaction=satisfaction, rated_at=clock.at(rated, 11))
    closed = clock.after(rated, 3, 10)
    if closed is not None and rng.random() < 0.2:
        p.update(state="closed", closed_at=clock.at(closed, 17))
    return p


def social_reports(t, body: Body, roster: Roster, clock: Clock, rng: random.Random, year) -> None:
    issue = 0
    for _ in range(round(REPORTS_PER_MEMBER * len(roster.members))):
        day = clock.day()
        members = roster.serving_on(day)
        authors = rng.sample(members, min(len(members), rng.choices((1, 2, 3), (60, 30, 10))[0]))
        state = rng.choices(("draft", "submitted", "adopted", "not_adopted"), (5, 35, 45, 15))[0]
        submitted = None if state == "draft" else clock.at(day)
        adopted_day = clock.after(day, 3, 20) if state == "adopted" else None
        if state == "adopted" and adopted_day is None:
            state = "submitted"
        forwarded = higher = None
        if adopted_day and rng.random() < 0.3:
            forwarded = clock.after(adopted_day, 1, 10)
            higher = clock.after(forwarded, 5, 30) if forwarded and rng.random() < 0.4 else None
        if adopted_day:
            issue += 1
        topic = names.topic(rng)
        report = t.report.add(
            body.id,
            year,
            f"关于{topic}存在问题的反映",
            f"{topic}社情民意正文。",
            state,
            submitted,
            clock.at(adopted_day, 15) if adopted_day else None,
            f"第{issue}期" if adopted_day else "",
            "内容与已有信息重复。" if state == "not_adopted" else "",
            forwarded,
            "上级政协" if forwarded else "",
            higher,
            "上级政协办公厅" if higher else "",
            submitted or clock.at(day),
        )
        for order, member in enumerate(authors, start=1):
            t.report_author.add(report, member, order)
        if adopted_day and rng.random() < 0.08:
            instructed = clock.after(adopted_day, 2, 15) or adopted_day
            t.instruction.add(
                report, LEVEL[body.level], "党委主要领导", instructed, "请相关部门研究办理。"
            )
