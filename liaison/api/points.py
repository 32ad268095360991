"""Contact points and their duty rosters: read by the committee, written by its staff."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import MEMBER, STAFF
from cppcc.api.base import (
    OwnCommitteeField,
    RoleScopedMixin,
    StrictBooleanField,
    StrictCharField,
    StrictModelSerializer,
    checked,
    own_committee,
    staff_readable,
)
from cppcc.api.filters import IdFilter, IdFilterSet, YearFilter
from members.models import Member

from ..admin.forms import RosterForm
from ..models import (
    ContactPoint,
    LiaisonGroup,
    OnDutyShift,
)
from ..services import duty as duty_services
from ..services import points as point_services
from ..services.points import CONTACT_POINT_FIELDS


class ContactPointSerializer(StrictModelSerializer):
    liaison_group = OwnCommitteeField(LiaisonGroup, required=False, allow_null=True)
    convener = OwnCommitteeField(Member, required=False, allow_null=True)
    liaison_person = OwnCommitteeField(Member, required=False, allow_null=True)

    class Meta:
        model = ContactPoint
        fields = ["id", "committee", *CONTACT_POINT_FIELDS]
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
    include_weekends = StrictBooleanField(required=False, default=False)
    skip_dates = StrictCharField(
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
        plan = checked(request, RosterSerializer, RosterForm)
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
