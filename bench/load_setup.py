"""The load benchmark's database: a copy of the generated province, with the people who sign in.

Run inside Django (``bench/load.py`` calls ``prepare`` after ``django.setup()``). Everything here
is idempotent: a second run finds what the first made and changes nothing.

The copy is changed in one way beyond adding sign-ins: the generator gives a provincial
committee about thirty sectors of some thirty members each (as a real one has), while the issue
asks for a sector board of about 500 members. So ``BOARD_SIZE`` of the province's serving members
are moved into its biggest sector (their sector periods and their current sector, in SQL), and
the committee's year is recomputed so that the ledger and the results agree with the move.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from assessment.engine import recompute
from assessment.engine.scoring import serving
from assessment.models import Result
from committees.models import Committee
from cppcc.demo.people import login
from members.models import Member, SectorMembership
from proposals.models import HandlingUnitUser, ProposalAssignment
from sectors.models import Sector, SectorConvener

BOARD_SIZE = 500
PREFIX = "bench-load-"


@dataclass
class Personas:
    """Who signs in, and the ids the pages need."""

    year: int
    committee_id: int
    sector_id: int
    board_members: int
    member_id: int
    unit_id: int
    cookies: dict[str, str]
    token: str


def _province() -> int:
    """The committee with the most members (the province in a generated tree)."""
    row = Member.objects.values("committee_id").annotate(n=Count("pk")).order_by("-n").first()
    return row["committee_id"]


def _board_members(sector_id: int, year: int) -> list[int]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return list(
        SectorMembership.objects.filter(sector_id=sector_id, start_date__lte=end)
        .exclude(end_date__lt=start)
        .values_list("member_id", flat=True)
        .distinct()
    )


def _big_sector(committee_id: int, year: int) -> int:
    """The committee's biggest sector, made ``BOARD_SIZE`` strong if it is not yet."""
    sectors = Sector.objects.filter(committee_id=committee_id)
    sector_id = (
        sectors.annotate(n=Count("members")).order_by("-n", "pk").values_list("pk", flat=True)[0]
    )
    missing = BOARD_SIZE - len(_board_members(sector_id, year))
    if missing <= 0:
        return sector_id
    movers = list(
        Member.objects.filter(serving(year), committee_id=committee_id)
        .exclude(sector_id=sector_id)
        .order_by("pk")
        .values_list("pk", flat=True)[:missing]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE members_sectormembership SET sector_id = %s WHERE member_id = ANY(%s)",
            [sector_id, movers],
        )
        cursor.execute(
            "UPDATE members_member SET sector_id = %s WHERE id = ANY(%s)", [sector_id, movers]
        )
    recompute(committee_id=committee_id, year=year)
    return sector_id


def _person(role: str, committee_id: int, *, staff: bool = False) -> User:
    committee = Committee.objects.get(pk=committee_id)
    return login(f"{PREFIX}{role}", name=f"压测{role}", committee=committee, staff=staff)


def _cookie(user: User) -> str:
    """A signed-in session for ``user``, as the sign-in form would leave it (stored in the
    database; signed with this process's SECRET_KEY, which the server shares)."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def prepare(year: int | None = None) -> Personas:
    year = year or timezone.localdate().year
    committee_id = _province()
    sector_id = _big_sector(committee_id, year)
    board = _board_members(sector_id, year)
    if Result.objects.filter(committee_id=committee_id, year=year).count() < len(board):
        recompute(committee_id=committee_id, year=year)

    # The member: the first on the board with a result (a user of their own).
    member = (
        Member.objects.filter(pk__in=board, assessment_results__year=year, left_on__isnull=True)
        .order_by("pk")
        .first()
    )
    member_user = _person("member", committee_id)
    Member.objects.filter(user=member_user).exclude(pk=member.pk).update(user=None)
    Member.objects.filter(pk=member.pk).update(user=member_user)

    # The convener: another member of the board, convening it since the term began.
    convener = Member.objects.filter(pk__in=board).exclude(pk=member.pk).order_by("pk").first()
    convener_user = _person("convener", committee_id)
    Member.objects.filter(user=convener_user).exclude(pk=convener.pk).update(user=None)
    Member.objects.filter(pk=convener.pk).update(user=convener_user)
    SectorConvener.objects.get_or_create(
        sector_id=sector_id,
        member=convener,
        defaults={"start_date": convener.term.start_date},
    )

    # The handling unit with the most assignments in the province.
    unit_id = (
        ProposalAssignment.objects.filter(unit__committee_id=committee_id)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit_id")[0]["unit_id"]
    )
    unit_user = _person("unit", committee_id)
    HandlingUnitUser.objects.get_or_create(user=unit_user, unit_id=unit_id)

    staff = _person("staff", committee_id, staff=True)
    token, _created = Token.objects.get_or_create(user=staff)
    return Personas(
        year=year,
        committee_id=committee_id,
        sector_id=sector_id,
        board_members=len(board),
        member_id=member.pk,
        unit_id=unit_id,
        cookies={
            name: _cookie(user)
            for name, user in {
                "member": member_user,
                "convener": convener_user,
                "unit": unit_user,
                "staff": staff,
            }.items()
        },
        token=token.key,
    )
