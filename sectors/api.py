"""Sectors (界别) and their conveners through the API.

Staff read their committee's sectors (and those below) and create sectors in their own; every
member reads the sectors of their own committee (the list is public inside the committee)."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets

from accounts.roles import MEMBER, STAFF, roles_for
from committees import access
from cppcc.api.base import RoleScopedMixin, staff_readable
from cppcc.api.filters import MAX_ID, IdFilter, IdFilterSet, StrictBooleanFilter  # noqa: F401
from members.models import Member

from . import services
from .models import Sector, SectorConvener

#: The errors every endpoint of this area may answer with, for the schema.
ERRORS = {
    400: OpenApiResponse(description="The data is refused; the messages are given per field."),
    401: OpenApiResponse(description="No credentials, or they are not valid."),
    403: OpenApiResponse(description="The person's roles do not allow this."),
    404: OpenApiResponse(description="No such object, or not within the person's scope."),
}
READ_ERRORS = {
    **{code: ERRORS[code] for code in (400, 401)},
    404: OpenApiResponse(description="No such page of the list."),
}
DETAIL_ERRORS = {code: ERRORS[code] for code in (401, 404)}


def documented_reads(serializer):
    """``extend_schema_view`` arguments documenting a list and a detail and their errors."""
    return {
        "list": extend_schema(responses={200: serializer(many=True), **READ_ERRORS}),
        "retrieve": extend_schema(responses={200: serializer, **DETAIL_ERRORS}),
    }


def own_committee(committee_path: str = "committee"):
    """Rows of the committee the request's person is a member of."""

    def scope(queryset, request):
        committee_id = roles_for(request).member_committee_id
        if committee_id is None:
            return queryset.none()
        return queryset.filter(**{f"{committee_path}_id": committee_id})

    return scope


class OwnCommitteeField(serializers.PrimaryKeyRelatedField):
    """A related object of the writer's own committee (another committee's id: "does not exist")."""

    def __init__(self, model, committee_path: str = "committee", **kwargs):
        self.model, self.committee_path = model, committee_path
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        queryset = self.model.objects.order_by("pk")
        if user is None or not user.is_authenticated:
            return queryset.none()
        return access.scope_writable(queryset, user, self.committee_path)


class SectorSerializer(serializers.ModelSerializer):
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


class SectorFilter(IdFilterSet):
    class Meta:
        model = Sector
        fields = ["committee"]


@extend_schema_view(
    **documented_reads(SectorSerializer),
    create=extend_schema(
        description="Staff create a sector in their own committee.",
        responses={201: SectorSerializer, **ERRORS},
    ),
)
class SectorViewSet(
    RoleScopedMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Sector.objects.order_by("committee_id", "display_order", "name")
    serializer_class = SectorSerializer
    filterset_class = SectorFilter
    scopes = {STAFF: staff_readable(), MEMBER: own_committee()}
    write_roles = (STAFF,)
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "display_order"]


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


class SectorConvenerFilter(IdFilterSet):
    committee = IdFilter(field_name="sector__committee")
    started_after = filters.DateFilter(field_name="start_date", lookup_expr="gte")
    started_before = filters.DateFilter(field_name="start_date", lookup_expr="lte")
    current = StrictBooleanFilter(field_name="end_date", lookup_expr="isnull")

    class Meta:
        model = SectorConvener
        fields = ["committee", "sector", "member", "role"]


@extend_schema_view(
    **documented_reads(SectorConvenerSerializer),
    create=extend_schema(
        description="Staff appoint a member of the sector as (deputy) convener from a date.",
        responses={201: SectorConvenerSerializer, **ERRORS},
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
    search_fields = ["member__name", "sector__name"]
    ordering_fields = ["start_date", "role"]


ROUTES = [
    ("sectors", SectorViewSet, "sector"),
    ("sector-conveners", SectorConvenerViewSet, "sector-convener"),
]
