from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import run_per_item, writable_subset
from committees.admin_evidence import VOID_INSTEAD, EvidenceAdmin, EvidenceInline, VoidableAdmin
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from . import selectors, services
from .models import SupervisionFollowUp, SupervisionParticipant, SupervisionTopic


class ParticipantInline(EvidenceInline, ParentWritableInline, admin.TabularInline):
    model = SupervisionParticipant
    extra = 0
    autocomplete_fields = ["member"]
    readonly_fields = ["voided_reason"]
    evidence_instead = VOID_INSTEAD

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class FollowUpInline(ParentWritableInline, admin.StackedInline):
    model = SupervisionFollowUp
    extra = 0
    fields = ["date", "note", "response", "responded_on", "recorded_by"]
    readonly_fields = ["recorded_by"]


@admin.register(SupervisionTopic)
class SupervisionTopicAdmin(EvidenceAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "year",
        "kind",
        "subject",
        "state",
        "start_date",
        "participants_shown",
        "follow_ups_shown",
        "committee",
    ]
    list_filter = ["kind", "year", "state"]
    search_fields = ["title", "subject", "partner_body", "findings"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["previous_topic"]
    readonly_fields = ["state"]
    inlines = [ParticipantInline, FollowUpInline]
    actions = ["start", "report_findings", "close"]
    fieldsets = [
        (None, {"fields": ["committee", "year", "kind", "title", "subject", "state"]}),
        (
            _("Kind details"),
            {"fields": ["previous_topic", "partner_body", "lead_special_committee"]},
        ),
        (_("Dates"), {"fields": ["start_date", "end_date"]}),
        (_("Findings"), {"fields": ["findings", "recommendations"]}),
    ]

    def get_queryset(self, request):
        return selectors.topic_list(topics=super().get_queryset(request))

    @admin.display(description=_("participant count"), ordering="participant_count")
    def participants_shown(self, obj):
        return obj.participant_count

    @admin.display(description=_("follow-up count"), ordering="follow_up_count")
    def follow_ups_shown(self, obj):
        return obj.follow_up_count

    def save_model(self, request, obj, form, change):
        services.supervision_topic_save(topic=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not SupervisionFollowUp:
            return super().save_formset(request, form, formset, change)
        follow_ups = formset.save(commit=False)
        for gone in formset.deleted_objects:
            gone.delete()
        for follow_up in follow_ups:
            services.supervision_follow_up_save(follow_up=follow_up, by=request.user)

    def _run(self, request, queryset, step, done_message):
        writable = writable_subset(self, request, queryset)
        done = run_per_item(request, writable, step, report_success=False)
        if done:
            messages.success(request, done_message % {"count": done})

    @admin.action(description=_("Start the supervision of the selected topics"))
    def start(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda t: services.supervision_topic_start(topic=t),
            gettext("%(count)s topic(s) started."),
        )

    @admin.action(description=_("Report the findings written on the selected topics"))
    def report_findings(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda t: services.supervision_topic_report_findings(
                topic=t, findings=t.findings, recommendations=t.recommendations
            ),
            gettext("Findings reported for %(count)s topic(s)."),
        )

    @admin.action(description=_("Close the selected topics"))
    def close(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda t: services.supervision_topic_close(topic=t),
            gettext("%(count)s topic(s) closed."),
        )


@admin.register(SupervisionParticipant)
class SupervisionParticipantAdmin(VoidableAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    committee_path = "topic__committee"
    list_display = ["member", "topic", "role"]
    list_select_related = ["member", "topic"]
    list_filter = ["role", "topic__kind", "topic__year"]
    search_fields = ["member__name", "topic__title"]
    autocomplete_fields = ["topic", "member"]


@admin.register(SupervisionFollowUp)
class SupervisionFollowUpAdmin(CommitteeScopedAdmin):
    committee_path = "topic__committee"
    list_display = ["topic", "date", "responded_on", "recorded_by"]
    list_select_related = ["topic", "recorded_by"]
    list_filter = ["topic__kind", "topic__year"]
    search_fields = ["topic__title", "note", "response"]
    date_hierarchy = "date"
    autocomplete_fields = ["topic"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        services.supervision_follow_up_save(follow_up=obj, by=request.user)
