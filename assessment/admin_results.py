"""Results in the back office: each member's result explained line by line, the facts behind each
line with links to their records, disputes to resolve, the record of finalised years, and of the
engine's recomputes with what each replaced. Results and facts are written by the score engine
only, so here they are read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import Http404
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import bound_if_applied, run_form_action
from committees.admin_mixins import CommitteeScopedAdmin

from . import selectors, services
from .models import (
    Dispute,
    RecomputeRun,
    Result,
    ResultCategory,
    ResultLine,
    ResultMinimum,
    ResultQualitative,
    ResultRevision,
    ScoredFact,
    YearAction,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineInline(ReadOnlyInline):
    model = ResultLine
    fields = ["rule", "count", "quantity", "raw_points", "points", "capped", "records"]
    readonly_fields = fields

    @admin.display(description=_("records"))
    def records(self, line):
        url = reverse("admin:assessment_scoredfact_changelist")
        return format_html(
            '<a href="{}?member__id__exact={}&year={}&rule__id__exact={}">{}</a>',
            url,
            line.result.member_id,
            line.result.year,
            line.rule_id,
            _("Show the records"),
        )


class CategoryInline(ReadOnlyInline):
    model = ResultCategory
    fields = ["category", "raw_points", "points", "capped", "floored"]
    readonly_fields = fields


class MinimumInline(ReadOnlyInline):
    model = ResultMinimum
    fields = ["minimum", "count", "required", "met"]
    readonly_fields = fields


class QualitativeInline(ReadOnlyInline):
    model = ResultQualitative
    fields = ["part", "score"]
    readonly_fields = fields


class RevisionInline(ReadOnlyInline):
    """What the result was before each recompute that changed it, newest first, with the run's
    cause and the staff member who asked for it."""

    model = ResultRevision
    verbose_name = _("earlier value")
    verbose_name_plural = _("earlier values (before each recompute that changed them)")
    fields = [
        "replaced_at",
        "reason",
        "asked_by",
        "scheme_version",
        "quantitative",
        "total",
        "grade_name",
        "grade_capped",
        "rank_in_committee",
        "computed_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("run__by")

    @admin.display(description=_("replaced at"))
    def replaced_at(self, revision):
        return revision.run.started_at

    @admin.display(description=_("why"))
    def reason(self, revision):
        return revision.run.get_reason_display()

    @admin.display(description=_("asked for by"))
    def asked_by(self, revision):
        return revision.run.by or "—"


class ReadOnlyAdmin(CommitteeScopedAdmin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = [
        "member",
        "year",
        "total",
        "grade",
        "grade_capped",
        "rank_in_committee",
        "sector",
        "rank_in_sector",
        "liaison_group",
        "computed_at",
    ]
    list_filter = ["year", "grade__name", "grade_capped", "sector"]
    search_fields = ["member__name", "member__work_unit"]
    list_select_related = ["member", "grade", "sector", "liaison_group"]
    inlines = [LineInline, CategoryInline, MinimumInline, QualitativeInline, RevisionInline]
    fields = [
        "member",
        "year",
        "scheme",
        "scheme_version",
        "sector",
        "liaison_group",
        ("served_from", "served_until", "days_served", "prorate_factor"),
        ("quantitative", "total"),
        ("grade", "grade_capped"),
        ("rank_in_committee", "rank_in_sector"),
        ("computed_at", "notified_at"),
        "report",
    ]
    readonly_fields = [f for row in fields for f in (row if isinstance(row, tuple) else [row])]

    @admin.display(description=_("annual performance report"))
    def report(self, result):
        url = reverse("admin:assessment_result_report", args=[result.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the PDF"))

    def get_urls(self):
        view = self.admin_site.admin_view(self.report_view)
        return [
            path("<int:pk>/report.pdf", view, name="assessment_result_report"),
            *super().get_urls(),
        ]

    def report_view(self, request, pk):
        from reports.pdf import member_report_pdf
        from reports.views import pdf_response

        result = self.get_queryset(request).filter(pk=pk).first()
        if result is None:
            raise Http404
        report = selectors.member_report(result)
        filename = f"{result.year}年度履职报告-{result.member.name}.pdf"
        return pdf_response(member_report_pdf(report), filename)


@admin.register(ScoredFact)
class ScoredFactAdmin(ReadOnlyAdmin):
    list_display = [
        "occurred_on",
        "member",
        "duty_kind",
        "description",
        "rule",
        "points",
        "sector",
        "liaison_group",
        "record",
    ]
    list_filter = ["year", "duty_kind", "standing", "sector", "rule"]
    search_fields = ["member__name", "description"]
    list_select_related = ["member", "rule", "sector", "liaison_group", "source_type"]
    date_hierarchy = "occurred_on"

    @admin.display(description=_("record"))
    def record(self, fact):
        model = fact.source_type.model_class()
        try:
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[fact.source_id],
            )
        except NoReverseMatch:
            return "—"
        return format_html('<a href="{}">{}</a>', url, model._meta.verbose_name)


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label=_("resolution"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    committee_path = "result__committee"
    list_display = ["result", "rule", "state", "raised_by", "raised_at", "resolved_at"]
    list_filter = ["state", "result__year"]
    search_fields = ["result__member__name", "comment", "resolution"]
    list_select_related = ["result__member", "rule", "raised_by"]
    actions = ["uphold", "reject"]
    fields = [
        "result",
        "rule",
        "comment",
        ("raised_by", "raised_at"),
        "state",
        "resolution",
        ("resolved_by", "resolved_at"),
    ]
    readonly_fields = [f for row in fields for f in (row if isinstance(row, tuple) else [row])]

    def has_change_permission(self, request, obj=None):
        # The actions resolve disputes; the form itself stays read-only.
        return obj is None and CommitteeScopedAdmin.has_change_permission(self, request, obj)

    def _resolve(self, request, queryset, uphold: bool, title):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ResolutionForm, request),
            title=title,
            step=lambda dispute, data: services.dispute_resolve(
                dispute=dispute, by=request.user, uphold=uphold, resolution=data["resolution"]
            ),
        )

    @admin.action(description=_("Uphold the selected disputes"))
    def uphold(self, request, queryset):
        return self._resolve(request, queryset, True, _("Uphold the selected disputes"))

    @admin.action(description=_("Reject the selected disputes"))
    def reject(self, request, queryset):
        return self._resolve(request, queryset, False, _("Reject the selected disputes"))


@admin.register(YearAction)
class YearActionAdmin(ReadOnlyAdmin):
    committee_path = "scheme__committee"
    list_display = ["scheme", "action", "at", "by", "results", "reason"]
    list_filter = ["action"]
    list_select_related = ["scheme", "by"]


@admin.register(RecomputeRun)
class RecomputeRunAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "year",
        "scope",
        "reason",
        "by",
        "scheme_version",
        "results_changed",
        "finished_at",
    ]
    list_filter = ["reason", "year"]
    list_select_related = ["by"]
    fields = [
        ("committee", "year"),
        ("scheme", "scheme_version"),
        "scope",
        ("reason", "by"),
        ("started_at", "finished_at"),
        "results_changed",
    ]
    readonly_fields = [f for row in fields for f in (row if isinstance(row, tuple) else [row])]

    @admin.display(description=_("members recomputed"), ordering="members")
    def scope(self, run):
        return _("the whole year") if run.members is None else run.members
