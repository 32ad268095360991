"""The member roster in the admin: list, edit through services, import/export, history."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import (
    bound_if_applied,
    errors_for_form,
    run_form_action,
)
from committees.admin_evidence import VOID_INSTEAD, EvidenceAdmin, EvidenceInline
from committees.admin_filters import OneCommitteeRelatedFilter, ReadableCommitteeFilter, YesNoFilter
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from .. import services
from ..forms import LeavingForm, MoveSectorForm
from ..models import Commendation, Member, Position, SectorMembership, SpecialCommitteeMembership
from ..resources import MemberRosterResource
from ..roster_formats import ROSTER_FORMATS


class SectorMembershipInline(ParentWritableInline, admin.TabularInline):
    """The member's sector history: written by moves, never edited by hand."""

    model = SectorMembership
    extra = 0
    fields = ["sector", "start_date", "end_date"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("sector history")

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sector")


class PositionInline(ParentWritableInline, admin.TabularInline):
    model = Position
    extra = 0
    fields = ["kind", "start_date", "end_date"]


class SpecialCommitteeMembershipInline(ParentWritableInline, admin.TabularInline):
    model = SpecialCommitteeMembership
    extra = 0
    fields = ["special_committee", "role", "start_date", "end_date"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("special_committee")


class CommendationInline(EvidenceInline, ParentWritableInline, admin.TabularInline):
    model = Commendation
    extra = 0
    fields = ["level", "title", "awarded_on", "awarded_by", "voided_reason"]
    readonly_fields = ["voided_reason"]
    evidence_instead = VOID_INSTEAD


class StandingCommitteeFilter(YesNoFilter):
    title = _("On the Standing Committee")
    parameter_name = "standing"

    def yes(self, queryset):
        return queryset.filter(is_standing_committee=True)

    def no(self, queryset):
        return queryset.filter(is_standing_committee=False)


class MemberAdminForm(forms.ModelForm):
    """Checks what the services will refuse, so the clerk sees it on the form, not as a crash."""

    class Meta:
        model = Member
        fields = ["committee", *services.MEMBER_UPDATE_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self.errors:
            return cleaned
        data = {
            name: cleaned[name]
            for name in self.changed_data
            if name in services.MEMBER_UPDATE_FIELDS and name in cleaned
        }
        try:
            services.member_update_check(member=self.instance, data=data)
        except ValidationError as error:
            raise errors_for_form(self, error) from None
        return cleaned


@admin.register(Member)
class MemberAdmin(EvidenceAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin, ImportExportModelAdmin):
    form = MemberAdminForm
    # Members are never deleted: one who leaves keeps their records and results.
    evidence_instead = _(
        "Record that the member left instead (the “Record that the selected members left” action)."
    )
    resource_classes = [MemberRosterResource]
    import_formats = export_formats = ROSTER_FORMATS
    list_display = [
        "name",
        "member_number",
        "sector",
        "party",
        "work_unit",
        "township",
        "status",
        "standing_committee",
        "committee",
    ]
    list_select_related = ["sector", "committee", "term"]
    list_filter = [
        ("sector", OneCommitteeRelatedFilter),
        "party",
        "status",
        "gender",
        StandingCommitteeFilter,
        ("term", OneCommitteeRelatedFilter),
        ("committee", ReadableCommitteeFilter),
    ]
    search_fields = ["name", "work_unit", "phone", "member_number"]
    # A province's tens of thousands of members: the sector and term filters offer one
    # committee's (OneCommitteeRelatedFilter), no count of them all beside the filtered one,
    # and no date drill-down (a pass over every member on each load; the term filter serves).
    show_full_result_count = False
    autocomplete_fields = ["user"]
    inlines = [
        SectorMembershipInline,
        PositionInline,
        SpecialCommitteeMembershipInline,
        CommendationInline,
    ]
    actions = ["record_leaving", "move_sector"]
    fieldsets = [
        (None, {"fields": ["committee", "term", "member_number", "name", "gender", "birth_date"]}),
        (
            _("Representation"),
            {
                "fields": [
                    "sector",
                    "party",
                    "work_unit",
                    "work_unit_email",
                    "title",
                    "township",
                    "profession",
                ]
            },
        ),
        (_("Background and contact"), {"fields": ["ethnicity", "education", "phone", "email"]}),
        (_("Service"), {"fields": ["joined_on", "status", "left_on", "status_note", "user"]}),
    ]

    def get_queryset(self, request):
        seats = Position.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate()),
            member=OuterRef("pk"),
            start_date__lte=timezone.localdate(),
        )
        return super().get_queryset(request).annotate(is_standing_committee=Exists(seats))

    @admin.display(
        boolean=True, description=_("On the Standing Committee"), ordering="-is_standing_committee"
    )
    def standing_committee(self, obj) -> bool:
        return obj.is_standing_committee

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # A member serves one committee; serving another is a new member record.
            readonly.append("committee")
        if obj is not None and not obj.is_active:
            # A departure closed the member's periods; it is final.
            readonly += ["status", "left_on", "sector"]
        return readonly

    def save_model(self, request, obj, form, change):
        if not change:
            services.member_register(member=obj)
            return
        data = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.MEMBER_UPDATE_FIELDS and name in form.cleaned_data
        }
        services.member_update(member=obj, data=data)

    # --- import / export ----------------------------------------------------------------------

    def has_import_permission(self, request):
        # The roster is imported into the importing person's committee; without one, nowhere.
        return super().has_import_permission(request) and request.user.committee_id is not None

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"committee": request.user.committee}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"committee": request.user.committee}

    # --- bulk steps ---------------------------------------------------------------------------

    @admin.action(description=_("Record that the selected members left"), permissions=["change"])
    def record_leaving(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(LeavingForm, request),
            action="record_leaving",
            title=gettext("Record leaving"),
            step=lambda member, data: services.member_leave(
                member=member, status=data["status"], left_on=data["left_on"], note=data["note"]
            ),
        )

    @admin.action(
        description=_("Move the selected members to another sector"), permissions=["change"]
    )
    def move_sector(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(MoveSectorForm, request, committee_id=request.user.committee_id),
            action="move_sector",
            title=gettext("Move to another sector"),
            step=lambda member, data: services.member_move_sector(
                member=member, sector=data["sector"], effective_date=data["effective_date"]
            ),
        )
