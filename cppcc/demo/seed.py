"""Build the demo picture: a municipal committee and a county committee below it, a year of work.

Idempotent: when the demo county already exists only the demo logins are refreshed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessment import signals as assessment_signals
from assessment.engine import recompute
from committees.models import Committee
from members.models import Member, Position
from sectors.models import SectorConvener

from . import activities, data, people
from . import assessment as demo_assessment
from . import bulletins as demo_bulletins
from . import evaluations as demo_evaluations
from . import notifications as demo_notifications
from . import proposals as demo_proposals


@dataclass
class DemoResult:
    created: bool
    city: Committee
    county: Committee
    users: dict[str, User] = field(default_factory=dict)
    county_members: list[Member] = field(default_factory=list)


LOGINS = [
    ("admin", "平台管理员", "superuser"),
    ("staff", "清河县政协办公室 刘敏", "county staff"),
    ("city_staff", "江州市政协办公室 陈静", "city staff"),
    ("member", None, "member"),
    ("convener", None, "convener"),
    ("leader", None, "leader"),
    ("unit", "县教育局 办公室 赵强", "handling unit"),
]


def demo_year(today: datetime.date) -> int:
    """The year the demo fills: this year once it has some weeks behind it, else last year."""
    return today.year if today >= datetime.date(today.year, 3, 1) else today.year - 1


@transaction.atomic
def seed_demo(*, seed: int = 2026) -> DemoResult:
    existing = Committee.objects.filter(name=data.COUNTY_COMMITTEE).first()
    if existing is not None:
        return _refresh_logins(existing)
    # Records are loaded without a recompute request each; the year is scored once at the end.
    with assessment_signals.paused():
        result = _seed(seed)
    year = demo_year(timezone.localdate())
    recompute(committee_id=result.county.pk, year=year)
    demo_assessment.results_story(
        result.county, year, staff=result.users["staff"], member_user=result.users["member"]
    )
    return result


def _seed(seed: int) -> DemoResult:
    today = timezone.localdate()
    year = demo_year(today)
    last_day = min(datetime.date(year, 12, 20), today - datetime.timedelta(days=1))
    rng = random.Random(seed)

    city, county_committee = people.committees()
    term_start = datetime.date(year - 4, 1, 8)
    county = people.populate_members(
        county_committee,
        sector_names=data.SECTORS,
        count=138,
        rng=rng,
        term_number=12,
        term_start=term_start,
        townships=data.TOWNSHIPS + data.AGENCY_GROUPS,
    )
    people.populate_members(
        city,
        sector_names=data.CITY_SECTORS,
        count=30,
        rng=rng,
        term_number=9,
        term_start=term_start,
        townships=["市直机关"],
    )
    users = _logins(city, county_committee)
    staff = users["staff"]

    groups = activities.liaison_groups(county, rng=rng, since=term_start, year=year, staff=staff)
    people.seats_commendations_and_moves(county, groups, rng=rng, year=year)
    standing = list(
        Member.objects.filter(committee=county_committee, positions__isnull=False).distinct()
    )
    leaders = list(
        Member.objects.filter(
            committee=county_committee,
            positions__kind__in=[Position.Kind.CHAIR, Position.Kind.VICE_CHAIR],
        )
    )
    activities.meetings_year(
        county,
        rng=rng,
        year=year,
        last_day=last_day,
        staff=staff,
        standing=standing,
        leaders=leaders,
    )
    points = activities.contact_points(county, groups, rng=rng, year=year)
    activities.contact_activities(
        county, points, groups, rng=rng, year=year, last_day=last_day, staff=staff
    )
    activities.supervision_topics(county, rng=rng, year=year, last_day=last_day, staff=staff)
    units = demo_proposals.handling_units(county, users["unit"])
    active = [m for m in county.members if m.status == Member.Status.ACTIVE]
    demo_proposals.proposals(county, units, rng=rng, year=year, staff=staff, proposers=active[:60])
    demo_proposals.social_reports(county, rng=rng, year=year, staff=staff)
    demo_proposals.clues(county, staff=staff)
    demo_assessment.county_scheme(county_committee, year)
    demo_evaluations.county_evaluations(county_committee, year - 1, rng=rng, staff=staff)
    _link_role_members(users, county)
    demo_notifications.notifications(county_committee, users, today=today)
    demo_bulletins.bulletins(county_committee, users, today=today)
    return DemoResult(
        created=True, city=city, county=county_committee, users=users, county_members=county.members
    )


def _logins(city: Committee, county: Committee) -> dict[str, User]:
    return {
        "admin": people.login("admin", name="平台管理员", committee=None, superuser=True),
        "staff": people.login("staff", name="刘敏", committee=county, staff=True),
        "city_staff": people.login("city_staff", name="陈静", committee=city, staff=True),
        "member": people.login("member", name="", committee=county),
        "convener": people.login("convener", name="", committee=county),
        "leader": people.login("leader", name="", committee=county),
        "unit": people.login("unit", name="赵强", committee=county),
    }


def _link_role_members(users: dict[str, User], county_members: people.County) -> None:
    committee = county_members.committee
    convener = (
        SectorConvener.objects.filter(sector__committee=committee).order_by("pk").first().member
    )
    leader = (
        Member.objects.filter(
            committee=committee,
            liaison_memberships__role="leader",
            liaison_memberships__end_date__isnull=True,
        )
        .exclude(pk=convener.pk)
        .order_by("pk")
        .first()
    )
    taken = {convener.pk, leader.pk}
    member = next(
        m
        for m in county_members.members[20:]
        if m.pk not in taken and m.status == Member.Status.ACTIVE
    )
    for key, linked in (("member", member), ("convener", convener), ("leader", leader)):
        linked.user = users[key]
        linked.save(update_fields=["user"])
        users[key].name = linked.name
        users[key].save(update_fields=["name"])


def _refresh_logins(county: Committee) -> DemoResult:
    city = county.parent
    users = {}
    for username, *_rest in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is not None:
            user.set_password(people.DEMO_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
            users[username] = user
    return DemoResult(
        created=False,
        city=city,
        county=county,
        users=users,
        county_members=list(county.members.all()),
    )
