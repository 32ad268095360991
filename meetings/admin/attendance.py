from __future__ import annotations

from collections import defaultdict

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import run_per_item, writable_subset
from committees.admin_evidence import EvidenceAdmin
from committees.admin_mixins import CommitteeScopedAdmin
from cppcc.export_formats import CSV, XLSX

from .. import services
from ..models import Attendance, AttendanceStatus, LeaveRequest
from ..resources import AttendanceResource


@admin.register(Attendance)
class AttendanceAdmin(
    EvidenceAdmin, CommitteeScopedAdmin, ImportExportModelAdmin, SimpleHistoryAdmin
):
    committee_path = "meeting__committee"

    evidence_instead = _(
        "Mark it again instead (absent, on leave …): its history keeps the previous marking."
    )

    def is_evidence(self, obj) -> bool:
        # An invitation not yet marked counts for nothing; once marked, it scores.
        return obj.status != AttendanceStatus.INVITED

    resource_classes = [AttendanceResource]
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    list_display = [
        "member",
        "meeting",
        "meeting_date",
        "status",
        "half_days_present",
        "training_completion",
        "note",
        "marked_by",
        "marked_at",
    ]
    list_select_related = ["meeting", "member", "marked_by"]
    list_filter = ["status", "meeting__kind", "training_completion"]
    search_fields = ["member__name", "member__member_number", "meeting__title"]
    # A province's hundreds of thousands of invitations: no count of them all beside the
    # filtered one, no drill-down by meeting date (two passes over every invitation joined to
    # its meeting on each load; the meetings list has one, and the search finds a meeting).
    # The default order (by meeting, then name) reads off the meetings' order index.
    show_full_result_count = False
    autocomplete_fields = ["meeting", "member"]
    readonly_fields = ["invited_at", "marked_by", "marked_at"]
    fields = [
        "meeting",
        "member",
        "status",
        "half_days_present",
        "training_completion",
        "note",
        "invited_at",
        "marked_by",
        "marked_at",
    ]
    actions = [
        "mark_present",
        "mark_late_or_early",
        "mark_approved_leave",
        "mark_absent_without_leave",
        "withdraw_invitations",
    ]

    @admin.display(description=_("meeting date"), ordering="meeting__start_date")
    def meeting_date(self, obj):
        return obj.meeting.start_date

    def save_model(self, request, obj, form, change):
        services.attendance_save(attendance=obj, by=request.user)

    def _writable_by_meeting(self, request, queryset):
        by_meeting = defaultdict(list)
        for row in writable_subset(self, request, queryset).select_related("meeting", "member"):
            by_meeting[row.meeting].append(row.member)
        return by_meeting

    def _mark(self, request, queryset, status):
        by_meeting = self._writable_by_meeting(request, queryset)
        marked = 0

        def mark(meeting):
            nonlocal marked
            marked += services.attendance_mark(
                meeting=meeting, members=by_meeting[meeting], status=status, by=request.user
            )

        run_per_item(request, list(by_meeting), mark, report_success=False)
        if marked:
            messages.success(
                request, gettext("%(count)s attendance record(s) marked.") % {"count": marked}
            )

    @admin.action(description=_("Mark as present"))
    def mark_present(self, request, queryset):
        self._mark(request, queryset, AttendanceStatus.PRESENT)

    @admin.action(description=_("Mark as late or left early"))
    def mark_late_or_early(self, request, queryset):
        self._mark(request, queryset, AttendanceStatus.LATE_OR_EARLY)

    @admin.action(description=_("Mark as on approved leave"))
    def mark_approved_leave(self, request, queryset):
        self._mark(request, queryset, AttendanceStatus.APPROVED_LEAVE)

    @admin.action(description=_("Mark as absent without leave"))
    def mark_absent_without_leave(self, request, queryset):
        self._mark(request, queryset, AttendanceStatus.ABSENT_WITHOUT_LEAVE)

    @admin.action(description=_("Withdraw invitations not yet marked"))
    def withdraw_invitations(self, request, queryset):
        by_meeting = self._writable_by_meeting(request, queryset)
        withdrawn = 0

        def withdraw(meeting):
            nonlocal withdrawn
            withdrawn += services.meeting_invitations_withdraw(
                meeting=meeting, members=by_meeting[meeting]
            )

        run_per_item(request, list(by_meeting), withdraw, report_success=False)
        if withdrawn:
            messages.success(
                request, gettext("%(count)s invitation(s) withdrawn.") % {"count": withdrawn}
            )


