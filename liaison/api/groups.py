"""Liaison groups and who is in them when: read by role, written by staff."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import LEADER, MEMBER, STAFF
from cppcc.api.base import (
    OwnCommitteeField,
    RoleScopedMixin,
    StrictModelSerializer,
    checked,
    own_committee,
    request_fields,
    staff_readable,
)
from cppcc.api.filters import IdFilter, IdFilterSet, PeriodFilterSet
from cppcc.api.periods import EndDateSerializer, check_open, end_date_of
from members.models import Member

from ..admin.forms import MoveForm
from ..models import (
    LeaderApproval,
    LiaisonGroup,
    LiaisonGroupMembership,
)
from ..services import groups as group_services


class GroupMembershipSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    group = OwnCommitteeField(LiaisonGroup)
    member = OwnCommitteeField(Member)

    class Meta:
        model = LiaisonGroupMembership
        fields = [
            "id",
            "group",
            "group_name",
            "member",
            "member_name",
            "role",
            "start_date",
            "end_date",
        ]
        read_only_fields = ["id", "role", "end_date"]
        validators = []  # the service checks the model's rules

    def create(self, validated_data):
        """A member in no group joins this one as an ordinary member (moves: the web pages)."""
        return group_services.group_add_member(**validated_data)


class LiaisonGroupSerializer(StrictModelSerializer):
    class Meta:
        model = LiaisonGroup
        fields = [
            "id",
            "committee",
            "name",
            "kind",
            "area_name",
            "description",
            "display_order",
            "is_active",
        ]
        read_only_fields = ["id", "committee"]
        validators = []  # the service checks the model's rules

    def create(self, validated_data):
        return group_services.liaison_group_create(
            committee=self.context["request"].user.committee, **validated_data
        )

    def update(self, instance, validated_data):
        return group_services.liaison_group_update(group=instance, **validated_data)


class SetLeaderSerializer(serializers.Serializer):
    approval = serializers.PrimaryKeyRelatedField(
        queryset=LeaderApproval.objects.none(),
        help_text="The Standing Committee's approval of a leader or deputy of this group.",
    )
    effective_date = serializers.DateField(
        required=False, help_text="The first day in the role; by default the day of approval."
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approval"].queryset = LeaderApproval.objects.filter(group=group)


def _membership_answer(view, membership) -> Response:
    membership = LiaisonGroupMembership.objects.select_related("group", "member").get(
        pk=membership.pk
    )
    return Response(
        GroupMembershipSerializer(membership, context=view.get_serializer_context()).data
    )


class LiaisonGroupFilter(IdFilterSet):
    class Meta:
        model = LiaisonGroup
        fields = ["committee", "kind", "is_active"]


_GROUP_WRITE = extend_schema(
    description="Staff change a liaison group of their own committee.",
    responses={200: LiaisonGroupSerializer},
)


@extend_schema_view(
    create=extend_schema(
        description="Staff create a liaison group in their own committee.",
        responses={201: LiaisonGroupSerializer},
    ),
    update=_GROUP_WRITE,
    partial_update=_GROUP_WRITE,
    set_leader=extend_schema(
        request=SetLeaderSerializer,
        responses={200: GroupMembershipSerializer},
        description="Staff give the member an approved nomination names their role (leader or "
        "deputy) in the group from a day; an outgoing leader stays as an ordinary member.",
    ),
)
class LiaisonGroupViewSet(
    RoleScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = LiaisonGroup.objects.order_by("committee_id", "display_order", "name")
    serializer_class = LiaisonGroupSerializer
    filterset_class = LiaisonGroupFilter
    scopes = {STAFF: staff_readable(), MEMBER: own_committee()}
    write_roles = (STAFF,)
    search_fields = ["name", "area_name"]
    ordering_fields = ["name", "display_order"]

    @action(detail=True, methods=["post"], url_path="set-leader")
    def set_leader(self, request, pk=None):
        body = SetLeaderSerializer(data=request_fields(request), group=self.get_object())
        body.is_valid(raise_exception=True)
        approval = body.validated_data["approval"]
        membership = group_services.group_set_leader(
            approval=approval,
            effective_date=body.validated_data.get("effective_date")
            or approval.standing_committee_approved_on,
        )
        return _membership_answer(self, membership)


class MoveSerializer(serializers.Serializer):
    """The body of a move (documentation; the admin's ``MoveForm`` checks it)."""

    group = serializers.IntegerField(help_text="An active liaison group of the same committee.")
    effective_date = serializers.DateField(help_text="The first day in the new group.")


class GroupMembershipFilter(PeriodFilterSet):
    committee = IdFilter(field_name="group__committee")

    class Meta:
        model = LiaisonGroupMembership
        fields = ["committee", "group", "member", "role"]


def _own_membership(queryset, request):
    from accounts.roles import scope_own

    return scope_own(queryset, request)


def _led_membership(queryset, request):
    from accounts.roles import scope_led

    return scope_led(queryset, request)


@extend_schema_view(
    create=extend_schema(
        description="Staff put a member who is in no liaison group into one, from a date.",
        responses={201: GroupMembershipSerializer},
    ),
    move=extend_schema(
        request=MoveSerializer,
        responses={200: GroupMembershipSerializer},
        description="Staff move the member of this current period to another active group of "
        "the committee from a day (the new period is returned); an ended period is a 409.",
    ),
    end=extend_schema(
        request=EndDateSerializer,
        responses={200: GroupMembershipSerializer},
        description="Staff end this current period on its last day; an ended one is a 409.",
    ),
)
class GroupMembershipViewSet(
    RoleScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Who is in which group when: staff; a member their own periods; a leader their group's."""

    queryset = LiaisonGroupMembership.objects.select_related("group", "member").order_by(
        "group_id", "start_date", "pk"
    )
    serializer_class = GroupMembershipSerializer
    filterset_class = GroupMembershipFilter
    scopes = {
        STAFF: staff_readable("group__committee"),
        MEMBER: _own_membership,
        LEADER: _led_membership,
    }
    write_roles = (STAFF,)
    committee_path = "group__committee"
    search_fields = ["member__name", "group__name"]
    ordering_fields = ["start_date", "end_date", "role"]

    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        membership = self._open_period()
        move = checked(
            request, MoveSerializer, MoveForm, committee_id=membership.group.committee_id
        )
        moved = group_services.group_move_member(
            member=membership.member, group=move["group"], effective_date=move["effective_date"]
        )
        return _membership_answer(self, moved)

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        membership = self._open_period()
        ended = group_services.group_remove_member(
            member=membership.member, end_date=end_date_of(request)
        )
        return _membership_answer(self, ended)

    def _open_period(self) -> LiaisonGroupMembership:
        membership = self.get_object()
        check_open(membership)  # the services act on the member's *current* period
        return membership
