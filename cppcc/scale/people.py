"""Members of one committee: their sector periods, Standing Committee seats and liaison groups."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from types import SimpleNamespace

from liaison.models import LeaderApproval, LiaisonGroupMembership
from members.models import Member, Party, Position, SectorMembership

from . import names
from .tree import Body
from .writer import Writer

#: Sectors that are a party: their members belong to it.
PARTY_OF_SECTOR = {
    "中国共产党": Party.CPC,
    "中国国民党革命委员会": Party.RCCK,
    "中国民主同盟": Party.CDL,
    "中国民主建国会": Party.CNDCA,
    "中国民主促进会": Party.CAPD,
    "中国农工民主党": Party.CPWDP,
    "中国致公党": Party.CZGP,
    "九三学社": Party.JIUSAN,
    "台湾民主自治同盟": Party.TDSGL,
    "无党派人士": Party.NON_PARTY,
}
OTHER_PARTIES = [Party.CPC] * 5 + [Party.NON_PARTY] * 4 + [Party.CDL, Party.CNDCA, Party.CAPD]
SECTOR_MOVES = 0.03
#: Joined last year (a by-election), joined during the year, left during the year.
LATE_JOINERS, JOINED_IN_YEAR, LEFT_IN_YEAR = 0.03, 0.02, 0.01
STANDING_SHARE = 0.12
LEAVING = [
    (Member.Status.RESIGNED, "因工作调动辞去委员职务"),
    (Member.Status.REPLACED, "因工作变动更换"),
]


@dataclass
class Roster:
    """Who serves on a committee, as the duty generators need it."""

    members: list[int]
    standing: list[int]
    group_members: dict[int, list[int]] = field(default_factory=dict)
    #: (joined, left or date.max) of those who did not serve since the term began.
    tenure: dict[int, tuple[datetime.date, datetime.date]] = field(default_factory=dict)

    def serving_on(self, day: datetime.date, members: list[int] | None = None) -> list[int]:
        """``members`` (all by default) who served on ``day``."""
        members = self.members if members is None else members
        if not self.tenure:
            return members
        tenure = self.tenure.get
        return [m for m in members if (t := tenure(m)) is None or t[0] <= day <= t[1]]

    def span(self, member: int, first: datetime.date, last: datetime.date):
        """The part of ``first``–``last`` the member served (empty when first > last)."""
        joined, left = self.tenure.get(member, (first, last))
        return max(first, joined), min(last, left)


def declare(writer: Writer) -> SimpleNamespace:
    return SimpleNamespace(
        member=writer.declare(
            Member,
            "committee_id",
            "term_id",
            "member_number",
            "name",
            "gender",
            "birth_date",
            "education",
            "profession",
            "sector_id",
            "party",
            "work_unit",
            "township",
            "phone",
            "status",
            "joined_on",
            "left_on",
            "status_note",
        ),
        sector_period=writer.declare(
            SectorMembership, "member_id", "sector_id", "start_date", "end_date"
        ),
        position=writer.declare(Position, "member_id", "kind", "start_date"),
        approval=writer.declare(
            LeaderApproval,
            "committee_id",
            "group_id",
            "member_id",
            "role",
            "nominated_on",
            "chairmans_meeting_on",
            "standing_committee_approved_on",
            "document_number",
            "state",
        ),
        group_membership=writer.declare(
            LiaisonGroupMembership,
            "group_id",
            "member_id",
            "role",
            "start_date",
            "end_date",
            "approval_id",
        ),
    )


def populate(
    t: SimpleNamespace, body: Body, *, year: int, rng: random.Random, sector_names: list[str]
) -> Roster:
    start = body.term_start
    late_join = datetime.date(year - 1, 7, 1)
    ids, originals, tenure = [], [], {}
    for number in range(1, body.size + 1):
        sector = rng.choice(body.sectors)
        sector_name = sector_names[body.sectors.index(sector)]
        party = PARTY_OF_SECTOR.get(sector_name) or rng.choice(OTHER_PARTIES)
        roll = rng.random()
        joined, left, (status, note) = start, None, (Member.Status.ACTIVE, "")
        if roll < LATE_JOINERS:
            joined = late_join
        elif roll < LATE_JOINERS + JOINED_IN_YEAR:
            joined = datetime.date(year, rng.randint(3, 9), rng.randint(1, 28))
        elif roll < LATE_JOINERS + JOINED_IN_YEAR + LEFT_IN_YEAR:
            left = datetime.date(year, rng.randint(4, 10), rng.randint(1, 28))
            status, note = rng.choice(LEAVING)
        moved_on = None
        if (
            rng.random() < SECTOR_MOVES
            and len(body.sectors) > 1
            and joined.year < year
            and not left
        ):
            moved_on = datetime.date(year, rng.randint(2, 10), rng.randint(1, 28))
            later = rng.choice([s for s in body.sectors if s != sector])
        member = t.member.add(
            body.id,
            body.term_id,
            f"{number:05d}",
            names.person_name(rng),
            rng.choice(("male", "male", "female")),
            datetime.date(rng.randint(1958, 1990), rng.randint(1, 12), rng.randint(1, 28)),
            rng.choice(names.EDUCATION),
            rng.choice(names.PROFESSIONS),
            later if moved_on else sector,
            party,
            body.name.removeprefix("政协").removesuffix("委员会") + rng.choice(names.WORK_UNITS),
            "",
            f"139{rng.randint(0, 99999999):08d}",
            status,
            joined,
            left,
            note,
        )
        if moved_on:
            t.sector_period.add(member, sector, joined, moved_on - datetime.timedelta(days=1))
            t.sector_period.add(member, later, moved_on, None)
        else:
            t.sector_period.add(member, sector, joined, left)
        ids.append(member)
        if joined == start and left is None:
            originals.append(member)
        else:
            tenure[member] = (joined, left or datetime.date.max)
    roster = Roster(members=ids, standing=_seats(t, body, originals, rng), tenure=tenure)
    if body.groups:
        _groups(t, body, roster, originals, year, rng)
    return roster


def _seats(t, body: Body, originals: list[int], rng: random.Random) -> list[int]:
    """Chair, vice chairs, secretary-general and Standing Committee members (~12%)."""
    vice_chairs = {"provincial": 8, "municipal": 6}.get(body.level, 4)
    count = max(3, round(len(originals) * STANDING_SHARE))
    seated = rng.sample(originals, min(count, len(originals)))
    kinds = ["chair"] + ["vice_chair"] * vice_chairs + ["secretary_general"]
    for i, member in enumerate(seated):
        t.position.add(member, kinds[i] if i < len(kinds) else "standing_member", body.term_start)
    return seated


def _groups(t, body: Body, roster: Roster, originals, year: int, rng: random.Random) -> None:
    """Every member in one liaison group; each group led by an original member, approved by the
    Standing Committee at the start of the term."""
    shuffled = roster.members[:]
    rng.shuffle(shuffled)
    groups = {group: [] for group in body.groups}
    for i, member in enumerate(shuffled):
        groups[body.groups[i % len(body.groups)]].append(member)
    nominated = body.term_start + datetime.timedelta(days=20)
    discussed, approved = (nominated + datetime.timedelta(days=d) for d in (5, 10))
    document = f"政常〔{year - 2}〕{rng.randint(1, 30)}号"
    original = set(originals)
    for group, members in groups.items():
        leader = next((m for m in members if m in original), None)
        for member in members:
            if member == leader:
                approval = t.approval.add(
                    body.id,
                    group,
                    member,
                    "leader",
                    nominated,
                    discussed,
                    approved,
                    document,
                    LeaderApproval.State.APPROVED,
                )
                t.group_membership.add(group, member, "leader", approved, None, approval)
            else:
                joined, left = roster.tenure.get(member, (body.term_start, None))
                left = None if left == datetime.date.max else left
                t.group_membership.add(group, member, "member", joined, left, None)
        roster.group_members[group] = members