@admin.register(LeaveRequest)
class LeaveRequestAdmin(CommitteeScopedAdmin):
    committee_path = "meeting__committee"
    list_display = [
        "member",
        "meeting",
        "state",
        "submitted_at",
        "approver",
        "decided_at",
        "decision_note",
    ]
    list_select_related = ["meeting", "member", "approver"]
    list_filter = ["state", "meeting__kind"]
    search_fields = ["member__name", "meeting__title", "reason"]
    date_hierarchy = "submitted_at"
    autocomplete_fields = ["meeting", "member"]
    actions = ["approve", "reject"]
    fields = [
        "meeting",
        "member",
        "reason",
        "state",
        "submitted_by",
        "submitted_at",
        "decision_note",
        "approver",
        "decided_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        decided = ["state", "submitted_by", "submitted_at", "approver", "decided_at"]
        if obj is None:
            return decided
        if obj.state != LeaveRequest.State.PENDING:
            return [*decided, "meeting", "member", "reason", "decision_note"]
        return [*decided, "meeting", "member"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            return form

        class SubmissionForm(form):
            def clean(self):
                cleaned = super().clean()
                meeting, member = cleaned.get("meeting"), cleaned.get("member")
                if meeting and member:
                    try:
                        services.leave_request_check_submission(meeting=meeting, member=member)
                    except ValidationError as error:
                        self.add_error(None, error)
                return cleaned

        return SubmissionForm

    def save_model(self, request, obj, form, change):
        if change:
            # Only the reason and the decision note can be edited while a request is pending.
            obj.full_clean()
            obj.save()
            return
        created = services.leave_request_submit(
            meeting=obj.meeting, member=obj.member, reason=obj.reason, submitted_by=request.user
        )
        obj.pk, obj.submitted_at, obj.submitted_by = created.pk, created.submitted_at, request.user

    def response_change(self, request, obj):
        for button, decide in (
            ("_approve", services.leave_request_approve),
            ("_reject", services.leave_request_reject),
        ):
            if button in request.POST:
                try:
                    decide(leave_request=obj, approver=request.user, note=obj.decision_note)
                except ValidationError as error:
                    messages.error(request, "；".join(error.messages))
                    return HttpResponseRedirect(request.path)
                messages.success(
                    request,
                    gettext("The leave request of %(name)s is decided.")
                    % {"name": obj.member.name},
                )
                return HttpResponseRedirect(self._changelist_url())
        return super().response_change(request, obj)

    def _changelist_url(self):
        return reverse("admin:meetings_leaverequest_changelist", current_app=self.admin_site.name)

    def _decide_selected(self, request, queryset, decide):
        done = run_per_item(
            request,
            writable_subset(self, request, queryset).select_related("member", "meeting"),
            lambda lr: decide(leave_request=lr, approver=request.user, note=lr.decision_note),
            report_success=False,
        )
        if done:
            messages.success(
                request, gettext("%(count)s leave request(s) decided.") % {"count": done}
            )

    @admin.action(description=_("Approve the selected leave requests"))
    def approve(self, request, queryset):
        self._decide_selected(request, queryset, services.leave_request_approve)

    @admin.action(description=_("Reject the selected leave requests"))
    def reject(self, request, queryset):
        self._decide_selected(request, queryset, services.leave_request_reject)
