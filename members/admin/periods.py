"""Seats, special-committee places, commendations and the sector history, each in its own list."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.admin_actions import end_periods_action
from committees.admin_evidence import VoidableAdmin
from committees.admin_filters import (
    OneCommitteeRelatedFilter,
    OpenPeriodFilter,
    ReadableCommitteeFilter,
)
from committees.admin_mixins import CommitteeScopedAdmin

from .. import services
from ..models import Commendation, Position, SectorMembership, SpecialCommitteeMembership


class MemberOwnedAdmin(CommitteeScopedAdmin):
    committee_path = "member__committee"
    autocomplete_fields = ["member"]
    search_fields = ["member__name", "member__member_number"]


@admin.register(Position)
class PositionAdmin(MemberOwnedAdmin):
    list_display = ["member", "kind", "start_date", "end_date"]
    list_select_related = ["member"]
    list_filter = ["kind", OpenPeriodFilter]
    date_hierarchy = "start_date"
    actions = ["end_positions"]

    @admin.action(description=_("End the selected positions"), permissions=["change"])
    def end_positions(self, request, queryset):
        return end_periods_action(
            self,
            request,
            queryset,
            service=services.position_end,
            argument="position",
        )


@admin.register(SpecialCommitteeMembership)
class SpecialCommitteeMembershipAdmin(MemberOwnedAdmin):
    list_display = ["member", "special_committee", "role", "start_date", "end_date"]
    list_select_related = ["member", "special_committee"]
    list_filter = [
        ("special_committee", admin.RelatedOnlyFieldListFilter),
        "role",
        OpenPeriodFilter,
    ]
    search_fields = [*MemberOwnedAdmin.search_fields, "special_committee__name"]
    date_hierarchy = "start_date"
    actions = ["end_memberships"]

    @admin.action(
        description=_("End the selected special committee memberships"), permissions=["change"]
    )
    def end_memberships(self, request, queryset):
        return end_periods_action(
            self,
            request,
            queryset,
            service=services.special_committee_membership_end,
            argument="membership",
        )


@admin.register(Commendation)
class CommendationAdmin(VoidableAdmin, MemberOwnedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "member", "level", "awarded_on", "awarded_by"]
    list_select_related = ["member"]
    list_filter = ["level"]
    search_fields = [*MemberOwnedAdmin.search_fields, "title", "awarded_by"]
    date_hierarchy = "awarded_on"


@admin.register(SectorMembership)
class SectorMembershipAdmin(MemberOwnedAdmin):
    """The sector history, for reading: moves are recorded from the member's page."""

    list_display = ["member", "sector", "start_date", "end_date"]
    list_select_related = ["member", "sector"]
    list_filter = [
        ("sector", OneCommitteeRelatedFilter),
        OpenPeriodFilter,
        ("member__committee", ReadableCommitteeFilter),
    ]
    search_fields = [*MemberOwnedAdmin.search_fields, "sector__name"]
    date_hierarchy = "start_date"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Only the platform operator repairs history by hand.
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)
