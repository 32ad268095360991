"""Proposals: what each person reads, and the proposer's moves."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import HANDLING_UNIT, MEMBER, STAFF, roles_for
from cppcc.api.base import (
    ActionRolesMixin,
    IllegalTransition,
    request_fields,
    staff_readable,
    valid,
)
from cppcc.api.filters import IdFilter, IdFilterSet, YearFilter
from members.models import Member

from .. import selectors, services
from ..admin.forms import ReasonForm
from ..forms import InviteForm, ProposalForm, RatingForm
from ..models import Proposal, ProposalAssignment, ProposalCoSigner, ProposalState
from .common import checked_input, fields_named, merged_form
from .office import ProposalOfficeMoves
from .serializers import (
    PROPOSAL_ACTION,
    CosignSerializer,
    InviteSerializer,
    MemberRefSerializer,
    ProposalInputSerializer,
    ProposalSerializer,
    RatingSerializer,
    ReasonSerializer,
    proposal_response,
)


def _member_proposals(queryset, request):
    """The member's page rule: proposals they drafted or were invited to co-sign."""
    member_id = roles_for(request).member_id
    if member_id is None:
        return queryset.none()
    return queryset.filter(pk__in=selectors.member_proposals(member_id=member_id).values("pk"))


def _unit_proposals(queryset, request):
    """The unit's page rule: proposals assigned, in any round, to one of their units."""
    units = roles_for(request).handling_units
    return queryset.filter(pk__in=selectors.unit_proposals(unit_ids=units).values("pk"))


class ProposalFilter(IdFilterSet):
    year = YearFilter(field_name="year", lookup_expr="exact")
    committee = IdFilter(field_name="committee")
    sector = IdFilter(field_name="submitting_sector")
    member = IdFilter(method="filter_member", label=_("Member"))
    unit = IdFilter(method="filter_unit", label=_("Handling unit"))
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")
    created_after = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Proposal
        fields = [
            "committee",
            "year",
            "state",
            "category",
            "submitter_kind",
            "answer_category",
            "satisfaction",
            "is_key",
            "is_excellent",
        ]

    def filter_member(self, queryset, name, value):
        """First proposer or co-signer (confirmed or invited)."""
        return queryset.filter(
            Q(first_proposer_id=value)
            | Q(pk__in=ProposalCoSigner.objects.filter(member_id=value).values("proposal_id"))
        )

    def filter_unit(self, queryset, name, value):
        return queryset.filter(
            pk__in=ProposalAssignment.objects.filter(unit_id=value).values("proposal_id")
        )


