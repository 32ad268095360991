"""Admin for contact points, contact activities and the on-duty roster."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import (
    bound_if_applied,
    run_form_action,
    run_per_item,
    run_reason_action,
    writable_subset,
)
from committees.admin_evidence import EvidenceAdmin
from committees.admin_filters import YesNoFilter
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from .. import selectors, services
from ..models import (
    TEN_HAVES,
    ContactActivity,
    ContactActivityParticipant,
    ContactPoint,
    OnDutyShift,
)
from ..services.duty import ALL_DAYS, WORKING_DAYS
from .forms import ReasonForm, RosterForm


class TenHavesFilter(YesNoFilter):
    title = _("ten haves")
    parameter_name = "ten_haves"
    yes_label = _("Meets all ten")
    no_label = _("Falls short")

    def yes(self, queryset):
        return selectors.meeting_all_ten_haves(queryset)

    def no(self, queryset):
        return selectors.missing_any_ten_haves(queryset)


class MissingItemFilter(admin.SimpleListFilter):
    title = _("missing item")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [(item, ContactPoint._meta.get_field(item).verbose_name) for item in TEN_HAVES]

    def queryset(self, request, queryset):
        if self.value() in TEN_HAVES:
            return queryset.filter(**{self.value(): False})
        return queryset


@admin.register(ContactPoint)
class ContactPointAdmin(CommitteeScopedAdmin):
    # One column per "ten haves" item so staff see at a glance which point lacks what.
    list_display = ["name", "kind", "township", "convener", "ten_haves", *TEN_HAVES, "is_active"]
    list_filter = [TenHavesFilter, MissingItemFilter, "kind", "is_active"]
    list_select_related = ["convener"]
    search_fields = ["name", "address", "township"]
    autocomplete_fields = ["liaison_group", "convener", "liaison_person"]
    actions = ["generate_roster"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "committee",
                    "kind",
                    "name",
                    "address",
                    "township",
                    "phone",
                    "opening_hours",
                    "established_on",
                    "is_active",
                ]
            },
        ),
        (
            _("People"),
            {"fields": ["liaison_group", "convener", "liaison_person", "liaison_person_name"]},
        ),
        (_("The ten haves"), {"fields": [*TEN_HAVES, "standard_checked_on"]}),
    ]

    def get_queryset(self, request):
        return selectors.with_ten_haves_count(super().get_queryset(request))

    @admin.display(description=_("ten haves met"), ordering="ten_haves_met")
    def ten_haves(self, obj):
        return f"{obj.ten_haves_met}/{len(TEN_HAVES)}"

    @admin.action(description=_("Plan the on-duty roster"), permissions=["change"])
    def generate_roster(self, request, queryset):
        def step(point, data):
            result = services.duty_roster_generate(
                contact_point=point,
                start_date=data["start_date"],
                end_date=data["end_date"],
                weekdays=ALL_DAYS if data["include_weekends"] else WORKING_DAYS,
                skip_dates=data["skip_dates"],
            )
            if result.unfilled:
                messages.warning(
                    request,
                    gettext("%(point)s: nobody was free on %(days)s.")
                    % {"point": point, "days": "、".join(str(d) for d in result.unfilled)},
                )
            messages.info(
                request,
                ngettext(
                    "%(point)s: %(count)d day put on the roster.",
                    "%(point)s: %(count)d days put on the roster.",
                    len(result.created),
                )
                % {"point": point, "count": len(result.created)},
            )

        return run_form_action(
            self,
            request,
            queryset,
            form=bound_if_applied(RosterForm, request),
            action="generate_roster",
            title=gettext("Plan the on-duty roster"),
            step=step,
        )


class ParticipantInline(ParentWritableInline, admin.TabularInline):
    model = ContactActivityParticipant
    autocomplete_fields = ["member"]
    extra = 1
    verbose_name_plural = _("participating members")

    def _editable(self, obj) -> bool:
        return obj is None or obj.is_editable

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)


@admin.register(ContactActivity)
class ContactActivityAdmin(EvidenceAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "date",
        "location",
        "participant_count",
        "people_reached",
        "issues_raised",
        "issues_resolved",
        "status",
    ]
    list_filter = [
        "status",
        "kind",
        ("contact_point", admin.RelatedOnlyFieldListFilter),
        ("liaison_group", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["contact_point"]
    search_fields = ["title", "place", "summary", "participants__member__name"]
    autocomplete_fields = ["contact_point", "liaison_group"]
    date_hierarchy = "date"
    inlines = [ParticipantInline]
    readonly_fields = [
        "status",
        "returned_reason",
        "voided_reason",
        "created_by",
        "submitted_by",
        "submitted_at",
        "verified_by",
        "verified_at",
    ]
    actions = ["submit_selected", "verify_selected", "return_selected", "void_selected"]

    def get_queryset(self, request):
        participants = (
            ContactActivityParticipant.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values("activity")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                participant_total=Coalesce(Subquery(participants, output_field=IntegerField()), 0)
            )
        )

    @admin.display(description=_("place"))
    def location(self, obj):
        return obj.location

    @admin.display(description=_("participant count"), ordering="participant_total")
    def participant_count(self, obj):
        return obj.participant_total

    def has_change_permission(self, request, obj=None):
        # Once submitted, an activity changes only through the actions (verify, return).
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    evidence_instead = _(
        "Return a submitted activity to its submitter, or void it with the reason, instead."
    )

    def is_evidence(self, obj) -> bool:
        # A submitted or verified activity is evidence of a duty done.
        return not obj.is_editable

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Submit the selected activities"), permissions=["change"])
    def submit_selected(self, request, queryset):
        def step(activity):
            if activity.status == ContactActivity.Status.RETURNED:
                return services.activity_resubmit(activity=activity, by=request.user)
            return services.activity_submit(activity=activity, by=request.user)

        run_per_item(request, writable_subset(self, request, queryset), step)

    @admin.action(description=_("Verify the selected activities"), permissions=["change"])
    def verify_selected(self, request, queryset):
        run_per_item(
            request,
            writable_subset(self, request, queryset),
            lambda activity: services.activity_verify(activity=activity, by=request.user),
        )

    @admin.action(
        description=_("Return the selected activities with a reason"), permissions=["change"]
    )
    def return_selected(self, request, queryset):
        return run_reason_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            action="return_selected",
            title=gettext("Return contact activities"),
            service=services.activity_return,
            argument="activity",
        )

    @admin.action(
        description=_("Void the selected activities with a reason"), permissions=["change"]
    )
    def void_selected(self, request, queryset):
        return run_reason_action(
            self,
            request,
            queryset,
            form_class=ReasonForm,
            action="void_selected",
            title=gettext("Void contact activities"),
            service=services.activity_void,
            argument="activity",
        )


@admin.register(ContactActivityParticipant)
class ContactActivityParticipantAdmin(EvidenceAdmin, CommitteeScopedAdmin, SimpleHistoryAdmin):
    """Who took part in what: the list staff filter by member, status or month."""

    committee_path = "activity__committee"
    list_display = ["member", "activity", "activity_date", "activity_status"]
    list_filter = ["activity__status", "activity__kind"]
    list_select_related = ["member", "activity"]
    search_fields = ["member__name", "activity__title"]
    autocomplete_fields = ["activity", "member"]
    date_hierarchy = "activity__date"

    @admin.display(description=_("date"), ordering="activity__date")
    def activity_date(self, obj):
        return obj.activity.date

    @admin.display(description=_("status"), ordering="activity__status")
    def activity_status(self, obj):
        return obj.activity.get_status_display()

    def _activity_editable(self, obj) -> bool:
        return obj is None or obj.activity.is_editable

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._activity_editable(obj)

    def is_evidence(self, obj) -> bool:
        return not obj.activity.is_editable


class UpcomingFilter(YesNoFilter):
    title = _("when")
    parameter_name = "upcoming"
    yes_label = _("From today")
    no_label = _("Past")

    def yes(self, queryset):
        return queryset.filter(date__gte=timezone.localdate())

    def no(self, queryset):
        return queryset.filter(date__lt=timezone.localdate())


@admin.register(OnDutyShift)
class OnDutyShiftAdmin(CommitteeScopedAdmin):
    committee_path = "contact_point__committee"
    list_display = ["date", "weekday", "contact_point", "member", "note"]
    list_filter = [UpcomingFilter, ("contact_point", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["contact_point", "member"]
    search_fields = ["member__name", "contact_point__name"]
    autocomplete_fields = ["contact_point", "member"]
    date_hierarchy = "date"

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        return date_format(obj.date, "l")
