from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from committees.admin_actions import end_periods_action
from committees.admin_filters import OpenPeriodFilter
from committees.admin_mixins import CommitteeScopedAdmin, ParentWritableInline

from . import services
from .models import Sector, SectorConvener


class SectorConvenerInline(ParentWritableInline, admin.TabularInline):
    model = SectorConvener
    extra = 0
    fields = ["member", "role", "start_date", "end_date"]
    autocomplete_fields = ["member"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(Sector)
class SectorAdmin(CommitteeScopedAdmin):
    list_display = ["name", "code", "display_order", "active_members", "committee"]
    list_select_related = ["committee"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code"]
    inlines = [SectorConvenerInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(active_member_count=Count("members", filter=Q(members__status="active")))
        )

    @admin.display(description=_("active members"), ordering="active_member_count")
    def active_members(self, obj) -> int:
        return obj.active_member_count


@admin.register(SectorConvener)
class SectorConvenerAdmin(CommitteeScopedAdmin):
    committee_path = "sector__committee"
    list_display = ["member", "sector", "role", "start_date", "end_date"]
    list_select_related = ["member", "sector"]
    list_filter = [("sector", admin.RelatedOnlyFieldListFilter), "role", OpenPeriodFilter]
    search_fields = ["member__name", "sector__name"]
    autocomplete_fields = ["member"]
    date_hierarchy = "start_date"
    actions = ["end_roles"]

    @admin.action(description=_("End the selected convener roles"), permissions=["change"])
    def end_roles(self, request, queryset):
        return end_periods_action(
            self,
            request,
            queryset,
            service=services.sector_convener_end,
            argument="convener",
        )
