"""Liaison groups, their memberships, contact points, duty rosters and contact activities.

Who sees what (the web pages' role model, ``accounts.roles``):
- staff: their committee's rows and those of the committees below it; they verify or return
  submitted activities (``liaison.services.activities``);
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
    staff_readable,
)
from cppcc.api.filters import IdFilter, IdFilterSet, PeriodFilterSet, YearFilter
from members.models import Member

from .member_forms import ActivityForm
from .models import (
    ContactActivity,
    ContactActivityParticipant,
    ContactPoint,
    LiaisonGroup,
    LiaisonGroupMembership,
    OnDutyShift,
)
from .services import activities as activity_services
from .services import duty as duty_services
from .services import groups as group_services
from .services import member as member_services


def _pk_in(subquery_for):
    """A scope giving rows whose pk is in ``subquery_for(request)`` (no duplicate rows)."""

    def scope(queryset, request):
        return queryset.filter(pk__in=subquery_for(request))

    return scope


# --- liaison groups ---------------------------------------------------------------------------


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


class LiaisonGroupFilter(IdFilterSet):
    class Meta:
        model = LiaisonGroup
        fields = ["committee", "kind", "is_active"]


class LiaisonGroupViewSet(RoleScopedMixin, viewsets.ReadOnlyModelViewSet):
    queryset = LiaisonGroup.objects.order_by("committee_id", "display_order", "name")
    serializer_class = LiaisonGroupSerializer
    filterset_class = LiaisonGroupFilter
    scopes = {STAFF: staff_readable(), MEMBER: own_committee()}
    search_fields = ["name", "area_name"]
    ordering_fields = ["name", "display_order"]


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


# --- contact points and duty rosters ----------------------------------------------------------


class ContactPointSerializer(serializers.ModelSerializer):
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


class ContactPointFilter(IdFilterSet):
    group = IdFilter(field_name="liaison_group")

    class Meta:
        model = ContactPoint
        fields = ["committee", "kind", "group", "is_active", "township"]


class ContactPointViewSet(RoleScopedMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ContactPoint.objects.order_by("committee_id", "name", "pk")
    serializer_class = ContactPointSerializer
    filterset_class = ContactPointFilter
    scopes = {STAFF: staff_readable(), MEMBER: own_committee()}
    search_fields = ["name", "address", "township"]
    ordering_fields = ["name", "established_on"]


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
