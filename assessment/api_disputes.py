"""Disputes of assessment results through the API.

A member reads the disputes of their own results (raised through ``assessment-results/{id}/
dispute/``); staff read their committee's and resolve an open one — uphold or reject, saying how
(``assessment.services.dispute_resolve``). A dispute already resolved is a 409.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import MEMBER, STAFF, scope_own
from cppcc.api.base import ActionRolesMixin, staff_readable
from cppcc.api.filters import IdFilter, IdFilterSet, YearFilter

from . import services
from .models import Dispute

RESULT_COMMITTEE = "result__committee"


class DisputeSerializer(serializers.ModelSerializer):
    member = serializers.IntegerField(source="result.member_id", read_only=True)
    member_name = serializers.CharField(source="result.member.name", read_only=True)
    year = serializers.IntegerField(source="result.year", read_only=True)
    rule_label = serializers.CharField(source="rule.label", read_only=True)

    class Meta:
        model = Dispute
        fields = [
            "id",
            "result",
            "member",
            "member_name",
            "year",
            "rule",
            "rule_label",
            "comment",
            "state",
            "raised_at",
            "resolution",
            "resolved_at",
        ]
        read_only_fields = fields


class DisputeResolveSerializer(serializers.Serializer):
    uphold = serializers.BooleanField(
        help_text="true: the member is right and the records are put right; false: rejected."
    )
    resolution = serializers.CharField(max_length=2000, help_text="How it was resolved.")


class DisputeFilter(IdFilterSet):
    year = YearFilter(field_name="result__year", lookup_expr="exact")
    member = IdFilter(field_name="result__member", label=_("member"))
    committee = IdFilter(field_name="result__committee", label=_("committee"))

    class Meta:
        model = Dispute
        fields = ["result", "rule", "state"]


@extend_schema_view(
    resolve=extend_schema(request=DisputeResolveSerializer, responses={200: DisputeSerializer})
)
class DisputeViewSet(ActionRolesMixin, viewsets.ReadOnlyModelViewSet):
    """Disputes of results: a member's own; staff by committee."""

    queryset = Dispute.objects.select_related("result__member", "rule")
    serializer_class = DisputeSerializer
    scopes = {
        MEMBER: lambda qs, request: scope_own(qs, request, "result__member"),
        STAFF: staff_readable(RESULT_COMMITTEE),
    }
    action_roles = {"resolve": (STAFF,)}
    committee_path = RESULT_COMMITTEE
    filterset_class = DisputeFilter
    search_fields = ["result__member__name", "comment"]
    ordering_fields = ["raised_at", "state"]
    ordering = ["-raised_at", "-pk"]

    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Staff uphold or reject an open dispute, saying how it was resolved."""
        dispute = self.get_object()
        body = DisputeResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        resolved = services.dispute_resolve(dispute=dispute, by=request.user, **body.validated_data)
        return Response(DisputeSerializer(resolved).data)


ROUTES = [("assessment-disputes", DisputeViewSet, "assessment-dispute")]
