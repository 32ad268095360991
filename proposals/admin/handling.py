"""Handling units, their assignments and replies, co-signers, follow-ups and counters."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import errors_for_form, run_per_item, writable_subset
from committees.admin_evidence import EvidenceAdmin
from committees.admin_filters import OneCommitteeRelatedFilter, ReadableCommitteeFilter
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from .. import services
from ..models import (
    HandlingUnit,
    HandlingUnitUser,
    ProposalAssignment,
    ProposalCoSigner,
    ProposalFollowUp,
    ProposalSerialCounter,
    ProposalState,
)
from .forms import DATE_INPUT, FollowUpInlineForm

#: Proposal states in which a unit's reply is still expected.
OPEN_STATES = [ProposalState.ASSIGNED, ProposalState.REOPENED, ProposalState.ANSWERED]
REPLY_FIELDS = ["replied_on", "reply_category", "reply_signer", "reply_body"]


class HandlingUnitUserInline(ParentWritableInline, admin.TabularInline):
    model = HandlingUnitUser
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name_plural = _("officers who reply for the unit")


@admin.register(HandlingUnit)
class HandlingUnitAdmin(CommitteeScopedAdmin):
    list_display = [
        "name",
        "short_name",
        "contact_person",
        "contact_phone",
        "is_active",
        "open_assignments",
        "committee",
    ]
    list_select_related = ["committee"]
    list_filter = ["is_active", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name", "contact_person"]
    inlines = [HandlingUnitUserInline]
    fields = [
        "committee",
        "name",
        "short_name",
        "contact_person",
        "contact_phone",
        "contact_email",
        "is_active",
    ]

    def get_queryset(self, request):
        waiting = Q(assignments__replied_on__isnull=True) & Q(
            assignments__round=F("assignments__proposal__handling_round"),
            assignments__proposal__state__in=OPEN_STATES,
        )
        return (
            super().get_queryset(request).annotate(open_total=Count("assignments", filter=waiting))
        )

    @admin.display(description=_("replies outstanding"), ordering="open_total")
    def open_assignments(self, obj) -> int:
        return obj.open_total


@admin.register(HandlingUnitUser)
class HandlingUnitUserAdmin(CommitteeScopedAdmin):
    committee_path = "unit__committee"
    list_display = ["user", "unit"]
    list_select_related = ["user", "unit"]
    list_filter = [("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__name", "user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]


class ReplyForm(forms.ModelForm):
    class Meta:
        model = ProposalAssignment
        fields = REPLY_FIELDS
        widgets = {"replied_on": DATE_INPUT}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services.proposal_reply_check(
                assignment=ProposalAssignment.objects.get(pk=self.instance.pk),
                category=cleaned.get("reply_category", ""),
            )
        except ValidationError as error:
            raise errors_for_form(self, error) from None
        if not cleaned.get("reply_body", "").strip():
            raise ValidationError({"reply_body": _("The reply has no text.")})
        return cleaned


class OverdueFilter(admin.SimpleListFilter):
    title = _("reply")
    parameter_name = "reply"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Waiting")),
            ("overdue", _("Overdue")),
            ("replied", _("Replied")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(replied_on__isnull=True)
        if self.value() == "overdue":
            return queryset.filter(replied_on__isnull=True, deadline__lt=timezone.localdate())
        if self.value() == "replied":
            return queryset.filter(replied_on__isnull=False)
        return queryset


@admin.register(ProposalAssignment)
class ProposalAssignmentAdmin(CommitteeScopedAdmin, SimpleHistoryAdmin):
    """Where staff enter a unit's reply (received on paper) and watch deadlines."""

    committee_path = "proposal__committee"
    form = ReplyForm
    list_display = [
        "proposal",
        "unit",
        "role",
        "round",
        "assigned_on",
        "deadline",
        "is_overdue",
        "replied_on",
        "reply_category",
    ]
    list_select_related = ["proposal", "unit"]
    list_filter = [
        OverdueFilter,
        "role",
        "reply_category",
        "round",
        ("unit", OneCommitteeRelatedFilter),
        ("proposal__committee", ReadableCommitteeFilter),
    ]
    search_fields = ["proposal__title", "unit__name"]
    # A province's list: no count of every row beside the filtered one, no date drill-down (a
    # pass over every assignment on each load; the overdue filter serves).
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["proposal", "unit", "role", "round", "assigned_on", "deadline"]}),
        (_("Reply"), {"fields": REPLY_FIELDS}),
    ]

    @admin.display(boolean=True, description=_("overdue"))
    def is_overdue(self, obj) -> bool:
        return obj.replied_on is None and obj.deadline < timezone.localdate()

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        readonly = ["proposal", "unit", "role", "round", "assigned_on", "deadline"]
        if obj is not None and obj.has_replied:
            readonly += REPLY_FIELDS
        return readonly

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.proposal_reply_submit(
            assignment=ProposalAssignment.objects.get(pk=obj.pk),
            category=data["reply_category"],
            body=data["reply_body"],
            signer=data["reply_signer"],
            replied_on=data["replied_on"],
            by=request.user,
        )


