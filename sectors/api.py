"""Sectors (界别) and their conveners through the API.

Staff read their committee's sectors (and those below), create, change and delete sectors in
their own (a sector members or records refer to is kept: 409), appoint conveners and end their
terms; every member reads the sectors of their own committee (the list is public inside the committee)."""

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
    StrictModelSerializer,
    own_committee,
    staff_readable,
)
from cppcc.api.filters import IdFilter, IdFilterSet, PeriodFilterSet
from cppcc.api.periods import EndDateSerializer, end_date_of
from members.models import Member

from . import services
from .models import Sector, SectorConvener


class SectorSerializer(StrictModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "committee", "name", "code", "display_order"]
        read_only_fields = ["id", "committee"]
        # The committee is the writer's own; uniqueness is checked by the service (model rules).
        validators = []

    def create(self, validated_data):
        return services.sector_create(
            committee=self.context["request"].user.committee, **validated_data
        )

    def update(self, instance, validated_data):
        return services.sector_update(sector=instance, **validated_data)


class SectorFilter(IdFilterSet):
    class Meta:
        model = Sector
        fields = ["committee"]


@extend_schema_view(
    create=extend_schema(
        description="Staff create a sector in their own committee.",
        responses={201: SectorSerializer},
    ),
    update=extend_schema(responses={200: SectorSerializer}),
    partial_update=extend_schema(responses={200: SectorSerializer}),
    destroy=extend_schema(
        description="Staff delete a sector of their own committee that nothing refers to; "
        "one with members, sector periods or conveners is a 409."
    ),
)
class SectorViewSet(
    RoleScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Sector.objects.order_by("committee_id", "display_order", "name")
    serializer_class = SectorSerializer
    filterset_class = SectorFilter
    scopes = {STAFF: staff_readable(), MEMBER: own_committee()}
    write_roles = (STAFF,)
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "display_order"]

    def perform_destroy(self, instance):
        services.sector_delete(sector=instance)


class SectorConvenerSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    sector_name = serializers.CharField(source="sector.name", read_only=True)
    sector = OwnCommitteeField(Sector)
    member = OwnCommitteeField(Member)

    class Meta:
        model = SectorConvener
        fields = [
            "id",
            "sector",
            "sector_name",
            "member",
            "member_name",
            "role",
            "start_date",
            "end_date",
        ]
        read_only_fields = ["id", "end_date"]
        validators = []  # the service checks the model's rules

    def create(self, validated_data):
        return services.sector_convener_appoint(**validated_data)


class SectorConvenerFilter(PeriodFilterSet):
    committee = IdFilter(field_name="sector__committee")

    class Meta:
        model = SectorConvener
        fields = ["committee", "sector", "member", "role"]


@extend_schema_view(
    create=extend_schema(
        description="Staff appoint a member of the sector as (deputy) convener from a date.",
        responses={201: SectorConvenerSerializer},
    ),
    end=extend_schema(
        request=EndDateSerializer,
        responses={200: SectorConvenerSerializer},
        description="Staff close a convener's term on its last day; one already closed is a 409.",
    ),
)
class SectorConvenerViewSet(
    RoleScopedMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Who convenes which sector: staff of the committee, and its members (public inside it)."""

    queryset = SectorConvener.objects.select_related("sector", "member").order_by(
        "sector_id", "role", "start_date", "pk"
    )
    serializer_class = SectorConvenerSerializer
    filterset_class = SectorConvenerFilter
    scopes = {
        STAFF: staff_readable("sector__committee"),
        MEMBER: own_committee("sector__committee"),
    }
    write_roles = (STAFF,)
    committee_path = "sector__committee"
    search_fields = ["member__name", "sector__name"]
    ordering_fields = ["start_date", "role"]

    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        convener = services.sector_convener_end(
            convener=self.get_object(), end_date=end_date_of(request)
        )
        return Response(self.get_serializer(self.base_queryset().get(pk=convener.pk)).data)


ROUTES = [
    ("sectors", SectorViewSet, "sector"),
    ("sector-conveners", SectorConvenerViewSet, "sector-convener"),
]
