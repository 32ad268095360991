"""What the proposals API sends and accepts, and the bodies its moves answer with."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.response import Response

from ..forms import ProposalForm, RatingForm, ReplyForm
from ..models import (
    Conversion,
    Proposal,
    ProposalAssignment,
    ProposalClue,
    ProposalFollowUp,
    SocialReport,
    SocialReportInstruction,
)


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


def proposal_response(proposal) -> Response:
    return Response(ProposalSerializer(Proposal.objects.get(pk=proposal.pk)).data)


PROPOSAL_ACTION = {"responses": {200: ProposalSerializer}}


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


REPORT_ACTION = {"responses": {200: SocialReportSerializer}}


def report_response(report, code=status.HTTP_200_OK) -> Response:
    return Response(SocialReportSerializer(SocialReport.objects.get(pk=report.pk)).data, code)


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
