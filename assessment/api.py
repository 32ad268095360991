"""Assessment schemes and results through the API.

Schemes: staff read their committee's (and lower committees'); members their own committee's,
each with its parts. Staff of the committee create a scheme, change its own settings, put it
into force, freeze it and copy last year's (``assessment.services.schemes``), and finalise or
re-open the year of results resting on it (``assessment.services.results``). Its parts are
resources of their own (``assessment.api_parts``); disputes too (``assessment.api_disputes``).

Results: a member reads their own; a convener the results of the sector they convene; a group
leader those of the group they lead; staff by committee (``accounts.roles`` scopes). A result's
detail explains it line by line (``assessment.selectors.result_explained``), and a member may
dispute one line of their own result (``assessment.services.dispute_raise``).
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from accounts.roles import (
    CONVENER,
    LEADER,
    MEMBER,
    STAFF,
    roles_for,
    scope_convened,
    scope_led,
    scope_own,
)
from cppcc.api.base import RoleScopedMixin, WritableCommitteeField, staff_readable
from cppcc.api.filters import IdFilter, IdFilterSet, YearFilter

from . import selectors, services
from .api_disputes import ROUTES as DISPUTE_ROUTES
from .api_disputes import DisputeSerializer
from .api_parts import ROUTES as PART_ROUTES
from .api_parts import (
    CategorySerializer,
    GradeSerializer,
    MinimumSerializer,
    QualitativePartSerializer,
    RuleSerializer,
)
from .models import AssessmentScheme, Result, SchemeRule, YearAction

# --- schemes ----------------------------------------------------------------------------------


class SchemeSerializer(serializers.ModelSerializer):
    categories = CategorySerializer(many=True, read_only=True)
    grades = GradeSerializer(many=True, read_only=True)
    qualitative_parts = QualitativePartSerializer(many=True, read_only=True)
    rules = RuleSerializer(many=True, read_only=True)
    minimums = MinimumSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentScheme
        fields = [
            "id",
            "committee",
            "year",
            "name",
            "state",
            "scoring_mode",
            "base_score",
            "bonus_cap",
            "max_score",
            "version",
            "notes",
            "categories",
            "grades",
            "qualitative_parts",
            "rules",
            "minimums",
        ]


_SCHEME_FIELDS = [
    "id",
    "committee",
    "year",
    "name",
    "scoring_mode",
    "base_score",
    "bonus_cap",
    "max_score",
    "prorate_partial_year",
    "prorate_basis_days",
    "prorate_excludes_long_leave",
    "long_leave_min_days",
    "notes",
]


class SchemeWriteSerializer(serializers.ModelSerializer):
    """A scheme's own settings, through ``scheme_create``/``scheme_update`` (a frozen scheme is
    refused; each change bumps the version). Its parts change through ``assessment.api_parts``."""

    committee = WritableCommitteeField()

    class Meta:
        model = AssessmentScheme
        fields = _SCHEME_FIELDS

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a scheme stays with its committee and year
            fields["committee"].read_only = True
            fields["year"].read_only = True
        return fields

    def create(self, validated_data):
        return services.scheme_create(**validated_data)

    def update(self, instance, validated_data):
        return services.scheme_update(scheme=instance, **validated_data)

    def to_representation(self, instance):
        return SchemeSerializer(instance, context=self.context).data


class SchemeFilter(IdFilterSet):
    year = YearFilter(field_name="year", lookup_expr="exact")
    status = django_filters.ChoiceFilter(field_name="state", choices=AssessmentScheme.State.choices)

    class Meta:
        model = AssessmentScheme
        fields = ["committee", "year"]


def _own_committee(queryset, request):
    return queryset.filter(committee_id=roles_for(request).member_committee_id)


class SchemeCopySerializer(serializers.ModelSerializer):
    committee = WritableCommitteeField()
    year = serializers.IntegerField(
        min_value=2001, max_value=2100, help_text="The year of the new scheme."
    )

    class Meta:
        model = AssessmentScheme
        fields = ["committee", "year"]
        validators = []  # the service says when the year already has a scheme


class YearReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Why the year is re-opened.")


class YearActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = YearAction
        fields = ["id", "scheme", "action", "reason", "by", "at", "results"]
        read_only_fields = fields


_SCHEME_WRITE = extend_schema(request=SchemeWriteSerializer, responses={200: SchemeSerializer})
_SCHEME_MOVE = extend_schema(request=None, responses={200: SchemeSerializer})


@extend_schema_view(
    create=extend_schema(request=SchemeWriteSerializer, responses={201: SchemeSerializer}),
    update=_SCHEME_WRITE,
    partial_update=_SCHEME_WRITE,
    activate=_SCHEME_MOVE,
    freeze=_SCHEME_MOVE,
    copy_from_previous_year=extend_schema(
        request=SchemeCopySerializer, responses={201: SchemeSerializer}
    ),
    finalise=extend_schema(request=None, responses={201: YearActionSerializer}),
    reopen=extend_schema(request=YearReopenSerializer, responses={201: YearActionSerializer}),
)
class SchemeViewSet(
    RoleScopedMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Assessment schemes (考核办法) with their parts; staff of the committee create them,
    change their settings, put them into force, freeze them, copy last year's, and finalise or
    re-open the year of results resting on them."""

    queryset = AssessmentScheme.objects.prefetch_related(
        "categories", "grades", "qualitative_parts", "rules", "minimums__rules"
    )
    serializer_class = SchemeSerializer
    scopes = {STAFF: staff_readable(), MEMBER: _own_committee}
    write_roles = (STAFF,)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return SchemeWriteSerializer
        return SchemeSerializer

    filterset_class = SchemeFilter
    search_fields = ["name"]
    ordering_fields = ["year", "name"]
    ordering = ["-year", "committee_id"]

    def _scheme(self, scheme: AssessmentScheme, created: bool = False) -> Response:
        scheme = self.get_queryset().get(pk=scheme.pk)  # with its parts, as the detail shows it
        return Response(
            SchemeSerializer(scheme, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """Put a draft scheme into force (it needs its grades)."""
        return self._scheme(services.scheme_activate(scheme=self.get_object()))

    @action(detail=True, methods=["post"])
    def freeze(self, request, pk=None):
        """Freeze a scheme in force: nothing in it changes any more."""
        return self._scheme(services.scheme_freeze(scheme=self.get_object()))

    @action(detail=False, methods=["post"], url_path="copy-from-previous-year")
    def copy_from_previous_year(self, request):
        """A draft scheme for the year, copied with all its parts from the year before."""
        body = SchemeCopySerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        copy = services.scheme_copy_from_previous_year(**body.validated_data)
        return self._scheme(copy, created=True)

    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        """Finalise the year of results computed with this scheme (they must be up to date);
        the members are told their results."""
        done = services.year_finalise(scheme=self.get_object(), by=request.user)
        return Response(YearActionSerializer(done).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Re-open a finalised year, saying why."""
        scheme = self.get_object()
        body = YearReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.year_reopen(scheme=scheme, by=request.user, **body.validated_data)
        return Response(YearActionSerializer(done).data, status=status.HTTP_201_CREATED)


# --- results ----------------------------------------------------------------------------------


class ResultSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    grade_name = serializers.CharField(
        source="grade.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Result
        fields = [
            "id",
            "committee",
            "year",
            "member",
            "member_name",
            "scheme",
            "scheme_version",
            "sector",
            "liaison_group",
            "quantitative",
            "total",
            "grade",
            "grade_name",
            "grade_capped",
            "rank_in_committee",
            "rank_in_sector",
            "computed_at",
        ]
        read_only_fields = fields


class ExplainedFactSerializer(serializers.Serializer):
    occurred_on = serializers.DateField()
    description = serializers.CharField()
    points = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)


class ExplainedLineSerializer(serializers.Serializer):
    rule = serializers.IntegerField(source="line.rule_id")
    label = serializers.CharField(source="line.rule.label")
    category = serializers.CharField(
        source="line.rule.category.name", allow_null=True, default=None
    )
    count = serializers.IntegerField(source="line.count")
    quantity = serializers.DecimalField(source="line.quantity", max_digits=9, decimal_places=2)
    raw_points = serializers.DecimalField(source="line.raw_points", max_digits=9, decimal_places=2)
    points = serializers.DecimalField(source="line.points", max_digits=9, decimal_places=2)
    capped = serializers.BooleanField(source="line.capped")
    facts = ExplainedFactSerializer(many=True)


class ResultDetailSerializer(ResultSerializer):
    lines = serializers.SerializerMethodField()

    class Meta(ResultSerializer.Meta):
        fields = [*ResultSerializer.Meta.fields, "lines"]
        read_only_fields = fields

    @extend_schema_field(ExplainedLineSerializer(many=True))
    def get_lines(self, result) -> list[dict]:
        explained = selectors.result_explained(result)
        return ExplainedLineSerializer(
            [{"line": line, "facts": facts} for line, facts in explained["lines"]], many=True
        ).data


class DisputeRequestSerializer(serializers.Serializer):
    rule = serializers.IntegerField(min_value=1, help_text="The rule of the disputed line.")
    comment = serializers.CharField(max_length=2000, help_text="What is wrong with this line?")


class ResultFilter(IdFilterSet):
    year = YearFilter(field_name="year", lookup_expr="exact")
    group = IdFilter(field_name="liaison_group", label=_("Liaison group"))

    class Meta:
        model = Result
        fields = ["committee", "year", "sector", "liaison_group", "member", "grade"]


class ResultViewSet(RoleScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Assessment results: own, the convened sector's, the led group's, or by committee."""

    queryset = Result.objects.select_related("member", "grade")
    serializer_class = ResultSerializer
    scopes = {
        MEMBER: scope_own,
        CONVENER: scope_convened,
        LEADER: lambda qs, request: scope_led(qs, request, "liaison_group"),
        STAFF: staff_readable(),
    }
    write_roles = (MEMBER,)  # only the dispute action writes
    filterset_class = ResultFilter
    search_fields = ["member__name"]
    ordering_fields = ["total", "rank_in_committee", "rank_in_sector", "year", "member__name"]
    ordering = ["-year", "rank_in_committee", "pk"]

    def get_serializer_class(self):
        return ResultDetailSerializer if self.action == "retrieve" else ResultSerializer

    def get_queryset(self):
        if self.action == "dispute":
            return scope_own(self.base_queryset(), self.request)
        return super().get_queryset()

    @extend_schema(
        request=DisputeRequestSerializer,
        responses={201: DisputeSerializer},
        description="The member disputes one line of their own result; staff are told.",
    )
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        result = self.get_object()
        body = DisputeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rule = get_object_or_404(
            SchemeRule, pk=body.validated_data["rule"], scheme_id=result.scheme_id
        )
        dispute = services.dispute_raise(
            result=result, rule=rule, comment=body.validated_data["comment"], by=request.user
        )
        return Response(DisputeSerializer(dispute).data, status=status.HTTP_201_CREATED)


ROUTES = [
    ("assessment-schemes", SchemeViewSet, "assessment-scheme"),
    ("assessment-results", ResultViewSet, "assessment-result"),
    *PART_ROUTES,
    *DISPUTE_ROUTES,
]
