"""A committee's members as Popolo JSON: valid against the published schemas, only public facts,
only for the committee's staff (and staff above it), the same from the API and the command."""

from __future__ import annotations

import datetime
import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3
from rest_framework.test import APIClient

from committees.models import Committee
from members.models import Party, Position
from tests.factories.core import (
    CommitteeFactory,
    SectorFactory,
    SpecialCommitteeFactory,
    StaffUserFactory,
)
from tests.factories.meetings import member_of
from tests.factories.members import (
    PositionFactory,
    SectorMembershipFactory,
    SpecialCommitteeMembershipFactory,
)

pytestmark = pytest.mark.django_db

KINDS = {"persons": "person", "organizations": "organization", "memberships": "membership"}
KINDS["posts"] = "post"


#: Where the workplace keeps the shared files when the project is cloned somewhere else (CI).
WORKPLACE_SHARED = Path("/work/shared/popolo/schemas")


def schemas_dir() -> Path:
    """The published Popolo schemas (CC BY 4.0), kept beside the project, never copied into it:
    ``$POPOLO_SCHEMAS_DIR``, else ``../shared/popolo/schemas`` beside the checkout, else the
    workplace's shared folder."""
    if "POPOLO_SCHEMAS_DIR" in os.environ:
        return Path(os.environ["POPOLO_SCHEMAS_DIR"])
    beside = Path(settings.BASE_DIR).parent / "shared" / "popolo" / "schemas"
    return beside if beside.is_dir() else WORKPLACE_SHARED


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft3Validator]:
    folder = schemas_dir()
    if not (folder / "person.json").is_file():
        pytest.fail(f"The Popolo schemas are missing from {folder} (set POPOLO_SCHEMAS_DIR)")
    schemas = {path.stem: json.loads(path.read_text()) for path in folder.glob("*.json")}
    registry = Registry().with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3))
        for schema in schemas.values()
    )
    return {
        name: Draft3Validator(schemas[name], registry=registry, format_checker=None)
        for name in KINDS.values()
    }


def _errors(document: dict, validators) -> list[str]:
    found = []
    for key, schema in KINDS.items():
        for item in document[key]:
            for error in validators[schema].iter_errors(item):
                found.append(f"{key} {item.get('id')}: {error.message}")
    return found


@pytest.fixture
def staffed(committee):
    """A committee with a sector move, a Standing Committee seat, a special committee seat and a
    member who left mid-term."""
    economy, education = SectorFactory(committee=committee), SectorFactory(committee=committee)
    moved = member_of(
        committee,
        name="李明",
        sector=economy,
        party=Party.CDL,
        work_unit="县第一中学",
        title="校长",
        phone="13800000000",
        email="liming@example.cn",
        birth_date=datetime.date(1970, 5, 6),
    )
    moved.sector_periods.update(end_date=datetime.date(2023, 12, 31))
    SectorMembershipFactory(
        member=moved, sector=education, start_date=datetime.date(2024, 1, 1), end_date=None
    )
    type(moved).objects.filter(pk=moved.pk).update(sector=education)
    PositionFactory(member=moved, kind=Position.Kind.STANDING_MEMBER)
    special = SpecialCommitteeFactory(committee=committee, name="提案委员会")
    SpecialCommitteeMembershipFactory(member=moved, special_committee=special)
    member_of(
        committee,
        name="王芳",
        sector=economy,
        party=Party.CPC,
        status="resigned",
        left_on=datetime.date(2024, 6, 30),
    )
    return committee


def _get(user, committee):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(f"/api/v1/popolo/{committee.pk}/")


def test_it_validates_every_item_against_the_popolo_schemas(staffed, staff, validators):
    response = _get(staff, staffed)

    assert response.status_code == 200
    document = response.json()
    assert {len(document[key]) > 0 for key in KINDS} == {True}
    assert _errors(document, validators) == []


