"""A scheme's parts through the API: categories, grades, qualitative parts, rules, minimums.

One resource per kind of part, all alike: read with the scheme by whoever reads the scheme (its
committee's staff and members), added, changed and removed by the committee's staff through
``assessment.services`` — ``<part>_add``, ``scheme_part_update``, ``scheme_part_remove`` — which
bump the scheme's version, refuse a frozen scheme and refuse to remove a part still in use. The
database constraints' messages (``full_clean`` in the services) are the 400s.
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework import serializers, viewsets

from accounts.roles import MEMBER, STAFF
from cppcc.api.base import OwnCommitteeField, RoleScopedMixin, own_committee, staff_readable
from cppcc.api.filters import IdFilterSet

from . import services
from .models import (
    AssessmentScheme,
    GradeBand,
    MinimumRequirement,
    QualitativePart,
    SchemeCategory,
    SchemeRule,
)

SCHEME_COMMITTEE = "scheme__committee"


class SchemePartSerializer(serializers.ModelSerializer):
    """A part: its scheme is chosen when it is added (one of the writer's committee) and stays."""

    scheme = OwnCommitteeField(AssessmentScheme)

    class Meta:
        fields = ["id", "scheme", "order"]
        # The services' ``full_clean`` checks the unique constraints, with their own messages.
        validators = []

    #: The service adding this kind of part (``services.<part>_add``).
    add: Callable[..., object]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["scheme"].read_only = True
        return fields

    def create(self, validated_data):
        return type(self).add(**validated_data)

    def update(self, instance, validated_data):
        return services.scheme_part_update(part=instance, **validated_data)


def _part_serializer(model, fields: list[str], add, **declared) -> type[SchemePartSerializer]:
    meta = type(
        "Meta",
        (SchemePartSerializer.Meta,),
        {"model": model, "fields": ["id", "scheme", *fields, "order"]},
    )
    return type(
        f"{model.__name__}Serializer",
        (SchemePartSerializer,),
        {"Meta": meta, "add": staticmethod(add), **declared},
    )


CategorySerializer = _part_serializer(
    SchemeCategory, ["name", "cap", "start_points", "floor"], services.category_add
)
GradeSerializer = _part_serializer(
    GradeBand, ["code", "name", "min_score", "consequence"], services.grade_add
)
QualitativePartSerializer = _part_serializer(
    QualitativePart, ["kind", "weight", "max_points"], services.qualitative_part_add
)
RuleSerializer = _part_serializer(
    SchemeRule,
    [
        "code",
        "label",
        "category",
        "duty_kind",
        "meeting_kind",
        "attendance_status",
        "speech_kind",
        "role",
        "outcome",
        "training_completion",
        "commendation_level",
        "off_site",
        "points",
        "unit",
        "applies_to",
        "share_rule",
        "first_share",
        "max_credited",
        "year_cap",
    ],
    services.rule_add,
    category=OwnCommitteeField(SchemeCategory, SCHEME_COMMITTEE, required=False, allow_null=True),
)
MinimumSerializer = _part_serializer(
    MinimumRequirement,
    ["label", "rules", "min_count", "grade_cap"],
    services.minimum_add,
    rules=OwnCommitteeField(SchemeRule, SCHEME_COMMITTEE, many=True),
    grade_cap=OwnCommitteeField(GradeBand, SCHEME_COMMITTEE),
)


class SchemePartFilter(IdFilterSet):
    class Meta:
        fields = ["scheme"]


class SchemePartViewSet(RoleScopedMixin, viewsets.ModelViewSet):
    """The parts of the schemes one may read; the committee's staff add, change and remove
    them while the scheme is not frozen."""

    scopes = {
        STAFF: staff_readable(SCHEME_COMMITTEE),
        MEMBER: own_committee(SCHEME_COMMITTEE),
    }
    write_roles = (STAFF,)
    committee_path = SCHEME_COMMITTEE
    ordering_fields = ["order", "id"]
    ordering = ["scheme_id", "order", "pk"]

    def perform_destroy(self, instance):
        services.scheme_part_remove(part=instance)


def _part_viewset(serializer, doc: str, **attrs) -> type[SchemePartViewSet]:
    model = serializer.Meta.model
    return type(
        f"{model.__name__}ViewSet",
        (SchemePartViewSet,),
        {
            "__doc__": doc,
            "queryset": model.objects.all(),
            "serializer_class": serializer,
            "filterset_class": type(
                f"{model.__name__}Filter",
                (SchemePartFilter,),
                {"Meta": type("Meta", (SchemePartFilter.Meta,), {"model": model})},
            ),
            **attrs,
        },
    )


CategoryViewSet = _part_viewset(CategorySerializer, "Categories of rules (with caps and floors).")
GradeViewSet = _part_viewset(GradeSerializer, "Grades and the score each starts at.")
QualitativePartViewSet = _part_viewset(
    QualitativePartSerializer, "Evaluations by people, with their weight or points."
)
RuleViewSet = _part_viewset(RuleSerializer, "Point rules by kind of duty.")
MinimumViewSet = _part_viewset(
    MinimumSerializer,
    "Minimum requirements that cap the grade.",
    queryset=MinimumRequirement.objects.prefetch_related("rules"),
)

ROUTES = [
    ("assessment-scheme-categories", CategoryViewSet, "assessment-scheme-category"),
    ("assessment-scheme-grades", GradeViewSet, "assessment-scheme-grade"),
    (
        "assessment-scheme-qualitative-parts",
        QualitativePartViewSet,
        "assessment-scheme-qualitative-part",
    ),
    ("assessment-scheme-rules", RuleViewSet, "assessment-scheme-rule"),
    ("assessment-scheme-minimums", MinimumViewSet, "assessment-scheme-minimum"),
]
