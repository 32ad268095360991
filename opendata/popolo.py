"""A committee's members, sectors, special committees and seats as Popolo JSON.

Popolo (https://www.popoloproject.com, CC BY 4.0) is what parliamentary-monitoring tools read:
``persons``, ``organizations`` (the committee, its sectors and special committees, the parties,
the members' work units), ``posts`` (the leadership and Standing Committee seats) and dated
``memberships`` linking them. Only what the committee publishes about its members goes out —
name, gender, party, sector, work unit and title, memberships with their dates — never a phone
number, an email, an identity number or a birth date.

Reads only: six queries however many members the committee has.
"""

from __future__ import annotations

import hashlib

from django.db.models import Prefetch

from committees.models import Committee, SpecialCommittee
from members.models import Member, Party, Position, SectorMembership, SpecialCommitteeMembership
from sectors.models import Sector


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _dated(item: dict, start, end) -> dict:
    if start:
        item["start_date"] = _date(start)
    if end:
        item["end_date"] = _date(end)
    return item


def committee_id(committee: Committee) -> str:
    return f"committee/{committee.pk}"


def sector_id(sector_pk: int) -> str:
    return f"sector/{sector_pk}"


def special_committee_id(pk: int) -> str:
    return f"special-committee/{pk}"


def party_id(code: str) -> str:
    return f"party/{code}"


def work_unit_id(name: str) -> str:
    return "work-unit/" + hashlib.sha256(name.encode()).hexdigest()[:16]


def person_id(member_pk: int) -> str:
    return f"person/{member_pk}"


def post_id(committee: Committee, kind: str) -> str:
    return f"post/{committee.pk}/{kind}"


def committee_popolo(committee: Committee) -> dict[str, list[dict]]:
    """``{"persons", "organizations", "memberships", "posts"}`` for one committee."""
    members = list(
        Member.objects.filter(committee=committee)
        .prefetch_related(
            Prefetch("sector_periods", SectorMembership.objects.order_by("start_date")),
            Prefetch("positions", Position.objects.order_by("start_date")),
            Prefetch(
                "special_committee_memberships",
                SpecialCommitteeMembership.objects.order_by("start_date"),
            ),
        )
        .order_by("name", "pk")
    )
    own = committee_id(committee)
    organizations = [_committee(committee)]
    organizations += [
        {
            "id": sector_id(sector.pk),
            "name": sector.name,
            "classification": "sector",
            "parent_id": own,
        }
        for sector in Sector.objects.filter(committee=committee)
    ]
    organizations += [
        {
            "id": special_committee_id(special.pk),
            "name": special.name,
            "classification": "special_committee",
            "parent_id": own,
        }
        for special in SpecialCommittee.objects.filter(committee=committee)
    ]
    parties = sorted({member.party for member in members})
    organizations += [
        {"id": party_id(code), "name": str(Party(code).label), "classification": "party"}
        for code in parties
    ]
    units = sorted({member.work_unit for member in members if member.work_unit})
    organizations += [
        {"id": work_unit_id(name), "name": name, "classification": "work_unit"} for name in units
    ]
    posts = [
        {
            "id": post_id(committee, kind),
            "label": str(label),
            "role": str(label),
            "organization_id": own,
        }
        for kind, label in Position.Kind.choices
    ]
    persons, memberships = [], []
    for member in members:
        persons.append(_person(member))
        memberships.extend(_memberships(member, committee))
    return {
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "posts": posts,
    }


def _committee(committee: Committee) -> dict:
    item = {
        "id": committee_id(committee),
        "name": committee.name,
        "classification": "committee",
        "area": {"name": committee.region},
    }
    if committee.short_name:
        item["other_names"] = [{"name": committee.short_name, "note": "short name"}]
    if committee.region_code:
        item["area_id"] = f"cn-division/{committee.region_code}"
        item["area"]["id"] = item["area_id"]
    if committee.parent_id:
        item["parent_id"] = f"committee/{committee.parent_id}"
    return item


def _person(member: Member) -> dict:
    return {
        "id": person_id(member.pk),
        "name": member.name,
        "sort_name": member.name,
        "gender": member.gender,
    }


def _memberships(member: Member, committee: Committee) -> list[dict]:
    person = person_id(member.pk)
    status = str(Member.Status(member.status).label)
    found = [
        # The seat on the committee for the term, on behalf of the current sector.
        _dated(
            {
                "id": f"membership/{member.pk}/committee",
                "person_id": person,
                "organization_id": committee_id(committee),
                "on_behalf_of_id": sector_id(member.sector_id),
                "role": "member",
                "label": status,
            },
            member.joined_on,
            member.left_on,
        ),
        {
            "id": f"membership/{member.pk}/party",
            "person_id": person,
            "organization_id": party_id(member.party),
            "role": "member",
        },
    ]
    if member.work_unit:
        unit = {
            "id": f"membership/{member.pk}/work-unit",
            "person_id": person,
            "organization_id": work_unit_id(member.work_unit),
            "role": "employee",
        }
        if member.title:
            unit["label"] = member.title
        found.append(unit)
    found += [
        _dated(
            {
                "id": f"membership/{member.pk}/sector/{period.pk}",
                "person_id": person,
                "organization_id": sector_id(period.sector_id),
                "role": "member",
            },
            period.start_date,
            period.end_date,
        )
        for period in member.sector_periods.all()
    ]
    found += [
        _dated(
            {
                "id": f"membership/{member.pk}/post/{position.pk}",
                "person_id": person,
                "organization_id": committee_id(committee),
                "post_id": post_id(committee, position.kind),
                "role": str(position.get_kind_display()),
            },
            position.start_date,
            position.end_date,
        )
        for position in member.positions.all()
    ]
    found += [
        _dated(
            {
                "id": f"membership/{member.pk}/special-committee/{seat.pk}",
                "person_id": person,
                "organization_id": special_committee_id(seat.special_committee_id),
                "role": str(seat.get_role_display()),
            },
            seat.start_date,
            seat.end_date,
        )
        for seat in member.special_committee_memberships.all()
    ]
    return found
