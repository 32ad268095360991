"""Proposals handed to handling units, and the units' replies."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import HANDLING_UNIT, STAFF, scope_units
from cppcc.api.base import ActionRolesMixin, request_fields, staff_readable, valid
from cppcc.api.filters import IdFilter, IdFilterSet, StrictBooleanFilter, YearFilter

from .. import services
from ..forms import ReplyForm
from ..models import ProposalAssignment
from .serializers import AssignmentSerializer, ReplySerializer


class AssignmentFilter(IdFilterSet):
    committee = IdFilter(field_name="proposal__committee")
    year = YearFilter(field_name="proposal__year", lookup_expr="exact")
    state = django_filters.CharFilter(field_name="proposal__state")
    replied = StrictBooleanFilter(field_name="replied_on", lookup_expr="isnull", exclude=True)
    deadline_after = django_filters.DateFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = django_filters.DateFilter(field_name="deadline", lookup_expr="lte")

    class Meta:
        model = ProposalAssignment
        fields = ["committee", "year", "state", "unit", "role", "round", "reply_category"]


@extend_schema_view(
    list=extend_schema(
        responses={
            200: AssignmentSerializer(many=True),
        }
    ),
    retrieve=extend_schema(responses={200: AssignmentSerializer}),
)
class AssignmentViewSet(ActionRolesMixin, viewsets.ReadOnlyModelViewSet):
    """Proposals handed to handling units, and the units' replies."""

    queryset = ProposalAssignment.objects.select_related("proposal", "unit").order_by(
        "deadline", "pk"
    )
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    search_fields = ["proposal__title"]
    ordering_fields = ["deadline", "assigned_on", "replied_on"]
    scopes = {HANDLING_UNIT: scope_units, STAFF: staff_readable("proposal__committee")}
    action_roles = {"reply": (HANDLING_UNIT,)}

    @extend_schema(request=ReplySerializer, responses={200: AssignmentSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """The unit's reply; the lead unit's answers the proposal with its A/B/C/D category."""
        assignment = self.get_object()
        data = valid(ReplyForm(request_fields(request), assignment=assignment))
        services.proposal_reply_submit(
            assignment=assignment,
            body=data["reply_body"],
            category=data.get("reply_category", ""),
            signer=data["reply_signer"],
            replied_on=data["replied_on"],
            by=request.user,
        )
        return Response(AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data)

    def get_queryset(self):
        if self.action == "reply":
            # The unit replies for itself; staff cannot reach another unit's row here.
            return scope_units(self.base_queryset(), self.request)
        return super().get_queryset()
