"""Social-conditions reports (社情民意信息) in the back office."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import (
    bound_if_applied,
    run_form_action,
    run_per_item,
    writable_subset,
)
from committees.admin_evidence import EvidenceAdmin
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from .. import services
from ..models import SocialReport, SocialReportAuthor, SocialReportInstruction, SocialReportState
from ..services.reports import EDITABLE_FIELDS as REPORT_EDITABLE_FIELDS
from .forms import (
    AdoptReportForm,
    ForwardReportForm,
    HigherAdoptionForm,
    InstructionInlineForm,
    ReasonForm,
)

WORKFLOW_FIELDS = [
    "state",
    "submitted_at",
    "adopted_at",
    "adopted_issue",
    "review_note",
    "reviewed_by",
    "forwarded_on",
    "forwarded_to",
    "higher_adopted_on",
    "higher_adopted_by",
    "converted_from_link",
    "created_by",
]


class AuthorInline(ParentWritableInline, admin.TabularInline):
    model = SocialReportAuthor
    extra = 0
    fields = ["member", "order"]
    readonly_fields = ["order"]
    autocomplete_fields = ["member"]

    @staticmethod
    def _drafting(obj) -> bool:
        return obj is None or obj.state == SocialReportState.DRAFT

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._drafting(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._drafting(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._drafting(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class InstructionInline(ParentWritableInline, admin.TabularInline):
    """Leaders' instructions: added once the report is adopted, kept as recorded."""

    model = SocialReportInstruction
    form = InstructionInlineForm
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj):
        adopted = obj is not None and obj.state == SocialReportState.ADOPTED
        return super().has_add_permission(request, obj) and adopted

    def has_change_permission(self, request, obj=None):
        return False


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("review note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@admin.register(SocialReport)
class SocialReportAdmin(EvidenceAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    evidence_instead = _(
        "A submitted report leaves the count through its workflow instead: returned for "
        "revision or not adopted."
    )

    def is_evidence(self, obj) -> bool:
        return obj.state != SocialReportState.DRAFT

    list_display = [
        "title",
        "author_names",
        "state",
        "year",
        "submitted_at",
        "adopted_at",
        "forwarded_on",
        "higher_adopted_on",
        "instruction_count",
        "committee",
    ]
    list_select_related = ["committee"]
    list_filter = [
        "state",
        "year",
        ("forwarded_on", admin.EmptyFieldListFilter),
        ("higher_adopted_on", admin.EmptyFieldListFilter),
        ("converted_from", admin.EmptyFieldListFilter),
        ("committee", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "authorships__member__name"]
    date_hierarchy = "submitted_at"
    inlines = [AuthorInline, InstructionInline]
    fieldsets = [
        (None, {"fields": ["committee", "year", "title", "body"]}),
        (_("Workflow"), {"fields": WORKFLOW_FIELDS}),
    ]
    actions = [
        "submit_selected",
        "return_for_revision",
        "adopt_selected",
        "reject_selected",
        "forward_selected",
        "record_higher_adoption",
    ]

    def get_queryset(self, request):
        authors = SocialReportAuthor.objects.select_related("member").order_by("order")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("authorships", queryset=authors))
            .annotate(instruction_total=Count("instructions"))
        )

    @admin.display(description=pgettext_lazy("social report", "authors"))
    def author_names(self, obj) -> str:
        return "、".join(a.member.name for a in obj.authorships.all())

    @admin.display(description=_("leaders' instructions"), ordering="instruction_total")
    def instruction_count(self, obj) -> int:
        return obj.instruction_total

    @admin.display(description=_("converted from proposal"))
    def converted_from_link(self, obj) -> str:
        if obj.converted_from_id is None:
            return "-"
        url = reverse("admin:proposals_proposal_change", args=[obj.converted_from_id])
        return format_html('<a href="{}">{}</a>', url, obj.converted_from)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = set()
        if not request.user.is_superuser:
            hidden.add("committee")
        if obj is None:
            hidden.update(WORKFLOW_FIELDS)
        return [
            (title, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for title, opts in fieldsets
            if any(f not in hidden for f in opts["fields"])
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(WORKFLOW_FIELDS)
        if obj is not None:
            readonly.append("committee")
        return readonly

    def save_model(self, request, obj, form, change):
        if change:
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in REPORT_EDITABLE_FIELDS
            }
            services.social_report_update(
                report=SocialReport.objects.get(pk=obj.pk), by=request.user, **changes
            )
            return
        if not request.user.is_superuser:
            obj.committee_id = request.user.committee_id
        created = services.social_report_create(
            committee=obj.committee, year=obj.year, title=obj.title, body=obj.body, by=request.user
        )
        obj.pk = created.pk
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        report = SocialReport.objects.get(pk=form.instance.pk)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.model is SocialReportAuthor:
            for subform in formset.deleted_forms:
                if subform.instance.pk:
                    services.social_report_author_remove(
                        authorship=SocialReportAuthor.objects.get(pk=subform.instance.pk),
                        by=request.user,
                    )
                    formset.deleted_objects.append(subform.instance)
            for subform in formset.forms:
                if subform in formset.deleted_forms or not subform.has_changed():
                    continue
                existing = subform.cleaned_data.get("id")
                if existing is not None:
                    services.social_report_author_remove(
                        authorship=SocialReportAuthor.objects.get(pk=existing.pk), by=request.user
                    )
                formset.new_objects.append(
                    services.social_report_author_add(
                        report=report, member=subform.cleaned_data["member"], by=request.user
                    )
                )
        elif formset.model is SocialReportInstruction:
            for subform in formset.extra_forms:
                if not subform.has_changed():
                    continue
                data = subform.cleaned_data
                formset.new_objects.append(
                    services.social_report_instruction_record(
                        report=report,
                        leader=data["leader"],
                        level=data["level"],
                        instructed_on=data["instructed_on"],
                        content=data["content"],
                        by=request.user,
                    )
                )

    # --- bulk steps ---------------------------------------------------------------------------

    @admin.action(description=_("Submit the selected reports"), permissions=["change"])
    def submit_selected(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda r: services.social_report_submit(report=r, by=request.user),
        )

    @admin.action(description=_("Return the selected reports for revision"), permissions=["change"])
    def return_for_revision(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ReasonForm, request),
            title=gettext("Return for revision"),
            step=lambda r, data: services.social_report_return_for_revision(
                report=r, note=data["reason"], by=request.user
            ),
        )

    @admin.action(description=_("Adopt the selected reports"), permissions=["change"])
    def adopt_selected(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(AdoptReportForm, request),
            title=gettext("Adopt"),
            step=lambda r, data: services.social_report_adopt(
                report=r, issue=data["issue"], by=request.user
            ),
        )

    @admin.action(description=_("Do not adopt the selected reports"), permissions=["change"])
    def reject_selected(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(NoteForm, request),
            title=gettext("Do not adopt"),
            step=lambda r, data: services.social_report_reject(
                report=r, note=data["note"], by=request.user
            ),
        )

    @admin.action(description=_("Forward to a higher level"), permissions=["change"])
    def forward_selected(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ForwardReportForm, request),
            title=gettext("Forward to a higher level"),
            step=lambda r, data: services.social_report_forward(
                report=r,
                forwarded_to=data["forwarded_to"],
                forwarded_on=data["forwarded_on"],
                by=request.user,
            ),
        )

    @admin.action(description=_("Record adoption by the higher level"), permissions=["change"])
    def record_higher_adoption(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(HigherAdoptionForm, request),
            title=gettext("Record adoption by the higher level"),
            step=lambda r, data: services.social_report_record_higher_adoption(
                report=r,
                adopted_by=data["adopted_by"],
                adopted_on=data["adopted_on"],
                by=request.user,
            ),
        )


@admin.register(SocialReportAuthor)
class SocialReportAuthorAdmin(EvidenceAdmin, CommitteeScopedAdmin):
    """Who wrote which report: the list sector conveners and assessors read."""

    def is_evidence(self, obj) -> bool:
        return obj.report.state != SocialReportState.DRAFT

    committee_path = "report__committee"
    list_display = ["member", "report", "order"]
    list_select_related = ["member", "report"]
    list_filter = ["report__state", "report__year"]
    search_fields = ["member__name", "report__title"]
    readonly_fields = ["report", "member", "order"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SocialReportInstruction)
class SocialReportInstructionAdmin(EvidenceAdmin, CommitteeScopedAdmin):
    committee_path = "report__committee"
    list_display = ["report", "leader", "level", "instructed_on"]
    list_select_related = ["report"]
    list_filter = ["level"]
    search_fields = ["leader", "report__title", "content"]
    date_hierarchy = "instructed_on"
    readonly_fields = ["report", "leader", "level", "instructed_on", "content", "recorded_by"]

    def has_add_permission(self, request):
        # Recorded on the report itself, where staff see it is adopted.
        return False