@admin.register(ProposalCoSigner)
class ProposalCoSignerAdmin(EvidenceAdmin, CommitteeScopedAdmin):
    """Answers to co-signing invitations; staff record those given on paper."""

    evidence_instead = _("Record that the member declined instead.")

    def is_evidence(self, obj) -> bool:
        return obj.proposal.state != ProposalState.DRAFT

    committee_path = "proposal__committee"
    list_display = ["member", "proposal", "status", "invited_at", "responded_at"]
    list_select_related = ["member", "proposal"]
    list_filter = ["status"]
    search_fields = ["member__name", "proposal__title"]
    date_hierarchy = "invited_at"
    fields = ["proposal", "member", "status", "invited_at", "responded_at"]
    readonly_fields = fields
    actions = ["confirm_selected", "decline_selected"]

    def has_add_permission(self, request):
        # Invitations are sent from the proposal, where the proposer lists co-signers.
        return False

    @admin.action(description=_("Record that they confirmed"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda c: services.proposal_cosigner_respond(cosigner=c, accept=True, by=request.user),
        )

    @admin.action(description=_("Record that they declined"), permissions=["change"])
    def decline_selected(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda c: services.proposal_cosigner_respond(cosigner=c, accept=False, by=request.user),
        )


class FollowUpAdminForm(FollowUpInlineForm):
    class Meta(FollowUpInlineForm.Meta):
        fields = ["proposal", *FollowUpInlineForm.Meta.fields]


@admin.register(ProposalFollowUp)
class ProposalFollowUpAdmin(CommitteeScopedAdmin):
    committee_path = "proposal__committee"
    form = FollowUpAdminForm
    list_display = ["proposal", "kind", "followed_on", "progress", "recorded_by"]
    list_select_related = ["proposal", "recorded_by"]
    list_filter = ["kind", "progress"]
    search_fields = ["proposal__title", "summary"]
    date_hierarchy = "followed_on"
    autocomplete_fields = ["proposal"]

    def get_readonly_fields(self, request, obj=None):
        # A follow-up is a record of what was found on a day: kept as written.
        if obj is not None:
            return ["proposal", "kind", "followed_on", "progress", "summary", "participants"]
        return []

    def save_model(self, request, obj, form, change):
        if change:
            return
        data = form.cleaned_data
        created = services.proposal_followup_record(
            proposal=data["proposal"],
            kind=data["kind"],
            followed_on=data["followed_on"],
            summary=data["summary"],
            progress=data["progress"],
            participants=data["participants"],
            by=request.user,
        )
        obj.pk = created.pk
        obj._state.adding = False


@admin.register(ProposalSerialCounter)
class ProposalSerialCounterAdmin(CommitteeScopedAdmin):
    """The last serial number per year, for reference; registering moves it."""

    list_display = ["committee", "year", "last_number"]
    list_filter = ["year"]
    search_fields = ["committee__name"]
    readonly_fields = ["committee", "year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
