"""Liaison groups, their memberships, contact points, duty rosters and contact activities.

Who sees what (the web pages' role model, ``accounts.roles``):
- staff: their committee's rows and those of the committees below it; in their own committee they
  create and change groups and contact points, move members between groups, end memberships,
  give an approved leader their role and plan duty rosters (``liaison.services``, the moves
  with the admin's forms, ``liaison.admin.forms``); they verify or return submitted activities
  (``liaison.services.activities``);
- members: the groups, contact points and duty rosters of their own committee (public inside
  it), their own group memberships, and the activities they took part in, which they log
  themselves through the same form and service as the web page (``liaison.member_forms``,
  ``liaison.services.member``);
- group leaders: also their group's memberships and the activities its members took part in.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.datastructures import MultiValueDict
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import LEADER, MEMBER, STAFF, roles_for
from cppcc.api.base import (
    OwnCommitteeField,
    RoleScopedMixin,
    form_errors,
    own_committee,
    request_fields,
    staff_readable,
    valid,
)
from cppcc.api.filters import IdFilter, IdFilterSet, PeriodFilterSet, YearFilter
from cppcc.api.periods import EndDateSerializer, check_open, end_date_of
from members.models import Member

from .admin.forms import MoveForm, RosterForm
from .member_forms import ActivityForm
from .models import (
    ContactActivity,
    ContactActivityParticipant,
    ContactPoint,
    LeaderApproval,
    LiaisonGroup,
    LiaisonGroupMembership,
    OnDutyShift,
)
from .services import activities as activity_services
from .services import duty as duty_services
from .services import groups as group_services
from .services import member as member_services
from .services import points as point_services


def _pk_in(subquery_for):
    """A scope giving rows whose pk is in ``subquery_for(request)`` (no duplicate rows)."""

    def scope(queryset, request):
        return queryset.filter(pk__in=subquery_for(request))

    return scope


# --- liaison groups ---------------------------------------------------------------------------


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


class LiaisonGroupSerializer(serializers.ModelSerializer):
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
        move = valid(MoveForm(request_fields(request), committee_id=membership.group.committee_id))
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


# --- contact points and duty rosters ----------------------------------------------------------


class ContactPointSerializer(serializers.ModelSerializer):
    liaison_group = OwnCommitteeField(LiaisonGroup, required=False, allow_null=True)
    convener = OwnCommitteeField(Member, required=False, allow_null=True)
    liaison_person = OwnCommitteeField(Member, required=False, allow_null=True)

    class Meta:
        model = ContactPoint
        fields = [
            "id",
            "committee",
            "kind",
            "name",
            "address",
            "township",
            "phone",
            "opening_hours",
            "liaison_group",
            "convener",
            "liaison_person",
            "liaison_person_name",
            "established_on",
            "is_active",
            "has_place",
            "has_convener",
            "has_liaison_person",
            "has_sign",
            "has_phone",
            "has_mailbox",
            "has_rules",
            "has_work_plan",
            "has_notice_board",
            "has_archives",
            "standard_checked_on",
        ]
        read_only_fields = ["id", "committee"]
        validators = []  # the service checks the model's rules (the admin form's)

    def create(self, validated_data):
        return point_services.contact_point_create(
            committee=self.context["request"].user.committee, **validated_data
        )

    def update(self, instance, validated_data):
        return point_services.contact_point_update(contact_point=instance, **validated_data)


class ContactPointFilter(IdFilterSet):
    group = IdFilter(field_name="liaison_group")

    class Meta:
        model = ContactPoint
        fields = ["committee", "kind", "group", "is_active", "township"]


class DutyShiftSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    contact_point_name = serializers.CharField(source="contact_point.name", read_only=True)
    contact_point = OwnCommitteeField(ContactPoint)
    member = OwnCommitteeField(Member)

    class Meta:
        model = OnDutyShift
        fields = [
            "id",
            "contact_point",
            "contact_point_name",
            "member",
            "member_name",
            "date",
            "note",
        ]
        read_only_fields = ["id"]
        validators = []  # the service checks the model's rules

    def create(self, validated_data):
        return duty_services.duty_shift_assign(**validated_data)


class RosterResultSerializer(serializers.Serializer):
    created = DutyShiftSerializer(many=True, help_text="The shifts put on the roster.")
    unfilled = serializers.ListField(
        child=serializers.DateField(), help_text="Days that needed a member but nobody was free."
    )


class RosterSerializer(serializers.Serializer):
    """The body of a roster plan (documentation; the admin's ``RosterForm`` checks it)."""

    start_date = serializers.DateField()
    end_date = serializers.DateField()
    include_weekends = serializers.BooleanField(required=False, default=False)
    skip_dates = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Days without duty (public holidays), one date like 2025-10-01 per line.",
    )


