from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import run_per_item, writable_subset
from committees.admin_evidence import VOID_INSTEAD, EvidenceInline
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from .. import selectors, services
from ..models import Attendance, AttendanceStatus, Meeting, Speech


class AttendanceInline(EvidenceInline, ParentWritableInline, admin.TabularInline):
    model = Attendance

    evidence_instead = _(
        "Mark it again instead (absent, on leave …): its history keeps the previous marking."
    )

    def is_evidence(self, obj) -> bool:
        # An invitation not yet marked counts for nothing; once marked, it scores.
        return obj.status != AttendanceStatus.INVITED

    extra = 0
    fields = ["member", "status", "half_days_present", "training_completion", "note", "marked_by"]
    readonly_fields = ["marked_by"]
    autocomplete_fields = ["member"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "marked_by")


class SpeechInline(EvidenceInline, ParentWritableInline, admin.TabularInline):
    model = Speech
    extra = 0
    fields = ["member", "kind", "title", "attachment", "voided_reason"]
    readonly_fields = ["voided_reason"]
    evidence_instead = VOID_INSTEAD
    autocomplete_fields = ["member"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(Meeting)
class MeetingAdmin(CommitteeScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "start_date",
        "half_days",
        "organiser",
        "invited",
        "attended",
        "on_leave",
        "absent",
        "unmarked",
        "committee",
    ]
    list_filter = ["kind", "off_site"]
    search_fields = ["title", "topic", "place"]
    date_hierarchy = "start_date"
    inlines = [AttendanceInline, SpeechInline]
    actions = ["invite_usual_members", "mark_unmarked_present"]
    fieldsets = [
        (None, {"fields": ["committee", "kind", "title", "topic", "organiser"]}),
        (
            _("When and where"),
            {"fields": ["start_date", "end_date", "start_time", "half_days", "place", "off_site"]},
        ),
        (_("Notes"), {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return selectors.meeting_list(meetings=super().get_queryset(request))

    @admin.display(description=_("invited"), ordering="invited_count")
    def invited(self, obj):
        return obj.invited_count

    @admin.display(description=_("attended"), ordering="attended_count")
    def attended(self, obj):
        return obj.attended_count

    @admin.display(description=_("on leave"), ordering="leave_count")
    def on_leave(self, obj):
        return obj.leave_count

    @admin.display(description=_("absent"), ordering="absent_count")
    def absent(self, obj):
        return obj.absent_count

    @admin.display(description=_("not marked"), ordering="unmarked_count")
    def unmarked(self, obj):
        return obj.unmarked_count

    def save_model(self, request, obj, form, change):
        services.meeting_save(meeting=obj)

    def save_formset(self, request, form, formset, change):
        # Inline rows go through the same services as everywhere else.
        instances = formset.save(commit=False)
        for gone in formset.deleted_objects:
            gone.delete()
        for obj in instances:
            if isinstance(obj, Attendance):
                services.attendance_save(attendance=obj, by=request.user)
            else:
                services.speech_save(speech=obj)
        formset.save_m2m()

    @admin.action(description=_("Invite the members who sit at such meetings ex officio"))
    def invite_usual_members(self, request, queryset):
        invited = 0

        def invite(meeting):
            nonlocal invited
            invited += services.meeting_invite_members(
                meeting=meeting,
                members=selectors.meeting_usual_invitees(meeting=meeting),
                by=request.user,
            )

        run_per_item(
            request, writable_subset(self, request, queryset), invite, report_success=False
        )
        messages.success(request, gettext("%(count)s member(s) invited.") % {"count": invited})

    @admin.action(description=_("Mark every member not yet marked as present"))
    def mark_unmarked_present(self, request, queryset):
        marked = 0

        def mark(meeting):
            nonlocal marked
            unmarked = meeting.attendances.filter(status=AttendanceStatus.INVITED)
            marked += services.attendance_mark(
                meeting=meeting,
                members=[a.member for a in unmarked.select_related("member")],
                status=AttendanceStatus.PRESENT,
                by=request.user,
            )

        run_per_item(request, writable_subset(self, request, queryset), mark, report_success=False)
        messages.success(
            request, gettext("%(count)s attendance record(s) marked.") % {"count": marked}
        )
