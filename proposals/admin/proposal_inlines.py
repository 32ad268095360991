"""The lists shown inside a proposal's page: co-signers, units and replies, follow-ups."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from committees.admin_mixins import ParentWritableInline

from ..models import (
    REGISTERED_STATES,
    ProposalAssignment,
    ProposalCoSigner,
    ProposalFollowUp,
    ProposalState,
)
from .forms import CoSignerFormSet, CoSignerInlineForm, FollowUpInlineForm


class CoSignerInline(ParentWritableInline, admin.TabularInline):
    """Co-signers are invited while drafting; staff record answers given on paper."""

    model = ProposalCoSigner
    form = CoSignerInlineForm
    formset = CoSignerFormSet
    extra = 0
    fields = ["member", "status", "responded_at"]
    readonly_fields = ["responded_at"]
    autocomplete_fields = ["member"]

    @staticmethod
    def _drafting(obj) -> bool:
        return obj is None or obj.state == ProposalState.DRAFT

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._drafting(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._drafting(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._drafting(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class AssignmentInline(ParentWritableInline, admin.TabularInline):
    """Units and their replies, round by round; written by the assign action and by replies."""

    model = ProposalAssignment
    extra = 0
    fields = [
        "round",
        "unit",
        "role",
        "assigned_on",
        "deadline",
        "replied_on",
        "reply_category",
        "reply_signer",
    ]
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("handling units and replies")

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit").order_by("-round", "role")


class FollowUpInline(ParentWritableInline, admin.TabularInline):
    """Look-backs and supervision visits: added here, kept as recorded."""

    model = ProposalFollowUp
    form = FollowUpInlineForm
    extra = 0
    fields = ["kind", "followed_on", "progress", "summary", "participants"]
    can_delete = False

    def has_add_permission(self, request, obj):
        registered = obj is not None and obj.state in REGISTERED_STATES
        return super().has_add_permission(request, obj) and registered

    def has_change_permission(self, request, obj=None):
        return False
