"""The committee tree: a province, its cities and their counties, each with its term, sectors,
special committees, handling units and (counties) liaison groups."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from committees.models import Committee, SpecialCommittee, Term
from liaison.models import LiaisonGroup
from proposals.models import HandlingUnit
from sectors.models import Sector

from . import names
from .writer import Writer

#: Shares of the members: the province committee, all city committees, all county committees.
PROVINCE_SHARE, CITY_SHARE = 0.02, 0.14
TYPICAL_COUNTY = 200
COUNTIES_PER_CITY = 12
SMALLEST = 10


@dataclass
class Body:
    """One committee being generated, and the ids of what it holds."""

    id: int
    level: str
    name: str
    size: int
    term_id: int = 0
    term_start: datetime.date | None = None
    sectors: list[int] = field(default_factory=list)
    special_committees: list[int] = field(default_factory=list)
    units: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)


def plan(
    members: int, rng: random.Random, *, cities: int | None, counties_per_city: int | None
) -> tuple[int, list[list[int]], list[int]]:
    """Sizes: (province, [[county sizes] per city], [city sizes]) adding up to ``members``."""
    if cities is None:
        counties = max(1, round(members * (1 - PROVINCE_SHARE - CITY_SHARE) / TYPICAL_COUNTY))
        cities = max(1, round(counties / COUNTIES_PER_CITY))
    if counties_per_city is None:
        counties_per_city = max(
            1,
            round(members * (1 - PROVINCE_SHARE - CITY_SHARE) / TYPICAL_COUNTY / cities),
        )
    province = max(SMALLEST, round(members * PROVINCE_SHARE))
    city_sizes = [max(SMALLEST, round(members * CITY_SHARE / cities))] * cities
    rest = members - province - sum(city_sizes)
    weights = [[rng.uniform(0.5, 1.5) for _ in range(counties_per_city)] for _ in range(cities)]
    total = sum(map(sum, weights))
    county_sizes = [[max(SMALLEST, int(rest * w / total)) for w in city] for city in weights]
    # Rounding leftovers go to the first county, so the sizes add up exactly.
    county_sizes[0][0] += members - province - sum(city_sizes) - sum(map(sum, county_sizes))
    if county_sizes[0][0] < SMALLEST:
        raise ValueError("Too few members for this many committees.")
    return province, county_sizes, city_sizes


def build(
    writer: Writer,
    *,
    province_name: str,
    members: int,
    year: int,
    rng: random.Random,
    cities: int | None = None,
    counties_per_city: int | None = None,
) -> list[Body]:
    province_size, county_sizes, city_sizes = plan(
        members, rng, cities=cities, counties_per_city=counties_per_city
    )
    committees = writer.declare(
        Committee, "name", "short_name", "level", "parent_id", "region", "path"
    )
    terms = writer.declare(Term, "committee_id", "number", "start_date", "end_date")
    specials = writer.declare(SpecialCommittee, "committee_id", "name")
    sectors = writer.declare(Sector, "committee_id", "name", "code", "display_order")
    units = writer.declare(HandlingUnit, "committee_id", "name", "short_name")
    groups = writer.declare(
        LiaisonGroup, "committee_id", "name", "kind", "area_name", "display_order"
    )
    term_start = datetime.date(year - 2, 1, 10)
    bodies: list[Body] = []

    def committee(level, region, size, parent=None, parent_path="/"):
        path = f"{parent_path}{committees.next_id}/"
        body = Body(
            committees.add(f"政协{region}委员会", f"{region}政协", level, parent, region, path),
            level,
            f"政协{region}委员会",
            size,
        )
        body.term_start = term_start
        body.term_id = terms.add(body.id, 13, term_start, datetime.date(year + 3, 1, 9))
        pool = names.SECTORS if level != Committee.Level.COUNTY else names.COUNTY_SECTORS
        count = {"provincial": 34, "municipal": 26}.get(level, rng.randint(15, 20))
        body.sectors = [
            sectors.add(body.id, name, f"S{i + 1:02d}", i + 1)
            for i, name in enumerate(pool[:count])
        ]
        body.special_committees = [
            specials.add(body.id, name) for name in names.SPECIAL_COMMITTEES[: rng.randint(5, 8)]
        ]
        prefix = {"provincial": "省", "municipal": "市"}.get(level, "县")
        body.units = [
            units.add(body.id, f"{region}{name}", f"{prefix}{name}")
            for name in names.HANDLING_UNITS
        ]
        if level == Committee.Level.COUNTY:
            count = min(30, max(10, size // 10))
            areas = _distinct(rng, count)
            body.groups = [
                groups.add(body.id, f"{area}联络组", "township", area, i + 1)
                for i, area in enumerate(areas)
            ]
        bodies.append(body)
        return body, path

    province, province_path = committee(Committee.Level.PROVINCIAL, province_name, province_size)
    city_names = _distinct(rng, len(city_sizes), pool=names.CITIES, suffix="市")
    for city_name, city_size, counties in zip(city_names, city_sizes, county_sizes, strict=True):
        city, city_path = committee(
            Committee.Level.MUNICIPAL,
            f"{province_name}{city_name}",
            city_size,
            province.id,
            province_path,
        )
        for county_name, size in zip(
            _distinct(rng, len(counties), suffix="县"), counties, strict=True
        ):
            committee(
                Committee.Level.COUNTY,
                f"{province_name}{city_name}{county_name}",
                size,
                city.id,
                city_path,
            )
    return bodies


def _distinct(rng: random.Random, count: int, *, pool=None, suffix="镇") -> list[str]:
    """``count`` different place names: from ``pool`` while it lasts, then made up."""
    chosen = list(pool[:count]) if pool else []
    seen = set(chosen)
    while len(chosen) < count:
        name = names.place_name(rng)
        if name not in seen:
            seen.add(name)
            chosen.append(name)
    return [f"{name}{suffix}" for name in chosen]
