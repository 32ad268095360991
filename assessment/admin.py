"""The assessment back office: a committee's schemes, each edited on one page with its parts."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import (
    bound_if_applied,
    run_form_action,
    run_per_item,
    writable_subset,
)
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from . import services
from .models import (
    AssessmentScheme,
    GradeBand,
    MinimumRequirement,
    QualitativePart,
    SchemeCategory,
    SchemeRule,
)


class SchemePartInline(ParentWritableInline):
    """A part of the scheme on the scheme's page: read-only once the scheme is frozen, and its
    references (category, grade, rules) offered only from the same scheme."""

    extra = 0
    #: Form fields that refer to other parts, with the scheme's related name for their choices.
    scheme_choices: dict[str, str] = {}

    def _scheme_open(self, obj) -> bool:
        return obj is None or not obj.is_frozen

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._scheme_open(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._scheme_open(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._scheme_open(obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        for field_name, related_name in self.scheme_choices.items():
            field = formset.form.base_fields.get(field_name)
            if field is not None:
                related = getattr(obj, related_name) if obj is not None else None
                field.queryset = related.all() if related is not None else field.queryset.none()
        return formset


class CategoryInline(SchemePartInline, admin.TabularInline):
    model = SchemeCategory
    fields = ["order", "name", "cap", "floor"]


class RuleInline(SchemePartInline, admin.StackedInline):
    model = SchemeRule
    scheme_choices = {"category": "categories"}
    fieldsets = [
        (None, {"fields": [("order", "code", "label"), ("category", "duty_kind")]}),
        (
            _("Which records"),
            {
                "fields": [
                    ("meeting_kind", "attendance_status", "off_site"),
                    ("speech_kind", "training_completion"),
                    ("role", "outcome", "commendation_level"),
                    "applies_to",
                ]
            },
        ),
        (
            _("Points"),
            {
                "fields": [
                    ("points", "unit", "year_cap"),
                    ("share_rule", "first_share", "max_credited"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")


class MinimumInline(SchemePartInline, admin.TabularInline):
    model = MinimumRequirement
    scheme_choices = {"rules": "rules", "grade_cap": "grades"}
    fields = ["order", "label", "rules", "min_count", "grade_cap"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("grade_cap").prefetch_related("rules")


class QualitativeInline(SchemePartInline, admin.TabularInline):
    model = QualitativePart
    fields = ["order", "kind", "weight", "max_points"]


class GradeInline(SchemePartInline, admin.TabularInline):
    model = GradeBand
    fields = ["order", "code", "name", "min_score", "consequence"]


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(CommitteeScopedAdmin, SimpleHistoryAdmin):
    list_display = ["year", "name", "state", "scoring_mode", "max_score", "version", "committee"]
    list_display_links = ["year", "name"]
    list_filter = ["state", "scoring_mode", "year"]
    search_fields = ["name", "notes"]
    readonly_fields = ["state", "version", "copied_from"]
    inlines = [CategoryInline, RuleInline, MinimumInline, QualitativeInline, GradeInline]
    actions = ["copy_to_next_year", "put_into_force", "recompute", "finalise", "reopen"]
    fieldsets = [
        (None, {"fields": ["committee", "year", "name", "state", "version", "copied_from"]}),
        (_("Scoring"), {"fields": ["scoring_mode", ("base_score", "bonus_cap", "max_score")]}),
        (
            _("Pro-rating"),
            {
                "fields": [
                    ("prorate_partial_year", "prorate_basis_days"),
                    ("prorate_excludes_long_leave", "long_leave_min_days"),
                ]
            },
        ),
        (_("Notes"), {"fields": ["notes"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # A scheme stays the committee's scheme for its year; copy it to make another.
            fields += ["committee", "year"]
        return fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None):
        # Only a draft may go; a scheme in force may already have results resting on it.
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.state == AssessmentScheme.State.DRAFT
        )

    def save_model(self, request, obj, form, change):
        request._assessment_scheme_bumped = False
        if not change:
            if obj.committee_id is None:
                obj.committee_id = request.user.committee_id
            created = services.scheme_create(
                committee=obj.committee,
                year=obj.year,
                **{name: getattr(obj, name) for name in services.SCHEME_EDITABLE_FIELDS},
            )
            obj.pk, obj.version = created.pk, created.version
            obj._state.adding = False
            return
        changes = {
            name: getattr(obj, name)
            for name in form.changed_data
            if name in services.SCHEME_EDITABLE_FIELDS
        }
        if changes:
            obj.version = services.scheme_update(scheme=obj, **changes).version
            request._assessment_scheme_bumped = True

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        parts_changed = any(formset.has_changed() for formset in formsets)
        if change and parts_changed and not request._assessment_scheme_bumped:
            obj = form.instance
            obj.version = services.scheme_mark_changed(scheme=obj).version

    @admin.action(description=_("Copy the selected schemes to the next year"))
    def copy_to_next_year(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda scheme: services.scheme_copy_from_previous_year(
                committee=scheme.committee, year=scheme.year + 1
            ),
        )

    @admin.action(description=_("Put the selected schemes into force"))
    def put_into_force(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda scheme: services.scheme_activate(scheme=scheme),
        )

    @admin.action(description=_("Recompute the results of the selected years"))
    def recompute(self, request, queryset):
        def send(scheme):
            services.year_recompute(scheme=scheme, by=request.user)

        if run_per_item(
            request, writable_subset(self, request, queryset), send, report_success=False
        ):
            messages.success(
                request, _("The recompute has started; the results update in a few minutes.")
            )

    @admin.action(description=_("Finalise the selected years"))
    def finalise(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda scheme: services.year_finalise(scheme=scheme, by=request.user),
        )

    @admin.action(description=_("Re-open the selected years"))
    def reopen(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(ReasonForm, request),
            title=_("Re-open the selected years"),
            step=lambda scheme, data: services.year_reopen(
                scheme=scheme, by=request.user, reason=data["reason"]
            ),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


from . import admin_results  # noqa: E402,F401  (results, facts, disputes, finalised years)
