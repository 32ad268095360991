"""The role model: each role is recognised from today's records, at a fixed query cost, and
views refuse people without the role (sign-in for anonymous, 403 for the signed-in)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from accounts.roles import (
    ANONYMOUS,
    RoleRequiredMixin,
    own_member_or_404,
    role_required,
    roles_for,
    roles_for_user,
    scope_convened,
    scope_led,
    scope_own,
    scope_staff,
    scope_units,
)
from liaison.models import LiaisonGroupMembership
from meetings.models import LeaveRequest
from members.models import Member, SectorMembership
from proposals.models import ProposalAssignment
from sectors.models import SectorConvener
from tests.factories.meetings import LeaveRequestFactory, MeetingFactory
from tests.factories.proposals import ProposalAssignmentFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user
    return request


def test_a_member_is_a_member_and_nothing_more(people):
    roles = roles_for_user(people.member)
    assert roles.is_member and roles.member_id == people.member.member.pk
    assert roles.names == {"member"}


def test_a_convener_convenes_their_sector_today(people):
    roles = roles_for_user(people.convener)
    assert roles.convener_of == {people.sector_convened.pk}
    assert roles.names == {"member", "convener"}


def test_a_convener_whose_term_has_ended_is_no_longer_one(people):
    SectorConvener.objects.filter(member__user=people.convener).update(
        end_date=datetime.date(2023, 12, 31)
    )
    assert not roles_for_user(people.convener).is_convener
    assert roles_for_user(people.convener, today=datetime.date(2023, 6, 1)).is_convener


def test_a_leader_leads_their_group_and_an_ordinary_group_member_does_not(people):
    roles = roles_for_user(people.leader)
    assert roles.leader_of == {people.group_led.pk}
    LiaisonGroupMembership.objects.filter(member__user=people.leader).update(role="member")
    assert not roles_for_user(people.leader).is_leader


def test_a_leader_before_their_start_date_is_not_one_yet(people):
    with time_machine.travel(datetime.date(2022, 2, 1)):
        assert not roles_for_user(people.leader).is_leader


def test_a_handling_unit_user_and_staff(people, committee):
    unit_roles = roles_for_user(people.unit_user)
    assert unit_roles.names == {"handling_unit"} and len(unit_roles.handling_units) == 1
    staff_roles = roles_for_user(people.staff)
    assert staff_roles.names == {"staff"} and staff_roles.committee_id == committee.pk


def test_staff_flag_without_a_committee_is_not_staff(people):
    people.staff.committee = None
    assert not roles_for_user(people.staff).is_staff


def test_anonymous_and_inactive_users_hold_no_role(people):
    assert roles_for_user(AnonymousUser()) == ANONYMOUS
    people.member.is_active = False
    assert roles_for_user(people.member).names == frozenset()


def test_roles_cost_a_fixed_number_of_queries_and_are_cached_per_request(
    people, django_assert_num_queries
):
    request = _request(people.convener)
    with django_assert_num_queries(4):
        first = roles_for(request)
    with django_assert_num_queries(0):
        assert roles_for(request) is first
    # Many sectors and groups cost no more.
    member = people.convener.member
    for _ in range(5):
        sector_membership = SectorMembership.objects.filter(member=member).first()
        sector = type(sector_membership.sector).objects.create(
            committee=member.committee, name=f"另一界别{_}"
        )
        SectorConvener.objects.create(
            sector=sector, member=member, role="deputy", start_date=member.joined_on
        )
    with django_assert_num_queries(4):
        assert len(roles_for(_request(people.convener)).convener_of) == 6


def test_roles_are_immutable(people):
    roles = roles_for_user(people.member)
    with pytest.raises(AttributeError):
        roles.is_staff = True


def test_unknown_role_names_are_a_programming_error():
    with pytest.raises(ValueError):
        role_required("chairman")


@role_required("convener", "leader")
def _dashboard(request):
    return HttpResponse("ok")


@pytest.mark.parametrize("who", ["convener", "leader"])
def test_role_required_lets_any_listed_role_in(people, who):
    assert _dashboard(_request(getattr(people, who))).status_code == 200


@pytest.mark.parametrize("who", ["member", "unit_user", "staff"])
def test_role_required_refuses_the_signed_in_without_the_role(people, who):
    with pytest.raises(PermissionDenied):
        _dashboard(_request(getattr(people, who)))


def test_role_required_sends_anonymous_visitors_to_sign_in():
    response = _dashboard(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/somewhere/%3Fx%3D1"


class _UnitView(RoleRequiredMixin):
    required_roles = ("handling_unit",)

    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class _Base:
    def dispatch(self, request, *args, **kwargs):
        return HttpResponse("ok")


class UnitView(_UnitView, _Base):
    pass


def test_the_mixin_applies_the_same_rules(people):
    assert UnitView().dispatch(_request(people.unit_user)).status_code == 200
    with pytest.raises(PermissionDenied):
        UnitView().dispatch(_request(people.member))
    assert UnitView().dispatch(_request(AnonymousUser())).status_code == 302


def test_another_members_object_is_a_404(people):
    own = people.member.member
    queryset = Member.objects.all()
    assert own_member_or_404(_request(people.member), queryset, "", pk=own.pk) == own
    with pytest.raises(Http404):
        own_member_or_404(_request(people.other_member), queryset, "", pk=own.pk)
    with pytest.raises(Http404):
        own_member_or_404(_request(people.staff), queryset, "", pk=own.pk)


def test_scopes_keep_only_the_persons_rows(people, committee, other_committee):
    mine = LeaveRequestFactory(member=people.member.member, meeting__committee=committee)
    LeaveRequestFactory(member=people.other_member.member, meeting=mine.meeting)
    LeaveRequestFactory(meeting=MeetingFactory(committee=other_committee))
    leaves = LeaveRequest.objects.all()
    assert list(scope_own(leaves, _request(people.member))) == [mine]
    assert scope_own(leaves, _request(people.unit_user)).count() == 0
    assert scope_staff(leaves, _request(people.staff), "meeting__committee").count() == 2
    assert scope_staff(leaves, _request(people.other_staff), "meeting__committee").count() == 1
    assert scope_staff(leaves, _request(people.member), "meeting__committee").count() == 0

    sectors = type(people.sector_convened).objects.all()
    assert list(scope_convened(sectors, _request(people.convener), "")) == [people.sector_convened]
    assert (
        scope_convened(sectors, _request(people.other_convener), "")
        .exclude(pk=people.sector_convened.pk)
        .count()
        == 1
    )
    groups = type(people.group_led).objects.all()
    assert list(scope_led(groups, _request(people.leader), "")) == [people.group_led]
    assert scope_led(groups, _request(people.member), "").count() == 0

    unit = people.unit_user.handling_unit_roles.get().unit
    ProposalAssignmentFactory(proposal__committee=committee, unit=unit)
    ProposalAssignmentFactory(proposal__committee=committee)
    assignments = ProposalAssignment.objects.all()
    assert [a.unit for a in scope_units(assignments, _request(people.unit_user))] == [unit]
