"""Members through the API: who sees what.

- Staff read the members of their committee (and of the committees below it), every field, and
  add, change, move to another sector and record the departure of their own committee's members
  (``members.services``: ``member_create``, ``member_update``, ``member_move_sector``,
  ``member_leave``; the moves take the admin's forms, ``members.forms``).
- A member reads their own full record, and of fellow members of their committee only the
  public fields (name, gender, sector, party, work unit, title, status): phone, e-mail, date of
  birth and the rest of the personal record go only to staff and to the person themselves.
  Conveners and group leaders see their sector's / group's members the same way (they are
  fellow members of the committee), with the public fields only.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import MEMBER, STAFF, roles_for
from committees import access
from committees.models import Term
from cppcc.api.base import (
    OwnCommitteeField,
    RoleScopedMixin,
    StrictCharField,
    StrictModelSerializer,
    checked,
    own_committee,
    staff_readable,
)
from cppcc.api.filters import IdFilter, IdFilterSet, PeriodFilterSet
from sectors.models import Sector

from .forms import LeavingForm, MoveSectorForm
from .models import Member, SectorMembership
from .services.members import (
    LEAVING_STATUSES,
    MEMBER_PROFILE_FIELDS,
    member_create,
    member_leave,
    member_move_sector,
    member_update,
)

PUBLIC_FIELDS = [
    "id",
    "committee",
    "name",
    "gender",
    "sector",
    "sector_name",
    "party",
    "work_unit",
    "title",
    "status",
    "term",
    "joined_on",
]
#: Staff may change these through the API (the member's profile and status).
WRITABLE_FIELDS = [
    "member_number",
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "profession",
    "party",
    "work_unit",
    "work_unit_email",
    "title",
    "township",
    "phone",
    "email",
    "sector",
    "status",
    "left_on",
    "status_note",
]


class MemberPublicSerializer(serializers.ModelSerializer):
    """What a fellow member of the committee may know."""

    sector_name = serializers.CharField(source="sector.name", read_only=True)

    class Meta:
        model = Member
        fields = PUBLIC_FIELDS
        read_only_fields = PUBLIC_FIELDS


class MemberSerializer(serializers.ModelSerializer):
    """The whole record: for staff and for the member themselves."""

    sector_name = serializers.CharField(source="sector.name", read_only=True)

    class Meta:
        model = Member
        fields = PUBLIC_FIELDS + [f for f in WRITABLE_FIELDS if f not in PUBLIC_FIELDS]
        read_only_fields = ["id", "committee", "term", "joined_on"]
        # Not required: the schema then says a fellow member's record may lack them.
        extra_kwargs = {f: {"required": False} for f in WRITABLE_FIELDS if f not in PUBLIC_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sector" in self.fields and not self.read_only:
            request = self.context.get("request")
            committee_id = getattr(getattr(request, "user", None), "committee_id", None)
            from sectors.models import Sector

            self.fields["sector"].queryset = Sector.objects.filter(committee_id=committee_id)

    def update(self, instance, validated_data):
        return member_update(member=instance, data=validated_data)


class MemberCreateSerializer(StrictModelSerializer):
    """A new member of the writer's own committee, in one of its terms and sectors."""

    term = OwnCommitteeField(Term)
    sector = OwnCommitteeField(Sector)

    class Meta:
        model = Member
        fields = ["sector", *(f for f in MEMBER_PROFILE_FIELDS if f != "user")]
        validators = []  # the service checks the model's rules (a member number per term)

    def create(self, validated_data):
        return member_create(committee=self.context["request"].user.committee, **validated_data)

    def to_representation(self, instance):
        return MemberSerializer(instance, context=self.context).data


class MoveSectorSerializer(serializers.Serializer):
    """The body of a move (documentation; ``members.forms.MoveSectorForm`` checks it)."""

    sector = serializers.IntegerField(help_text="A sector of the member's committee.")
    effective_date = serializers.DateField(help_text="The first day in the new sector.")


class LeavingSerializer(serializers.Serializer):
    """The body of a departure (documentation; ``members.forms.LeavingForm`` checks it)."""

    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in LEAVING_STATUSES])
    left_on = serializers.DateField()
    note = StrictCharField(max_length=200, required=False, allow_blank=True)


def _full_record_ok(request):
    """A function telling whether the request's person may see a member's whole record."""
    roles = roles_for(request)
    readable: set[int] | None = None

    def full(member: Member) -> bool:
        nonlocal readable
        if member.pk == roles.member_id:
            return True
        if not roles.is_staff:
            return False
        if request.user.is_superuser:
            return True
        if readable is None:
            readable = set(access.readable_committees(request.user).values_list("pk", flat=True))
        return member.committee_id in readable

    return full


class MemberFilter(IdFilterSet):
    group = IdFilter(
        field_name="liaison_memberships__group",
        distinct=True,
        help_text="Members who are (or were) in this liaison group.",
    )
    joined_after = filters.DateFilter(field_name="joined_on", lookup_expr="gte")
    joined_before = filters.DateFilter(field_name="joined_on", lookup_expr="lte")

    class Meta:
        model = Member
        fields = ["committee", "sector", "status", "party", "gender", "group"]