def test_the_validator_is_not_vacuous(validators):
    wrong = {
        "persons": [{"id": "person/1", "birth_date": "yesterday"}],
        "organizations": [{"id": 7}],
        "memberships": [{"start_date": "2024/01/01"}],
        "posts": [{"label": ["not", "a", "string"]}],
    }
    assert len(_errors(wrong, validators)) == 4


def test_every_membership_points_at_something_in_the_file(staffed, staff):
    document = _get(staff, staffed).json()
    ids = {item["id"] for key in ("persons", "organizations", "posts") for item in document[key]}

    for membership in document["memberships"]:
        for field in ("person_id", "organization_id", "post_id", "on_behalf_of_id"):
            if field in membership:
                assert membership[field] in ids, (field, membership)


def test_it_shows_sector_history_seats_and_departures_with_dates(staffed, staff):
    document = _get(staff, staffed).json()
    li = next(person for person in document["persons"] if person["name"] == "李明")
    mine = [m for m in document["memberships"] if m["person_id"] == li["id"]]
    names = {org["id"]: org for org in document["organizations"]}

    sectors = sorted(
        (m["start_date"], m.get("end_date"))
        for m in mine
        if names[m["organization_id"]]["classification"] == "sector"
    )
    assert sectors == [("2022-01-10", "2023-12-31"), ("2024-01-01", None)]
    assert any(m.get("post_id", "").endswith("/standing_member") for m in mine)
    assert any(names[m["organization_id"]]["name"] == "提案委员会" for m in mine)
    party = next(m for m in mine if names[m["organization_id"]]["classification"] == "party")
    assert names[party["organization_id"]]["name"] == "中国民主同盟"
    unit = next(m for m in mine if names[m["organization_id"]]["classification"] == "work_unit")
    assert (names[unit["organization_id"]]["name"], unit["label"]) == ("县第一中学", "校长")
    wang = next(person for person in document["persons"] if person["name"] == "王芳")
    seat = next(
        m
        for m in document["memberships"]
        if m["person_id"] == wang["id"] and m["organization_id"] == f"committee/{staffed.pk}"
    )
    assert seat["end_date"] == "2024-06-30"


def test_it_never_gives_out_private_details(staffed, staff):
    text = _get(staff, staffed).content.decode()

    for private in ("13800000000", "liming@example.cn", "1970-05-06", "birth", "phone", "email"):
        assert private not in text


def test_another_committees_staff_and_members_are_told_it_does_not_exist(staffed, people):
    for user in (people.other_staff, people.member, people.convener, people.unit_user):
        assert _get(user, staffed).status_code == 404


def test_staff_of_the_committee_above_may_download_it(committee):
    parent = CommitteeFactory(level=Committee.Level.MUNICIPAL)
    committee.parent = parent
    committee.save()
    member_of(committee)

    assert _get(StaffUserFactory(committee=parent), committee).status_code == 200
    assert _get(StaffUserFactory(committee=committee), parent).status_code == 404


def test_the_query_count_does_not_grow_with_the_members(
    committee, staff, django_assert_num_queries
):
    def measure(count: int) -> None:
        while committee.members.count() < count:
            member = member_of(committee)
            PositionFactory(member=member)
        with django_assert_num_queries(queries):
            assert len(_get(staff, committee).json()["persons"]) == count

    # A savepoint and its release; the user's roles (2); the committee; the members and their
    # sector periods, seats and special-committee places; the sectors; the special committees.
    queries = 11
    measure(2)
    measure(10)


def test_the_command_writes_the_same_document(staffed, staff, tmp_path):
    out = io.StringIO()
    call_command("export_popolo", str(staffed.pk), stdout=out)
    target = tmp_path / "popolo.json"
    call_command("export_popolo", staffed.name, output=str(target))

    api = _get(staff, staffed).json()
    assert json.loads(out.getvalue()) == api
    assert json.loads(target.read_text(encoding="utf-8")) == api


def test_the_command_refuses_an_unknown_committee(db):
    with pytest.raises(CommandError):
        call_command("export_popolo", "没有这个委员会")
