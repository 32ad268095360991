from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_evidence import VOID_INSTEAD, EvidenceInline, VoidableAdmin
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from .. import services
from ..models import (
    LEARNING_KINDS,
    RESEARCH_KINDS,
    ResearchReport,
    ResearchReportAuthor,
    Speech,
    StudyNote,
)


@admin.register(Speech)
class SpeechAdmin(VoidableAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    committee_path = "meeting__committee"
    list_display = ["title", "member", "kind", "meeting", "recorded_at"]
    list_select_related = ["member", "meeting"]
    list_filter = ["kind", "meeting__kind"]
    search_fields = ["title", "member__name", "meeting__title"]
    date_hierarchy = "meeting__start_date"
    autocomplete_fields = ["meeting", "member"]

    def save_model(self, request, obj, form, change):
        services.speech_save(speech=obj)


class ResearchReportAuthorInline(EvidenceInline, ParentWritableInline, admin.TabularInline):
    model = ResearchReportAuthor
    extra = 1
    autocomplete_fields = ["member"]
    readonly_fields = ["voided_reason"]
    evidence_instead = VOID_INSTEAD


@admin.register(ResearchReport)
class ResearchReportAdmin(VoidableAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "meeting", "written_on", "committee"]
    list_select_related = ["meeting", "committee"]
    list_filter = ["meeting__kind"]
    search_fields = ["title", "summary", "meeting__title", "authors__name"]
    date_hierarchy = "written_on"
    inlines = [ResearchReportAuthorInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "meeting" and field is not None:
            field.queryset = field.queryset.filter(kind__in=RESEARCH_KINDS)
        return field

    def save_model(self, request, obj, form, change):
        services.research_report_save(report=obj)


@admin.register(ResearchReportAuthor)
class ResearchReportAuthorAdmin(VoidableAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    committee_path = "report__committee"
    list_display = ["member", "report", "is_lead"]
    list_select_related = ["member", "report"]
    list_filter = ["is_lead"]
    search_fields = ["member__name", "report__title"]
    autocomplete_fields = ["member"]


@admin.register(StudyNote)
class StudyNoteAdmin(VoidableAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    committee_path = "member__committee"
    list_display = ["title", "member", "meeting", "written_on"]
    list_select_related = ["member", "meeting"]
    search_fields = ["title", "body", "member__name"]
    date_hierarchy = "written_on"
    autocomplete_fields = ["member"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "meeting" and field is not None:
            field.queryset = field.queryset.filter(kind__in=LEARNING_KINDS)
        return field

    def save_model(self, request, obj, form, change):
        services.study_note_save(note=obj)