@extend_schema_view(
    list=extend_schema(
        description=(
            "Staff get every field; a member gets their own whole record and only the public "
            "fields of fellow members of their committee: the keys of personal data (phone, "
            "e-mail, date of birth…) are then absent."
        ),
        responses={200: MemberSerializer(many=True)},
    ),
    retrieve=extend_schema(responses={200: MemberSerializer}),
    partial_update=extend_schema(
        description="Staff change a member of their own committee (a new sector is a move).",
        responses={200: MemberSerializer},
    ),
    create=extend_schema(
        description="Staff add a member to their own committee; the first sector period starts "
        "on the joining day.",
        request=MemberCreateSerializer,
        responses={201: MemberSerializer},
    ),
    move_sector=extend_schema(
        description="Staff move a member of their own committee to another sector from a day; "
        "duties before it keep the old sector. A member who has left is a 409.",
        request=MoveSectorSerializer,
        responses={200: MemberSerializer},
    ),
    leave=extend_schema(
        description="Staff record that a member resigned, was replaced or was removed; every "
        "open period ends that day. A member who has already left is a 409.",
        request=LeavingSerializer,
        responses={200: MemberSerializer},
    ),
)
class MemberViewSet(
    RoleScopedMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    queryset = Member.objects.select_related("sector").order_by("committee_id", "name", "pk")
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    scopes = {STAFF: staff_readable(), MEMBER: own_committee()}
    write_roles = (STAFF,)
    http_method_names = ["get", "post", "patch", "head", "options"]
    search_fields = ["name", "work_unit", "member_number"]
    ordering_fields = ["name", "joined_on", "member_number"]

    def get_serializer_class(self):
        if self.action == "create":
            return MemberCreateSerializer
        return super().get_serializer_class()

    def get_serializer(self, *args, **kwargs):
        if self.request.method in ("POST", "PATCH") or getattr(self, "swagger_fake_view", False):
            return super().get_serializer(*args, **kwargs)
        full = _full_record_ok(self.request)
        context = self.get_serializer_context()
        many = kwargs.get("many", False)
        instance = args[0] if args else None
        if many:
            return _MixedList(instance, full, context)
        # Without an instance (the export's column headings), the full set of labels.
        serializer = (
            MemberSerializer if instance is None or full(instance) else MemberPublicSerializer
        )
        return serializer(instance, context=context)

    @action(detail=True, methods=["post"], url_path="move-sector")
    def move_sector(self, request, pk=None):
        member = self.get_object()
        move = checked(
            request, MoveSectorSerializer, MoveSectorForm, committee_id=member.committee_id
        )
        member = member_move_sector(
            member=member, sector=move["sector"], effective_date=move["effective_date"]
        )
        return self._answer(member)

    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        member = self.get_object()
        leaving = checked(request, LeavingSerializer, LeavingForm)
        member = member_leave(
            member=member,
            status=leaving["status"],
            left_on=leaving["left_on"],
            note=leaving["note"],
        )
        return self._answer(member)

    def _answer(self, member):
        member = self.base_queryset().get(pk=member.pk)
        return Response(MemberSerializer(member, context=self.get_serializer_context()).data)


class _MixedList:
    """A list where each member is shown with the fields the reader may see."""

    def __init__(self, members, full, context):
        self.members, self.full, self.context = members, full, context

    @property
    def data(self):
        # One serializer of each kind for the page: a model serializer builds its fields when
        # first used, about 4 ms; once per row that was most of a 50-member page's time.
        full = MemberSerializer(context=self.context)
        public = MemberPublicSerializer(context=self.context)
        return [(full if self.full(m) else public).to_representation(m) for m in self.members]


class SectorMembershipSerializer(serializers.ModelSerializer):
    sector_name = serializers.CharField(source="sector.name", read_only=True)

    class Meta:
        model = SectorMembership
        fields = ["id", "member", "sector", "sector_name", "start_date", "end_date"]


class SectorMembershipFilter(PeriodFilterSet):
    committee = IdFilter(field_name="member__committee")

    class Meta:
        model = SectorMembership
        fields = ["committee", "member", "sector"]


def _own_periods(queryset, request):
    from accounts.roles import scope_own

    return scope_own(queryset, request)


class SectorMembershipViewSet(RoleScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The dated periods a member represented a sector: staff, and the member their own."""

    queryset = SectorMembership.objects.select_related("sector").order_by(
        "member_id", "start_date", "pk"
    )
    serializer_class = SectorMembershipSerializer
    filterset_class = SectorMembershipFilter
    scopes = {STAFF: staff_readable("member__committee"), MEMBER: _own_periods}
    search_fields = ["member__name", "sector__name"]
    ordering_fields = ["start_date", "end_date"]


ROUTES = [
    ("members", MemberViewSet, "member"),
    ("sector-memberships", SectorMembershipViewSet, "sector-membership"),
]
