"""Demo committees, sectors, members and logins."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from accounts.models import User
from accounts.services import staff_group_sync
from committees.models import Committee, SpecialCommittee, Term
from liaison import services as liaison_services
from members import services as members_services
from members.models import Member, Party, Position, SectorMembership
from sectors.models import Sector, SectorConvener

from . import data

DEMO_PASSWORD = "demo-pass-2026"


@dataclass
class County:
    committee: Committee
    term: Term
    sectors: list[Sector]
    members: list[Member]


def person_name(rng: random.Random, used: set[str]) -> str:
    while True:
        given = "".join(rng.choice(data.GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
        name = rng.choice(data.SURNAMES) + given
        if name not in used:
            used.add(name)
            return name


def committees() -> tuple[Committee, Committee]:
    city = Committee.objects.create(
        name=data.CITY_COMMITTEE,
        short_name="江州市政协",
        level=Committee.Level.MUNICIPAL,
        region=data.CITY_REGION,
    )
    county = Committee.objects.create(
        name=data.COUNTY_COMMITTEE,
        short_name="清河县政协",
        level=Committee.Level.COUNTY,
        parent=city,
        region=data.COUNTY_REGION,
    )
    return city, county


def populate_members(
    committee: Committee,
    *,
    sector_names: list[str],
    count: int,
    rng: random.Random,
    term_number: int,
    term_start: datetime.date,
    townships: list[str],
) -> County:
    term = Term.objects.create(
        committee=committee,
        number=term_number,
        start_date=term_start,
        end_date=term_start.replace(year=term_start.year + 5) - datetime.timedelta(days=1),
    )
    for name in data.SPECIAL_COMMITTEES:
        SpecialCommittee.objects.create(committee=committee, name=name)
    sectors = Sector.objects.bulk_create(
        Sector(committee=committee, name=name, display_order=i)
        for i, name in enumerate(sector_names, start=1)
    )
    used: set[str] = set()
    members = []
    for i in range(count):
        sector = sectors[i % len(sectors)]
        unit, title = rng.choice(data.WORK_UNITS.get(sector.name, data.WORK_UNITS["特邀界"]))
        parties = data.PARTY_BY_SECTOR.get(sector.name, ["cpc", "non_party", "non_party"])
        joined = term_start if i < count - 6 else term_start.replace(year=term_start.year + 2)
        members.append(
            Member(
                committee=committee,
                term=term,
                sector=sector,
                member_number=f"{term_number:02d}{i + 1:03d}",
                name=person_name(rng, used),
                gender=rng.choice([Member.Gender.MALE, Member.Gender.MALE, Member.Gender.FEMALE]),
                birth_date=datetime.date(
                    rng.randint(1962, 1992), rng.randint(1, 12), rng.randint(1, 28)
                ),
                ethnicity=rng.choice(["汉族"] * 9 + ["回族"]),
                education=rng.choice(["大学本科", "硕士研究生", "大学专科", "博士研究生"]),
                profession=title,
                party=Party(rng.choice(parties)),
                work_unit=unit,
                title=title,
                township=townships[i % len(townships)],
                phone=f"139{rng.randint(10000000, 99999999)}",
                joined_on=joined,
            )
        )
    # Two members left mid-term; their duties before leaving still count for their sector.
    for member, status in zip(
        members[-2:], [Member.Status.RESIGNED, Member.Status.REPLACED], strict=True
    ):
        member.status = status
        member.left_on = term_start.replace(year=term_start.year + 4, month=6, day=30)
        member.status_note = "因工作调动" if status == Member.Status.RESIGNED else "按程序更换"
    members = Member.objects.bulk_create(members)
    SectorMembership.objects.bulk_create(
        SectorMembership(member=m, sector=m.sector, start_date=m.joined_on) for m in members
    )
    # Standing Committee: about one in five members, the first few as chair and vice chairs.
    positions = [Position(member=members[0], kind=Position.Kind.CHAIR, start_date=term_start)]
    positions += [
        Position(member=m, kind=Position.Kind.VICE_CHAIR, start_date=term_start)
        for m in members[1:4]
    ]
    positions += [
        Position(member=m, kind=Position.Kind.STANDING_MEMBER, start_date=term_start)
        for m in members[4 : count // 5]
    ]
    Position.objects.bulk_create(positions)
    for sector in sectors:
        first = next(m for m in members if m.sector_id == sector.pk)
        SectorConvener.objects.create(
            sector=sector, member=first, role=SectorConvener.Role.CONVENER, start_date=term_start
        )
    return County(committee=committee, term=term, sectors=sectors, members=members)


def login(
    username: str,
    *,
    name: str,
    committee: Committee | None,
    staff: bool = False,
    superuser: bool = False,
) -> User:
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "name": name,
            "committee": committee,
            "is_staff": staff or superuser,
            "is_superuser": superuser,
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    if staff and not superuser:
        user.groups.add(staff_group_sync())
    return user


def seats_commendations_and_moves(county: County, groups, *, rng: random.Random, year: int) -> None:
    """Special-committee seats, commendations, and one member who changed sector and group mid-year
    (so the demo shows statistics attributed to the sector and group of the day)."""
    specials = list(county.committee.special_committees.all())
    active = [m for m in county.members if m.status == Member.Status.ACTIVE]
    for i, member in enumerate(active[:40]):
        members_services.special_committee_membership_start(
            member=member,
            special_committee=specials[i % len(specials)],
            start_date=county.term.start_date,
            role="director" if i < len(specials) else "member",
        )
    levels = ["municipal", "county", "county", "provincial"]
    for i, member in enumerate(rng.sample(active, 8)):
        members_services.commendation_create(
            member=member,
            level=levels[i % len(levels)],
            title="优秀政协委员",
            awarded_on=datetime.date(year - 1, 12, 28),
            awarded_by="政协江州市委员会" if i % 4 == 0 else "政协清河县委员会",
        )
    mover = active[30]
    moved_on = datetime.date(year, 7, 1)
    new_sector = next(s for s in county.sectors if s.pk != mover.sector_id)
    members_services.member_move_sector(member=mover, sector=new_sector, effective_date=moved_on)
    current = mover.liaison_memberships.get(end_date__isnull=True).group_id
    liaison_services.group_move_member(
        member=mover, group=next(g for g in groups if g.pk != current), effective_date=moved_on
    )
