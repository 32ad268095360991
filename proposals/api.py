"""Proposals, handling units' assignments, social-conditions reports and clues through the API.

Who sees what is the web pages' rule (``proposals.selectors``): a member their own proposals and
those they were invited to co-sign, and the reports they (co-)wrote; a handling-unit officer the
proposals assigned to their unit and those assignments; staff everything of their committee and
those below it. Writes go through the forms the pages use (same field errors) and then the
workflow services (``proposals.services``), which enforce the state machine: a move the current
state does not allow is a 409 with the reason. Anyone may hand in a clue, as on the public form.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import HANDLING_UNIT, MEMBER, STAFF, roles_for, scope_units
from cppcc.api.base import (
    ActionRolesMixin,
    IllegalTransition,
    request_fields,
    staff_readable,
    valid,
)
from cppcc.api.filters import IdFilter, IdFilterSet, StrictBooleanFilter, YearFilter
from evaluations.ratelimit import WINDOW_SECONDS, over_limit
from members.models import Member

from . import selectors, services
from .admin.forms import (
    AdoptClueForm,
    FollowUpInlineForm,
    ForwardReportForm,
    HigherAdoptionForm,
    InstructionInlineForm,
    ReasonForm,
    ReferClueForm,
    SupervisingLeaderForm,
)
from .forms import InviteForm, ProposalForm, RatingForm, ReplyForm, SocialReportForm
from .models import (
    Conversion,
    HandlingUnit,
    Proposal,
    ProposalAssignment,
    ProposalClue,
    ProposalCoSigner,
    ProposalFollowUp,
    ProposalState,
    SocialReport,
    SocialReportInstruction,
    SocialReportState,
)
from .public_forms import PublicClueForm
from .public_views import RATE_LIMIT_SCOPE


class BlankChoicesMixin:
    """A read-only choice field the model lets be empty says so in the schema ("" is a value)."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            source = field.source or name
            if isinstance(field, serializers.ChoiceField) and "." not in source:
                model_field = model._meta.get_field(source)
                field.allow_blank = bool(model_field.blank)
                field.allow_null = bool(model_field.null)
        return fields


@contextmanager
def fields_named(**names: str) -> Iterator[None]:
    """A service's refusal of one of its own fields reported under the request's name for it
    (``fields_named(referred_member="member")``), so a 400 points at what the client sent."""
    try:
        yield
    except DjangoValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(field, field): errors for field, errors in error.error_dict.items()}
        ) from error


def merged_form(form_class, obj, request):
    """A PATCH checked by the page's whole form: the record's values with the sent ones over them."""
    current = {name: getattr(obj, name) for name in form_class.base_fields}
    incoming = request_fields(request)
    incoming = incoming.dict() if hasattr(incoming, "dict") else dict(incoming)
    return form_class({**current, **incoming})


# Proposals ------------------------------------------------------------------------------------


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


class ProposalSerializer(BlankChoicesMixin, serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    serial_label = serializers.CharField(read_only=True)
    submitter_display = serializers.CharField(read_only=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "committee",
            "year",
            "session",
            "title",
            "body",
            "category",
            "submitter_kind",
            "submitter_display",
            "first_proposer",
            "submitting_sector",
            "submitting_party",
            "submitting_special_committee",
            "session_group",
            "state",
            "state_display",
            "submitted_at",
            "returned_reason",
            "serial_number",
            "serial_label",
            "registered_at",
            "not_registered_reason",
            "conversion",
            "handling_round",
            "answer_category",
            "answered_at",
            "satisfaction",
            "satisfaction_comment",
            "rated_at",
            "closed_at",
            "withdrawn_at",
            "withdrawn_reason",
            "is_key",
            "supervising_leader",
            "is_excellent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProposalInputSerializer(serializers.Serializer):
    """What a member sends to draft a proposal (checked by the page's ``ProposalForm``)."""

    title = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=ProposalForm.base_fields["category"].choices)
    submitter_kind = serializers.ChoiceField(
        choices=ProposalForm.base_fields["submitter_kind"].choices
    )
    session = serializers.CharField(max_length=40, required=False, allow_blank=True)
    body = serializers.CharField()


class InviteSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text=_("A member of the proposal's committee"))


class CosignSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class RatingSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(choices=RatingForm.base_fields["satisfaction"].choices)
    satisfaction_comment = serializers.CharField(required=False, allow_blank=True)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField()
    conversion = serializers.ChoiceField(choices=Conversion.choices, required=False)


class AssignSerializer(serializers.Serializer):
    lead_unit = serializers.IntegerField()
    co_units = serializers.ListField(child=serializers.IntegerField(), required=False)
    deadline = serializers.DateField()


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class MemberRefSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text=_("A member of the record's committee"))


class SupervisingLeaderSerializer(serializers.Serializer):
    supervising_leader = serializers.CharField(max_length=100)


class FollowUpSerializer(BlankChoicesMixin, serializers.ModelSerializer):
    class Meta:
        model = ProposalFollowUp
        fields = ["id", "proposal", "kind", "followed_on", "progress", "summary", "participants"]
        read_only_fields = ["id", "proposal"]


def _input(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _proposal_response(proposal) -> Response:
    return Response(ProposalSerializer(Proposal.objects.get(pk=proposal.pk)).data)


PROPOSAL_ACTION = {"responses": {200: ProposalSerializer}}


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
            raise exceptions.ValidationError(
                {"non_field_errors": [_("Only a draft can be edited.")]}
            )
        form = merged_form(ProposalForm, proposal, request)
        valid(form)
        services.proposal_update(proposal=proposal, by=request.user, **form.changes(proposal))
        return _proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The first proposer submits the draft to the committee."""
        proposal = self._drafted()
        services.proposal_submit(proposal=proposal, by=request.user)
        return _proposal_response(proposal)

    @extend_schema(request=InviteSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """The first proposer of a joint draft invites a member of the committee to co-sign."""
        proposal = self._drafted()
        member_id = _input(InviteSerializer, request.data)["member"]
        member = Member.objects.filter(pk=member_id, committee_id=proposal.committee_id).first()
        if member is None:
            raise exceptions.ValidationError(
                {"member": [_("Choose a member of your committee to invite.")]}
            )
        services.proposal_cosigner_invite(proposal=proposal, member=member, by=request.user)
        return _proposal_response(proposal)

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
        accept = _input(CosignSerializer, request.data)["accept"]
        services.proposal_cosigner_respond(cosigner=cosigner, accept=accept, by=request.user)
        return _proposal_response(proposal)

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
        return _proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        """Staff register (立案) a submitted proposal; it gets its serial number."""
        proposal = self.get_object()
        services.proposal_register(proposal=proposal, by=request.user)
        return _proposal_response(proposal)

    @extend_schema(request=DeclineSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="decline-registration")
    def decline_registration(self, request, pk=None):
        """Staff decide not to register, with the reason (and an optional conversion)."""
        proposal = self.get_object()
        data = _input(DeclineSerializer, request.data)
        services.proposal_decline_registration(
            proposal=proposal,
            reason=data["reason"],
            conversion=data.get("conversion", Conversion.NONE),
            by=request.user,
        )
        return _proposal_response(proposal)

    @extend_schema(request=AssignSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Staff hand a registered proposal to a lead unit and any co-units, with a deadline."""
        proposal = self.get_object()
        services.proposal_assign(proposal=proposal, by=request.user, **_units(proposal, request))
        return _proposal_response(proposal)

    @extend_schema(request=AssignSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="change-units")
    def change_units(self, request, pk=None):
        """Staff change the units or the deadline of the round being handled; a unit that has
        replied keeps its role."""
        proposal = self.get_object()
        services.proposal_units_change(
            proposal=proposal, by=request.user, **_units(proposal, request)
        )
        return _proposal_response(proposal)

    @extend_schema(request=ReasonSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The first proposer withdraws a draft or a submitted proposal, saying why; staff may
        do it for a proposal handed in on paper."""
        proposal = self._drafted() if not roles_for(request).is_staff else self.get_object()
        reason = valid(ReasonForm(request_fields(request)))["reason"]
        with fields_named(withdrawn_reason="reason"):
            services.proposal_withdraw(proposal=proposal, reason=reason, by=request.user)
        return _proposal_response(proposal)

    @extend_schema(request=ReasonSerializer, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="return-for-revision")
    def return_for_revision(self, request, pk=None):
        """Staff send a submitted proposal back to its proposer as a draft, saying why."""
        proposal = self.get_object()
        reason = valid(ReasonForm(request_fields(request)))["reason"]
        with fields_named(returned_reason="reason"):
            services.proposal_return_for_revision(proposal=proposal, reason=reason, by=request.user)
        return _proposal_response(proposal)

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
        return _proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Staff close an answered or rated proposal (办结)."""
        proposal = self.get_object()
        services.proposal_close(proposal=proposal, by=request.user)
        return _proposal_response(proposal)

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
        return _proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="unmark-key")
    def unmark_key(self, request, pk=None):
        proposal = self.get_object()
        services.proposal_unmark_key(proposal=proposal, by=request.user)
        return _proposal_response(proposal)

    @extend_schema(request=None, **PROPOSAL_ACTION)
    @action(detail=True, methods=["post"], url_path="mark-excellent")
    def mark_excellent(self, request, pk=None):
        """Staff rate a registered proposal excellent (优秀提案)."""
        proposal = self.get_object()
        services.proposal_mark_excellent(proposal=proposal, by=request.user)
        return _proposal_response(proposal)


def _units(proposal: Proposal, request) -> dict:
    """The lead unit, co-units and deadline sent, among the units of the proposal's committee."""
    data = _input(AssignSerializer, request.data)
    units = HandlingUnit.objects.filter(committee_id=proposal.committee_id)
    lead = units.filter(pk=data["lead_unit"]).first()
    if lead is None:
        raise exceptions.ValidationError({"lead_unit": [_("Choose a handling unit.")]})
    co_ids = data.get("co_units", [])
    co_units = list(units.filter(pk__in=co_ids))
    if len(co_units) != len(set(co_ids)):
        raise exceptions.ValidationError({"co_units": [_("Choose a handling unit.")]})
    return {"lead_unit": lead, "co_units": co_units, "deadline": data["deadline"]}


# Assignments and replies ----------------------------------------------------------------------


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


class AssignmentSerializer(BlankChoicesMixin, serializers.ModelSerializer):
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = ProposalAssignment
        fields = [
            "id",
            "proposal",
            "proposal_title",
            "unit",
            "unit_name",
            "role",
            "round",
            "assigned_on",
            "deadline",
            "replied_on",
            "reply_category",
            "reply_body",
            "reply_signer",
        ]
        read_only_fields = fields


class ReplySerializer(serializers.Serializer):
    reply_category = serializers.ChoiceField(
        choices=ReplyForm.base_fields["reply_category"].choices,
        required=False,
        help_text=_("Required of the lead unit"),
    )
    reply_body = serializers.CharField()
    reply_signer = serializers.CharField(required=False, allow_blank=True)
    replied_on = serializers.DateField()


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


# Social-conditions reports --------------------------------------------------------------------


def _authored(queryset, request):
    """The member's page rule: reports they wrote or co-wrote."""
    member_id = roles_for(request).member_id
    if member_id is None:
        return queryset.none()
    return queryset.filter(pk__in=selectors.member_social_reports(member_id=member_id).values("pk"))


class SocialReportFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year", lookup_expr="exact")
    member = IdFilter(field_name="authors", distinct=True)
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = SocialReport
        fields = ["committee", "year", "state", "member"]


class SocialReportSerializer(BlankChoicesMixin, serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = SocialReport
        fields = [
            "id",
            "committee",
            "year",
            "title",
            "body",
            "state",
            "state_display",
            "submitted_at",
            "adopted_at",
            "adopted_issue",
            "review_note",
            "forwarded_on",
            "forwarded_to",
            "higher_adopted_on",
            "higher_adopted_by",
            "authors",
            "created_at",
        ]
        read_only_fields = fields


class SocialReportInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()


class AdoptSerializer(serializers.Serializer):
    issue = serializers.CharField(required=False, allow_blank=True)


class ForwardSerializer(serializers.Serializer):
    forwarded_to = serializers.CharField(max_length=120)
    forwarded_on = serializers.DateField()


class HigherAdoptionSerializer(serializers.Serializer):
    adopted_by = serializers.CharField(max_length=120)
    adopted_on = serializers.DateField()


class InstructionSerializer(BlankChoicesMixin, serializers.ModelSerializer):
    class Meta:
        model = SocialReportInstruction
        fields = ["id", "report", "leader", "level", "instructed_on", "content"]
        read_only_fields = ["id", "report"]


#: The database check's own message (one authorship per member and report).
ALREADY_AUTHOR = pgettext_lazy("social report", "This member is already an author of the report.")

REPORT_ACTION = {"responses": {200: SocialReportSerializer}}


def _report_response(report, code=status.HTTP_200_OK) -> Response:
    return Response(SocialReportSerializer(SocialReport.objects.get(pk=report.pk)).data, code)


@extend_schema_view(
    list=extend_schema(
        responses={
            200: SocialReportSerializer(many=True),
        }
    ),
    retrieve=extend_schema(responses={200: SocialReportSerializer}),
    create=extend_schema(
        request=SocialReportInputSerializer, responses={201: SocialReportSerializer}
    ),
    partial_update=extend_schema(
        request=SocialReportInputSerializer(partial=True), **REPORT_ACTION
    ),
)
class SocialReportViewSet(
    ActionRolesMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """社情民意信息: members write, change and submit theirs; staff adopt or reject, forward the
    adopted ones to the higher level and record what became of them there."""

    queryset = (
        SocialReport.objects.select_related("committee")
        .prefetch_related("authors")
        .order_by("-created_at", "-pk")
    )
    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = SocialReportSerializer
    filterset_class = SocialReportFilter
    search_fields = ["title"]
    ordering_fields = ["created_at", "submitted_at", "year", "title"]
    scopes = {MEMBER: _authored, STAFF: staff_readable()}
    action_roles = {
        "create": (MEMBER,),
        "submit": (MEMBER,),
        "adopt": (STAFF,),
        "reject": (STAFF,),
        "partial_update": (MEMBER,),
        "add_author": (MEMBER,),
        "remove_author": (MEMBER,),
        "return_for_revision": (STAFF,),
        "forward": (STAFF,),
        "record_higher_adoption": (STAFF,),
        "record_instruction": (STAFF,),
    }

    def create(self, request, *args, **kwargs):
        data = valid(SocialReportForm(request_fields(request)))
        member = Member.objects.select_related("committee").get(pk=roles_for(request).member_id)
        report = services.social_report_create(
            committee=member.committee,
            year=timezone.localdate().year,
            authors=[member],
            by=request.user,
            **data,
        )
        return _report_response(report, status.HTTP_201_CREATED)

    @extend_schema(request=None, **REPORT_ACTION)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        services.social_report_submit(report=report, by=request.user)
        return _report_response(report)

    @extend_schema(request=AdoptSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        report = self.get_object()
        issue = _input(AdoptSerializer, request.data).get("issue", "")
        services.social_report_adopt(report=report, issue=issue, by=request.user)
        return _report_response(report)

    @extend_schema(request=NoteSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        report = self.get_object()
        note = _input(NoteSerializer, request.data).get("note", "")
        services.social_report_reject(report=report, note=note, by=request.user)
        return _report_response(report)

    def _draft(self) -> SocialReport:
        """The author's report, while it is still a draft (after that its authors are settled)."""
        report = self.get_object()
        if report.state != SocialReportState.DRAFT:
            raise IllegalTransition(_("Only a draft report can be changed by its authors."))
        return report

    def partial_update(self, request, *args, **kwargs):
        """An author changes the title or text of a draft."""
        report = self._draft()
        form = merged_form(SocialReportForm, report, request)
        valid(form)
        services.social_report_update(report=report, by=request.user, **form.changes(report))
        return _report_response(report)

    def _member(self, request, report: SocialReport) -> Member:
        member_id = valid(InviteForm(request_fields(request)))["member"]
        member = Member.objects.filter(pk=member_id, committee_id=report.committee_id).first()
        if member is None:
            raise exceptions.ValidationError({"member": [_("Choose a member of your committee.")]})
        return member

    @extend_schema(request=MemberRefSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"], url_path="add-author")
    def add_author(self, request, pk=None):
        """An author adds a co-author of the committee to the draft, after the others."""
        report = self.get_object()
        member = self._member(request, report)
        if report.authorships.filter(member=member).exists():
            raise exceptions.ValidationError({"member": [ALREADY_AUTHOR]})
        services.social_report_author_add(report=report, member=member, by=request.user)
        return _report_response(report)

    @extend_schema(request=MemberRefSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"], url_path="remove-author")
    def remove_author(self, request, pk=None):
        """An author takes a co-author off the draft."""
        report = self.get_object()
        member = self._member(request, report)
        authorship = report.authorships.filter(member=member).first()
        if authorship is None:
            raise exceptions.ValidationError(
                {"member": [_("This member is not an author of the report.")]}
            )
        services.social_report_author_remove(authorship=authorship, by=request.user)
        return _report_response(report)

    @extend_schema(request=ReasonSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"], url_path="return-for-revision")
    def return_for_revision(self, request, pk=None):
        """Staff send a submitted report back to its authors as a draft, saying why."""
        report = self.get_object()
        reason = valid(ReasonForm(request_fields(request)))["reason"]
        with fields_named(review_note="reason"):
            services.social_report_return_for_revision(report=report, note=reason, by=request.user)
        return _report_response(report)

    @extend_schema(request=ForwardSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        """Staff send an adopted report on to the committee one level up (报送上级)."""
        report = self.get_object()
        data = valid(ForwardReportForm(request_fields(request)))
        services.social_report_forward(report=report, by=request.user, **data)
        return _report_response(report)

    @extend_schema(request=HigherAdoptionSerializer, **REPORT_ACTION)
    @action(detail=True, methods=["post"], url_path="record-higher-adoption")
    def record_higher_adoption(self, request, pk=None):
        """Staff record that the higher level adopted a forwarded report."""
        report = self.get_object()
        data = valid(HigherAdoptionForm(request_fields(request)))
        with fields_named(higher_adopted_by="adopted_by", higher_adopted_on="adopted_on"):
            services.social_report_record_higher_adoption(report=report, by=request.user, **data)
        return _report_response(report)

    @extend_schema(request=InstructionSerializer, responses={201: InstructionSerializer})
    @action(detail=True, methods=["post"], url_path="record-instruction")
    def record_instruction(self, request, pk=None):
        """Staff record a leader's instruction (批示) on an adopted report."""
        report = self.get_object()
        data = valid(InstructionInlineForm(request_fields(request)))
        instruction = services.social_report_instruction_record(
            report=report, by=request.user, **data
        )
        return Response(InstructionSerializer(instruction).data, status=status.HTTP_201_CREATED)


# Clues ----------------------------------------------------------------------------------------


class ClueFilter(django_filters.FilterSet):
    submitted_after = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = ProposalClue
        fields = ["committee", "status", "channel"]


class ClueSerializer(BlankChoicesMixin, serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    #: Often empty: a plain string rather than one that must look like an address.
    contact_email = serializers.CharField(read_only=True)

    class Meta:
        model = ProposalClue
        fields = [
            "id",
            "committee",
            "submitted_at",
            "channel",
            "title",
            "content",
            "contact_name",
            "contact_phone",
            "contact_email",
            "status",
            "status_display",
            "triage_note",
            "referred_member",
            "resulting_proposal",
            "handled_at",
        ]
        read_only_fields = fields


class ClueInputSerializer(serializers.Serializer):
    """The public form's fields (checked by ``PublicClueForm``); ``website`` must stay empty."""

    committee = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    content = serializers.CharField()
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)


class ClueReceiptSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ReferSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text=_("An active member of the clue's committee"))
    note = serializers.CharField(required=False, allow_blank=True)


class AdoptClueSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(help_text=_("A proposal of the clue's committee"))


@extend_schema_view(
    list=extend_schema(
        responses={
            200: ClueSerializer(many=True),
        }
    ),
    retrieve=extend_schema(responses={200: ClueSerializer}),
    create=extend_schema(
        request=ClueInputSerializer,
        responses={
            201: ClueReceiptSerializer,
            429: OpenApiResponse(description=_("Too many submissions from this address")),
        },
        auth=[{}],
    ),
)
class ClueViewSet(ActionRolesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """提案线索: anyone may hand one in (as on the public form); staff read and triage."""

    queryset = ProposalClue.objects.select_related("committee").order_by("-submitted_at", "-pk")
    serializer_class = ClueSerializer
    filterset_class = ClueFilter
    search_fields = ["title"]
    ordering_fields = ["submitted_at", "title", "status"]
    scopes = {STAFF: staff_readable()}
    action_roles = {
        "start_review": (STAFF,),
        "decline": (STAFF,),
        "refer": (STAFF,),
        "adopt": (STAFF,),
    }

    def get_permissions(self):
        if self.action == "create":
            return [permissions.AllowAny()]
        return super().get_permissions()

    def create(self, request, *args, **kwargs):
        if over_limit(request, scope=RATE_LIMIT_SCOPE, limit=settings.PUBLIC_CLUE_RATE_LIMIT):
            raise exceptions.Throttled(wait=WINDOW_SECONDS)
        form = PublicClueForm(request_fields(request))
        receipt = {"detail": str(_("Thank you: your clue was received."))}
        if form.is_robot:
            # As on the page: a robot is thanked and nothing is stored.
            return Response(receipt, status=status.HTTP_201_CREATED)
        data = valid(form)
        services.clue_submit(
            committee=data["committee"],
            title=data["title"],
            content=data["content"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            contact_email=data["contact_email"],
        )
        return Response(receipt, status=status.HTTP_201_CREATED)

    def _clue_response(self, clue) -> Response:
        return Response(ClueSerializer(ProposalClue.objects.get(pk=clue.pk)).data)

    @extend_schema(request=None, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        clue = self.get_object()
        services.clue_start_review(clue=clue, by=request.user)
        return self._clue_response(clue)

    @extend_schema(request=NoteSerializer, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        clue = self.get_object()
        note = _input(NoteSerializer, request.data).get("note", "")
        services.clue_decline(clue=clue, note=note, by=request.user)
        return self._clue_response(clue)

    @extend_schema(request=ReferSerializer, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        """Staff pass the clue to an active member of the committee, who may make it a proposal."""
        clue = self.get_object()
        data = valid(ReferClueForm(request_fields(request), committee_id=clue.committee_id))
        with fields_named(referred_member="member"):
            services.clue_refer(clue=clue, by=request.user, **data)
        return self._clue_response(clue)

    @extend_schema(request=AdoptClueSerializer, responses={200: ClueSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """Staff record the committee's proposal the clue became (part of)."""
        clue = self.get_object()
        data = valid(AdoptClueForm(request_fields(request), committee_id=clue.committee_id))
        with fields_named(resulting_proposal="proposal"):
            services.clue_adopt(clue=clue, by=request.user, **data)
        return self._clue_response(clue)


ROUTES = [
    ("proposals", ProposalViewSet, "proposal"),
    ("proposal-assignments", AssignmentViewSet, "proposal-assignment"),
    ("social-reports", SocialReportViewSet, "social-report"),
    ("proposal-clues", ClueViewSet, "proposal-clue"),
]
