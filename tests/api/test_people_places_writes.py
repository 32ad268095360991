"""The people-and-places writes do what staff would notice, refuse what the services refuse
(per field, in Chinese), and leave nothing half-saved. Who may: endpoints_people_writes.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from committees.models import Committee
from liaison.models import ContactPoint, LiaisonGroup, LiaisonGroupMembership, OnDutyShift
from members.models import Member, SectorMembership
from sectors.models import Sector
from tests.factories.core import CommitteeFactory, SectorFactory
from tests.factories.liaison import (
    LeaderApprovalFactory,
    LiaisonGroupFactory,
    LiaisonGroupMembershipFactory,
)
from tests.factories.members import SectorConvenerFactory
from tests.factories.proposals import member_of, term_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    with translation.override("zh-hans"):
        yield client


def test_staff_change_their_committee_but_not_one_below(api, committee):
    below = CommitteeFactory(parent=committee, level=Committee.Level.COUNTY)
    committee.level = Committee.Level.MUNICIPAL
    committee.save()
    url = reverse("api:committee-detail", kwargs={"pk": committee.pk})
    response = api.patch(url, {"short_name": "县政协", "level": "national"}, format="json")
    assert response.status_code == 200, response.json()
    committee.refresh_from_db()
    assert (committee.short_name, committee.level) == ("县政协", "municipal")
    below_url = reverse("api:committee-detail", kwargs={"pk": below.pk})
    assert api.get(below_url).status_code == 200
    assert api.patch(below_url, {"short_name": "x"}, format="json").status_code == 404


def test_a_sector_with_members_is_kept_and_one_without_is_deleted(api, committee):
    used = member_of(committee).sector
    unused = SectorFactory(committee=committee)
    refused = api.delete(reverse("api:sector-detail", kwargs={"pk": used.pk}))
    assert refused.status_code == 409 and refused.json()["code"] == "protected"
    assert api.delete(reverse("api:sector-detail", kwargs={"pk": unused.pk})).status_code == 204
    assert list(Sector.objects.filter(pk__in=[used.pk, unused.pk])) == [used]


def test_a_sector_renamed_to_a_taken_name_is_refused_in_chinese(api, committee):
    first, second = SectorFactory(committee=committee), SectorFactory(committee=committee)
    url = reverse("api:sector-detail", kwargs={"pk": second.pk})
    response = api.patch(url, {"name": first.name}, format="json")
    assert response.status_code == 400
    assert "已有" in str(response.json())
    second.refresh_from_db()
    assert second.name != first.name


def test_a_conveners_term_ends_once(api, committee):
    convener = SectorConvenerFactory(member=member_of(committee))
    url = reverse("api:sector-convener-end", kwargs={"pk": convener.pk})
    assert api.post(url, {}, format="json").json() == {"end_date": ["该字段是必填项。"]}
    response = api.post(url, {"end_date": "2024-06-30"}, format="json")
    assert response.status_code == 200 and response.json()["end_date"] == "2024-06-30"
    again = api.post(url, {"end_date": "2024-07-31"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    convener.refresh_from_db()
    assert convener.end_date == datetime.date(2024, 6, 30)


def _new_member(committee, **overrides):
    return {
        "term": term_of(committee).pk,
        "sector": SectorFactory(committee=committee).pk,
        "name": "新委员",
        "gender": "male",
        "party": "non_party",
        "work_unit": "县第一中学",
        "joined_on": "2022-03-01",
        **overrides,
    }


def test_staff_add_a_member_with_their_first_sector_period(api, committee):
    body = _new_member(committee, phone="13800000000")
    response = api.post(reverse("api:member-list"), body, format="json")
    assert response.status_code == 201, response.json()
    member = Member.objects.get(pk=response.json()["id"])
    assert (member.committee, member.phone) == (committee, "13800000000")
    period = SectorMembership.objects.get(member=member)
    assert (period.sector_id, period.start_date) == (body["sector"], datetime.date(2022, 3, 1))
    assert member.history.count() == 1  # the roster's change history starts with the entry


def test_a_bad_new_member_is_refused_per_field_and_nothing_is_saved(api, committee):
    count = Member.objects.count()
    body = _new_member(committee, name="", joined_on="2030-01-01", gender="x")
    response = api.post(reverse("api:member-list"), body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"name", "gender"}
    outside_term = api.post(
        reverse("api:member-list"), _new_member(committee, joined_on="2030-01-01"), format="json"
    )
    assert outside_term.status_code == 400
    assert set(outside_term.json()) == {"joined_on"}
    assert Member.objects.count() == count


def test_a_member_moves_sector_and_then_leaves_once(api, committee):
    member = member_of(committee)
    old_sector, new_sector = member.sector, SectorFactory(committee=committee)
    move = api.post(
        reverse("api:member-move-sector", kwargs={"pk": member.pk}),
        {"sector": new_sector.pk, "effective_date": "2024-01-01"},
        format="json",
    )
    assert move.status_code == 200 and move.json()["sector"] == new_sector.pk
    periods = SectorMembership.objects.filter(member=member).order_by("start_date")
    assert [(p.sector, p.end_date) for p in periods] == [
        (old_sector, datetime.date(2023, 12, 31)),
        (new_sector, None),
    ]
    leave_url = reverse("api:member-leave", kwargs={"pk": member.pk})
    assert set(api.post(leave_url, {"status": "active"}, format="json").json()) == {
        "status",
        "left_on",
    }
    left = api.post(leave_url, {"status": "resigned", "left_on": "2024-06-30"}, format="json")
    assert left.status_code == 200 and left.json()["status"] == "resigned"
    assert not SectorMembership.objects.filter(member=member, end_date__isnull=True).exists()
    assert member.history.latest().status == "resigned"
    again = api.post(leave_url, {"status": "removed", "left_on": "2024-07-01"}, format="json")
    assert again.status_code == 409
    moved_after = api.post(
        reverse("api:member-move-sector", kwargs={"pk": member.pk}),
        {"sector": old_sector.pk, "effective_date": "2024-08-01"},
        format="json",
    )
    assert moved_after.status_code == 409


def test_staff_create_a_group_and_give_an_approved_leader_the_role(api, committee):
    created = api.post(
        reverse("api:liaison-group-list"), {"name": "城关联络组", "kind": "township"}, format="json"
    )
    assert created.status_code == 201
    group = LiaisonGroup.objects.get(pk=created.json()["id"])
    assert group.committee == committee
    taken = api.post(
        reverse("api:liaison-group-list"), {"name": "城关联络组", "kind": "agency"}, format="json"
    )
    assert taken.status_code == 400 and LiaisonGroup.objects.filter(name="城关联络组").count() == 1
    approval = LeaderApprovalFactory(group=group, approved=True)
    url = reverse("api:liaison-group-set-leader", kwargs={"pk": group.pk})
    other = LeaderApprovalFactory(group__committee=committee, approved=True)
    assert api.post(url, {"approval": other.pk}, format="json").status_code == 400
    pending = LeaderApprovalFactory(group=group, role="deputy", discussed=True)
    refused = api.post(url, {"approval": pending.pk}, format="json")
    assert refused.status_code == 400 and "常委会" in str(refused.json())
    assert not LiaisonGroupMembership.objects.filter(group=group).exists()
    response = api.post(url, {"approval": approval.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["role"] == "leader"
    assert response.json()["start_date"] == str(approval.standing_committee_approved_on)


def test_a_membership_moves_to_another_group_and_an_ended_one_cannot(api, committee):
    membership = LiaisonGroupMembershipFactory(
        group__committee=committee, member=member_of(committee)
    )
    target = LiaisonGroupFactory(committee=committee)
    url = reverse("api:liaison-group-membership-move", kwargs={"pk": membership.pk})
    moved = api.post(url, {"group": target.pk, "effective_date": "2024-01-01"}, format="json")
    assert moved.status_code == 200 and moved.json()["group"] == target.pk
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2023, 12, 31)
    again = api.post(url, {"group": target.pk, "effective_date": "2024-02-01"}, format="json")
    assert again.status_code == 409
    current = LiaisonGroupMembership.objects.get(member=membership.member, end_date=None)
    end_url = reverse("api:liaison-group-membership-end", kwargs={"pk": current.pk})
    assert api.post(end_url, {"end_date": "2024-06-30"}, format="json").status_code == 200
    assert not LiaisonGroupMembership.objects.filter(member=membership.member, end_date=None)


def test_a_contact_point_needs_the_data_behind_its_ticks(api, committee):
    body = {"name": "城关联络点", "kind": "contact_point", "has_phone": True}
    refused = api.post(reverse("api:contact-point-list"), body, format="json")
    assert refused.status_code == 400
    assert "电话" in str(refused.json())
    assert not ContactPoint.objects.exists()
    created = api.post(
        reverse("api:contact-point-list"), {**body, "phone": "0731-1234567"}, format="json"
    )
    assert created.status_code == 201
    assert ContactPoint.objects.get().committee == committee


def test_a_roster_rotates_through_the_points_group(api, committee):
    group = LiaisonGroupFactory(committee=committee)
    members = [member_of(committee) for _ in range(2)]
    for member in members:
        LiaisonGroupMembershipFactory(group=group, member=member)
    point = ContactPoint.objects.create(
        committee=committee, kind="contact_point", name="点", liaison_group=group
    )
    url = reverse("api:contact-point-generate-roster", kwargs={"pk": point.pk})
    # Monday 3 June to Sunday 9 June 2024: five working days.
    response = api.post(url, {"start_date": "2024-06-03", "end_date": "2024-06-09"}, format="json")
    assert response.status_code == 201, response.json()
    assert len(response.json()["created"]) == 5 and response.json()["unfilled"] == []
    assert OnDutyShift.objects.filter(contact_point=point).count() == 5
    bad = api.post(url, {"start_date": "2024-06-03", "end_date": "x"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"end_date"}