_POINT_WRITE = extend_schema(
    description="Staff change a contact point of their own committee (the admin form's rules).",
    responses={200: ContactPointSerializer},
)


@extend_schema_view(
    create=extend_schema(
        description="Staff record a contact point or member workstation of their own committee; "
        'a ticked "ten haves" item needs the datum behind it.',
        responses={201: ContactPointSerializer},
    ),
    update=_POINT_WRITE,
    partial_update=_POINT_WRITE,
)
class ContactPointViewSet(
    RoleScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = ContactPoint.objects.order_by("committee_id", "name", "pk")
    serializer_class = ContactPointSerializer
    filterset_class = ContactPointFilter
    scopes = {STAFF: staff_readable(), MEMBER: own_committee()}
    write_roles = (STAFF,)
    search_fields = ["name", "address", "township"]
    ordering_fields = ["name", "established_on"]

    @extend_schema(
        request=RosterSerializer,
        responses={201: RosterResultSerializer},
        description="Staff fill the point's free days in a period, one member a day, rotating "
        "through its liaison group's members; days nobody was free for are listed.",
    )
    @action(detail=True, methods=["post"], url_path="generate-roster")
    def generate_roster(self, request, pk=None):
        point = self.get_object()
        plan = valid(RosterForm(request_fields(request)))
        result = duty_services.duty_roster_generate(
            contact_point=point,
            start_date=plan["start_date"],
            end_date=plan["end_date"],
            weekdays=duty_services.ALL_DAYS
            if plan["include_weekends"]
            else duty_services.WORKING_DAYS,
            skip_dates=plan["skip_dates"],
        )
        shifts = OnDutyShift.objects.select_related("contact_point", "member").filter(
            pk__in=[shift.pk for shift in result.created]
        )
        body = {"created": shifts.order_by("date"), "unfilled": result.unfilled}
        context = self.get_serializer_context()
        return Response(RosterResultSerializer(body, context=context).data, status=201)


class DutyShiftFilter(IdFilterSet):
    committee = IdFilter(field_name="contact_point__committee")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    year = YearFilter(field_name="date")

    class Meta:
        model = OnDutyShift
        fields = ["committee", "contact_point", "member", "year"]


@extend_schema_view(
    create=extend_schema(
        description="Staff put a member of the committee on duty at a contact point on a day.",
        responses={201: DutyShiftSerializer},
    ),
)
class DutyShiftViewSet(RoleScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The duty rosters of contact points (who is on duty which day)."""

    queryset = OnDutyShift.objects.select_related("contact_point", "member").order_by(
        "date", "contact_point_id", "pk"
    )
    serializer_class = DutyShiftSerializer
    filterset_class = DutyShiftFilter
    scopes = {
        STAFF: staff_readable("contact_point__committee"),
        MEMBER: own_committee("contact_point__committee"),
    }
    write_roles = (STAFF,)
    committee_path = "contact_point__committee"
    search_fields = ["member__name", "contact_point__name"]
    ordering_fields = ["date"]


# --- contact activities -----------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = ContactActivityParticipant
        fields = ["member", "name"]


class ContactActivitySerializer(serializers.ModelSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = ContactActivity
        fields = [
            "id",
            "committee",
            "kind",
            "title",
            "date",
            "contact_point",
            "place",
            "liaison_group",
            "people_reached",
            "issues_raised",
            "issues_resolved",
            "summary",
            "status",
            "returned_reason",
            "submitted_at",
            "verified_at",
            "participants",
        ]
        read_only_fields = fields


class ActivityInputSerializer(serializers.Serializer):
    """What a member sends to log an activity: the web form's fields (checked by that form)."""

    kind = serializers.ChoiceField(choices=ContactActivity.Kind.choices)
    title = serializers.CharField(max_length=200, allow_blank=True)
    date = serializers.DateField()
    contact_point = serializers.IntegerField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    people_reached = serializers.IntegerField(required=False, min_value=0, default=0)
    issues_raised = serializers.IntegerField(required=False, min_value=0, default=0)
    issues_resolved = serializers.IntegerField(required=False, min_value=0, default=0)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    co_participants = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Send it to staff for verification at once."
    )


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ContactActivityFilter(IdFilterSet):
    member = IdFilter(field_name="participants__member", distinct=True)
    group = IdFilter(field_name="liaison_group")
    year = YearFilter(field_name="date")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = ContactActivity
        fields = ["committee", "kind", "status", "contact_point", "group", "member", "year"]


def _activities_taken_part(request):
    return ContactActivityParticipant.objects.filter(member_id=roles_for(request).member_id).values(
        "activity_id"
    )


def _activities_of_led_groups(request):
    led = LiaisonGroupMembership.objects.filter(group_id__in=roles_for(request).leader_of)
    return ContactActivityParticipant.objects.filter(member_id__in=led.values("member_id")).values(
        "activity_id"
    )


def _staff_activities(queryset, request):
    """Staff see activities once they are sent; drafts stay with the member who logs them."""
    return staff_readable()(queryset, request).exclude(status=ContactActivity.Status.DRAFT)


@extend_schema_view(
    create=extend_schema(
        description=(
            "A member logs an activity they took part in (they are listed themselves), as a "
            "draft or, with submit=true, sent to staff for verification. Checked by the web "
            "form's rules."
        ),
        request=ActivityInputSerializer,
        responses={201: ContactActivitySerializer},
    ),
)
class ContactActivityViewSet(
    RoleScopedMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = ContactActivity.objects.prefetch_related(
        Prefetch(
            "participants",
            queryset=ContactActivityParticipant.objects.select_related("member").order_by("pk"),
        )
    ).order_by("-date", "-pk")
    serializer_class = ContactActivitySerializer
    filterset_class = ContactActivityFilter
    scopes = {
        STAFF: _staff_activities,
        MEMBER: _pk_in(_activities_taken_part),
        LEADER: _pk_in(_activities_of_led_groups),
    }
    write_roles = (MEMBER, STAFF)
    search_fields = ["title", "place", "summary"]
    ordering_fields = ["date", "title", "status"]

    def create(self, request, *args, **kwargs):
        roles = roles_for(request)
        if not roles.is_member:
            raise PermissionDenied
        # The types first (DRF's messages), then the web form's rules, word for word.
        given = ActivityInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        member = Member.objects.select_related("committee").get(pk=roles.member_id)
        form = ActivityForm(data=_form_data(given.validated_data), member=member)
        if not form.is_valid():
            raise form_errors(form)
        activity = member_services.activity_log_by_member(
            member=member,
            by=request.user,
            submit=given.validated_data["submit"],
            co_participants=form.cleaned_data["co_participants"],
            **form.service_fields(),
        )
        activity = self.base_queryset().get(pk=activity.pk)
        return Response(
            ContactActivitySerializer(activity, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def _staff_object(self):
        if not roles_for(self.request).is_staff:
            raise PermissionDenied
        return self.get_object()

    @extend_schema(
        request=None,
        responses={
            200: ContactActivitySerializer,
            409: OpenApiResponse(description="Only a submitted activity can be verified."),
        },
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Staff confirm a submitted activity; it then counts in the member's record."""
        activity = activity_services.activity_verify(activity=self._staff_object(), by=request.user)
        return self._answer(activity)

    @extend_schema(
        request=ReturnSerializer,
        responses={
            200: ContactActivitySerializer,
            400: OpenApiResponse(description="No reason given."),
        },
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_member(self, request, pk=None):
        """Staff send a submitted activity back to the member with the reason."""
        activity = self._staff_object()
        reason = ReturnSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        try:
            activity = activity_services.activity_return(
                activity=activity, by=request.user, reason=reason.validated_data["reason"]
            )
        except DjangoValidationError as error:
            if error.code == "required":  # the missing reason belongs to the reason field
                raise ValidationError({"reason": error.messages}) from error
            raise
        return self._answer(activity)

    @extend_schema(
        request=None,
        responses={
            200: ContactActivitySerializer,
            409: OpenApiResponse(description="Only a draft or returned activity can be sent."),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The member who logged a draft (or returned) activity sends it for verification."""
        if not roles_for(request).is_member:
            raise PermissionDenied
        activity = member_services.activity_send_for_verification(
            activity=self.get_object(), by=request.user
        )
        return self._answer(activity)

    def _answer(self, activity):
        activity = self.base_queryset().get(pk=activity.pk)
        return Response(
            ContactActivitySerializer(activity, context=self.get_serializer_context()).data
        )


def _form_data(data) -> dict:
    """The checked body as the web form's POST data (lists stay lists for the multiple choice)."""
    form_data = {}
    for key, value in data.items():
        if key == "co_participants":
            form_data[key] = value if isinstance(value, list) else [value]
        elif value is None:
            form_data[key] = ""
        else:
            form_data[key] = value
    return MultiValueDict({k: (v if isinstance(v, list) else [v]) for k, v in form_data.items()})


ROUTES = [
    ("liaison-groups", LiaisonGroupViewSet, "liaison-group"),
    ("liaison-group-memberships", GroupMembershipViewSet, "liaison-group-membership"),
    ("contact-points", ContactPointViewSet, "contact-point"),
    ("duty-shifts", DutyShiftViewSet, "duty-shift"),
    ("contact-activities", ContactActivityViewSet, "contact-activity"),
]