@extend_schema_view(
    list=extend_schema(
        responses={
            200: ProposalSerializer(many=True),
        }
    ),
    retrieve=extend_schema(responses={200: ProposalSerializer}),
    create=extend_schema(request=ProposalInputSerializer, responses={201: ProposalSerializer}),
    partial_update=extend_schema(request=ProposalInputSerializer(partial=True), **PROPOSAL_ACTION),
)
class ProposalViewSet(
    ProposalOfficeMoves,
    ActionRolesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Proposals: members draft and submit theirs, staff register and assign, units reply (see
    ``proposal-assignments``), the first proposer rates the answer."""

    queryset = Proposal.objects.select_related(
        "committee", "first_proposer", "submitting_sector", "submitting_special_committee"
    ).order_by("-created_at", "-pk")
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
    search_fields = ["title"]
    ordering_fields = ["created_at", "submitted_at", "serial_number", "year", "title", "state"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    #: Changing a proposal that is no longer a draft is a 409 (schema).
    conflicting_actions = ("partial_update",)
    scopes = {MEMBER: _member_proposals, HANDLING_UNIT: _unit_proposals, STAFF: staff_readable()}
    action_roles = {
        "create": (MEMBER,),
        "partial_update": (MEMBER,),
        "submit": (MEMBER,),
        "invite": (MEMBER,),
        "cosign": (MEMBER,),
        "rate": (MEMBER,),
        "register": (STAFF,),
        "decline_registration": (STAFF,),
        "assign": (STAFF,),
        "change_units": (STAFF,),
        "withdraw": (MEMBER, STAFF),
        "return_for_revision": (STAFF,),
        "remove_cosigner": (MEMBER,),
        "close": (STAFF,),
        "follow_up": (STAFF,),
        "mark_key": (STAFF,),
        "unmark_key": (STAFF,),
        "mark_excellent": (STAFF,),
    }

    def _drafted(self) -> Proposal:
        """The member's own draft (a co-signer's proposal is a 404 here, as on the page)."""
        proposal = self.get_object()
        if proposal.first_proposer_id != roles_for(self.request).member_id:
            raise exceptions.NotFound
        return proposal

    def create(self, request, *args, **kwargs):
        data = valid(ProposalForm(request_fields(request)))
        member = Member.objects.select_related("committee", "term").get(
            pk=roles_for(request).member_id
        )
        proposal = services.proposal_create(
            committee=member.committee,
            term=member.term,
            year=timezone.localdate().year,
            first_proposer=member,
            by=request.user,
            **data,
        )
        return Response(
            ProposalSerializer(Proposal.objects.get(pk=proposal.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request, *args, **kwargs):
        proposal = self._drafted()
        if proposal.state != ProposalState.DRAFT:
            # As on the page: the proposer edits a draft only (staff correct it in the office).
            raise IllegalTransition(_("Only a draft can be edited."))
        form = merged_form(ProposalForm, proposal, request)
        valid(form)
        services.proposal_update(proposal=proposal, by=request.user, **form.changes(proposal))
        return proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The first proposer submits the draft to the committee."""
        proposal = self._drafted()
        services.proposal_submit(proposal=proposal, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=InviteSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """The first proposer of a joint draft invites a member of the committee to co-sign."""
        proposal = self._drafted()
        member_id = checked_input(InviteSerializer, request.data)["member"]
        member = Member.objects.filter(pk=member_id, committee_id=proposal.committee_id).first()
        if member is None:
            raise exceptions.ValidationError(
                {"member": [_("Choose a member of your committee to invite.")]}
            )
        services.proposal_cosigner_invite(proposal=proposal, member=member, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=CosignSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def cosign(self, request, pk=None):
        """An invited member confirms (``accept: true``) or declines co-signing."""
        proposal = self.get_object()
        cosigner = ProposalCoSigner.objects.filter(
            proposal=proposal, member_id=roles_for(request).member_id
        ).first()
        if cosigner is None:
            raise exceptions.NotFound
        accept = checked_input(CosignSerializer, request.data)["accept"]
        services.proposal_cosigner_respond(cosigner=cosigner, accept=accept, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=RatingSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        """The first proposer rates the answer; "unsatisfied" sends it back to the units."""
        proposal = self._drafted()
        data = valid(RatingForm(request_fields(request)))
        services.proposal_rate(
            proposal=proposal,
            satisfaction=data["satisfaction"],
            comment=data["satisfaction_comment"],
            by=request.user,
        )
        return proposal_response(proposal)

    @extend_schema(request=ReasonSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The first proposer withdraws a draft or a submitted proposal, saying why; staff may
        do it for a proposal handed in on paper."""
        proposal = self._drafted() if not roles_for(request).is_staff else self.get_object()
        reason = valid(ReasonForm(request_fields(request)))["reason"]
        with fields_named(withdrawn_reason="reason"):
            services.proposal_withdraw(proposal=proposal, reason=reason, by=request.user)
        return proposal_response(proposal)

    @extend_schema(request=MemberRefSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="remove-cosigner")
    def remove_cosigner(self, request, pk=None):
        """The first proposer takes an invited or confirmed co-signer off the draft."""
        proposal = self._drafted()
        member_id = valid(InviteForm(request_fields(request)))["member"]
        cosigner = proposal.cosigners.filter(member_id=member_id).first()
        if cosigner is None:
            raise exceptions.ValidationError(
                {"member": [_("This member is not a co-signer of the proposal.")]}
            )
        services.proposal_cosigner_remove(cosigner=cosigner, by=request.user)
        return proposal_response(proposal)
