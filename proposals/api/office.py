"""Staff's workflow moves on proposals, a part of ``ProposalViewSet``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from cppcc.api.base import request_fields, valid

from .. import services
from ..admin.forms import FollowUpInlineForm, ReasonForm, SupervisingLeaderForm
from ..models import Conversion, HandlingUnit, Proposal
from .common import checked_input, fields_named
from .serializers import (
    PROPOSAL_ACTION,
    AssignSerializer,
    DeclineSerializer,
    FollowUpSerializer,
    ReasonSerializer,
    SupervisingLeaderSerializer,
    proposal_response,
)


class ProposalOfficeMoves:
    """The committee office's moves on a proposal: registering, assigning, returning, closing,
    following up and marking key or excellent proposals (``ProposalViewSet`` holds who may)."""

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        """Staff register (立案) a submitted proposal; it gets its serial number."""
        proposal = self.get_object()
        services.proposal_register(proposal=proposal, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=DeclineSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="decline-registration")
    def decline_registration(self, request, pk=None):
        """Staff decide not to register, with the reason (and an optional conversion)."""
        proposal = self.get_object()
        data = checked_input(DeclineSerializer, request.data)
        services.proposal_decline_registration(
            proposal=proposal,
            reason=data["reason"],
            conversion=data.get("conversion", Conversion.NONE),
            by=request.user,
        )
        return proposal_response(proposal)

    @extend_schema(request=AssignSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Staff hand a registered proposal to a lead unit and any co-units, with a deadline."""
        proposal = self.get_object()
        services.proposal_assign(proposal=proposal, by=request.user, **_units(proposal, request))
        return proposal_response(proposal)

    @extend_schema(request=AssignSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="change-units")
    def change_units(self, request, pk=None):
        """Staff change the units or the deadline of the round being handled; a unit that has
        replied keeps its role."""
        proposal = self.get_object()
        services.proposal_units_change(
            proposal=proposal, by=request.user, **_units(proposal, request)
        )
        return proposal_response(proposal)

    @extend_schema(request=ReasonSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="return-for-revision")
    def return_for_revision(self, request, pk=None):
        """Staff send a submitted proposal back to its proposer as a draft, saying why."""
        proposal = self.get_object()
        reason = valid(ReasonForm(request_fields(request)))["reason"]
        with fields_named(returned_reason="reason"):
            services.proposal_return_for_revision(proposal=proposal, reason=reason, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Staff close an answered or rated proposal (办结)."""
        proposal = self.get_object()
        services.proposal_close(proposal=proposal, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=FollowUpSerializer, responses={201: FollowUpSerializer})
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """Staff record a look-back on a category-B answer, supervision of a key proposal, or
        another visit."""
        proposal = self.get_object()
        data = valid(FollowUpInlineForm(request_fields(request)))
        follow_up = services.proposal_followup_record(proposal=proposal, by=request.user, **data)
        return Response(FollowUpSerializer(follow_up).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SupervisingLeaderSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="mark-key")
    def mark_key(self, request, pk=None):
        """Staff make a registered proposal a key proposal (重点提案) under a named leader."""
        proposal = self.get_object()
        leader = valid(SupervisingLeaderForm(request_fields(request)))["supervising_leader"]
        services.proposal_mark_key(proposal=proposal, supervising_leader=leader, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="unmark-key")
    def unmark_key(self, request, pk=None):
        proposal = self.get_object()
        services.proposal_unmark_key(proposal=proposal, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="mark-excellent")
    def mark_excellent(self, request, pk=None):
        """Staff rate a registered proposal excellent (优秀提案)."""
        proposal = self.get_object()
        services.proposal_mark_excellent(proposal=proposal, by=request.user)
        return proposal_response(proposal)


def _units(proposal: Proposal, request) -> dict:
    """The lead unit, co-units and deadline sent, among the units of the proposal's committee."""
    data = checked_input(AssignSerializer, request.data)
    units = HandlingUnit.objects.filter(committee_id=proposal.committee_id)
    lead = units.filter(pk=data["lead_unit"]).first()
    if lead is None:
        raise exceptions.ValidationError({"lead_unit": [_("Choose a handling unit.")]})
    co_ids = data.get("co_units", [])
    co_units = list(units.filter(pk__in=co_ids))
    if len(co_units) != len(set(co_ids)):
        raise exceptions.ValidationError({"co_units": [_("Choose a handling unit.")]})
    return {"lead_unit": lead, "co_units": co_units, "deadline": data["deadline"]}
