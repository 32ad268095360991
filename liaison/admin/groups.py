"""Admin for liaison groups, their memberships, leader approvals, work plans and reports."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees.admin_actions import (
    bound_if_applied,
    run_form_action,
    run_per_item,
    writable_subset,
)
from committees.admin_filters import YesNoFilter
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from .. import selectors, services
from ..models import (
    DocumentState,
    LeaderApproval,
    LiaisonGroup,
    LiaisonGroupMembership,
    WorkPlan,
    YearEndReport,
)
from .forms import ApprovalForm, DateForm, DiscussionForm, MoveForm, ReasonForm


class CurrentPeriodFilter(YesNoFilter):
    title = _("period")
    parameter_name = "current"
    yes_label = _("Current")
    no_label = _("Ended")

    def yes(self, queryset):
        return queryset.on(timezone.localdate())

    def no(self, queryset):
        return queryset.filter(end_date__lt=timezone.localdate())


class MembershipInline(ParentWritableInline, admin.TabularInline):
    model = LiaisonGroupMembership
    fields = ["member", "role", "start_date", "end_date", "approval"]
    autocomplete_fields = ["member", "approval"]
    extra = 0
    # Current periods first, then the history, newest first.
    ordering = [F("end_date").desc(nulls_first=True), "-start_date"]
    verbose_name_plural = _("members (all periods)")

    def get_queryset(self, request):
        # The approval's label names its group and member.
        return (
            super()
            .get_queryset(request)
            .select_related("member", "approval__group", "approval__member")
        )


@admin.register(LiaisonGroup)
class LiaisonGroupAdmin(CommitteeScopedAdmin):
    list_display = ["name", "kind", "area_name", "leader", "member_count", "is_active"]
    list_filter = ["kind", "is_active", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "area_name"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return selectors.groups_with_summary(super().get_queryset(request), timezone.localdate())

    @admin.display(description=_("group leader"), ordering="leader_name_on")
    def leader(self, obj):
        return obj.leader_name_on or "-"

    @admin.display(description=_("member count"), ordering="member_count_on")
    def member_count(self, obj):
        return obj.member_count_on


@admin.register(LiaisonGroupMembership)
class LiaisonGroupMembershipAdmin(CommitteeScopedAdmin):
    committee_path = "group__committee"
    list_display = ["member", "group", "role", "start_date", "end_date", "approval"]
    list_filter = [CurrentPeriodFilter, "role", ("group", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["member", "group", "approval"]
    search_fields = ["member__name", "group__name"]
    autocomplete_fields = ["group", "member", "approval"]
    date_hierarchy = "start_date"
    actions = ["move_to_group", "end_membership"]

    @admin.action(
        description=_("Move the selected members to another group"), permissions=["change"]
    )
    def move_to_group(self, request, queryset):
        form = bound_if_applied(MoveForm, request, committee_id=request.user.committee_id)
        return run_form_action(
            self,
            request,
            queryset.filter(end_date__isnull=True),
            form=form,
            action="move_to_group",
            title=gettext("Move to another liaison group"),
            step=lambda membership, data: services.group_move_member(
                member=membership.member,
                group=data["group"],
                effective_date=data["effective_date"],
            ),
        )

    @admin.action(description=_("End the selected group memberships"), permissions=["change"])
    def end_membership(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset.filter(end_date__isnull=True),
            form=bound_if_applied(DateForm, request),
            action="end_membership",
            title=gettext("End memberships"),
            step=lambda membership, data: services.group_remove_member(
                member=membership.member, end_date=data["date"]
            ),
        )


@admin.register(LeaderApproval)
class LeaderApprovalAdmin(CommitteeScopedAdmin):
    list_display = [
        "member",
        "group",
        "role",
        "state",
        "nominated_on",
        "chairmans_meeting_on",
        "standing_committee_approved_on",
        "document_number",
    ]
    list_filter = ["state", "role", ("group", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["member", "group"]
    search_fields = ["member__name", "group__name", "document_number"]
    autocomplete_fields = ["group", "member"]
    date_hierarchy = "nominated_on"
    # The workflow's dates and document are recorded by the actions, which check the order.
    readonly_fields = [
        "state",
        "chairmans_meeting_on",
        "standing_committee_approved_on",
        "document_number",
        "rejection_reason",
    ]
    actions = ["record_discussion", "record_approval", "record_rejection"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields += ["committee", "group", "member", "role", "nominated_on"]
        return fields

    @admin.action(description=_("Record the Chairman's Meeting discussion"), permissions=["change"])
    def record_discussion(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(DiscussionForm, request),
            action="record_discussion",
            title=gettext("Record the Chairman's Meeting discussion"),
            step=lambda approval, data: services.leader_approval_record_discussion(
                approval=approval, meeting_on=data["meeting_on"]
            ),
        )

    @admin.action(description=_("Record the Standing Committee's approval"), permissions=["change"])
    def record_approval(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ApprovalForm, request),
            action="record_approval",
            title=gettext("Record the Standing Committee's approval"),
            step=lambda approval, data: services.leader_approval_approve(
                approval=approval,
                approved_on=data["approved_on"],
                document_number=data["document_number"],
                effective_date=data["effective_date"],
            ),
        )

    @admin.action(
        description=_("Record that the nomination was not approved"), permissions=["change"]
    )
    def record_rejection(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ReasonForm, request),
            action="record_rejection",
            title=gettext("Record that the nomination was not approved"),
            step=lambda approval, data: services.leader_approval_reject(
                approval=approval, reason=data["reason"]
            ),
        )


class AnnualDocumentAdmin(CommitteeScopedAdmin):
    """Shared by work plans and year-end reports: edited as drafts, then submitted."""

    committee_path = "group__committee"
    list_display = ["group", "year", "state", "submitted_at", "submitted_by"]
    list_filter = ["year", "state", "group__kind", ("group", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["group", "submitted_by"]
    search_fields = ["group__name"]
    autocomplete_fields = ["group"]
    date_hierarchy = "submitted_at"
    readonly_fields = ["state", "submitted_at", "submitted_by"]
    actions = ["submit_selected", "reopen_selected"]
    submit_service = staticmethod(services.work_plan_submit)
    reopen_service = staticmethod(services.work_plan_reopen)
    document_argument = "plan"

    def has_change_permission(self, request, obj=None):
        # A submitted document is read-only until staff reopen it.
        if obj is not None and obj.state != DocumentState.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["group", "year"] if obj is not None else fields

    @admin.action(description=_("Submit the selected drafts"), permissions=["change"])
    def submit_selected(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda doc: self.submit_service(**{self.document_argument: doc}, by=request.user),
        )

    @admin.action(
        description=_("Reopen the selected documents for correction"), permissions=["change"]
    )
    def reopen_selected(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda doc: self.reopen_service(**{self.document_argument: doc}),
        )


@admin.register(WorkPlan)
class WorkPlanAdmin(AnnualDocumentAdmin):
    pass


@admin.register(YearEndReport)
class YearEndReportAdmin(AnnualDocumentAdmin):
    submit_service = staticmethod(services.year_end_report_submit)
    reopen_service = staticmethod(services.year_end_report_reopen)
    document_argument = "report"
