from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from members.models import SpecialCommitteeMembership

from . import access
from .admin_mixins import CommitteeScopedAdmin, ParentWritableInline
from .models import Committee, SpecialCommittee, Term


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    fields = ["number", "start_date", "end_date"]


class SpecialCommitteeInline(admin.TabularInline):
    model = SpecialCommittee
    extra = 0
    fields = ["name"]
    show_change_link = True


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    """Staff read their own committee and those below it, and change only their own."""

    list_display = ["name", "level", "parent", "region"]
    list_filter = ["level"]
    search_fields = ["name", "short_name", "region"]
    autocomplete_fields = ["parent"]
    inlines = [TermInline, SpecialCommitteeInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=access.readable_committees(request.user).values("pk"))
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.can_write_committee(request.user, obj.pk))

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        # New committees are created by the platform operator (a superuser), not by staff.
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["level", "parent"]


@admin.register(Term)
class TermAdmin(CommitteeScopedAdmin):
    list_display = ["__str__", "committee", "number", "start_date", "end_date", "member_count"]
    list_select_related = ["committee"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["committee__name"]
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=_("member count"), ordering="member_total")
    def member_count(self, obj) -> int:
        return obj.member_total


class SpecialCommitteeMembershipInline(ParentWritableInline, admin.TabularInline):
    model = SpecialCommitteeMembership
    extra = 0
    fields = ["member", "role", "start_date", "end_date"]
    autocomplete_fields = ["member"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(CommitteeScopedAdmin):
    list_display = ["name", "current_members", "committee"]
    list_select_related = ["committee"]
    list_filter = [("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    inlines = [SpecialCommitteeMembershipInline]

    def get_queryset(self, request):
        current = Q(memberships__end_date__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(current_member_total=Count("memberships", filter=current))
        )

    @admin.display(description=_("current member count"), ordering="current_member_total")
    def current_members(self, obj) -> int:
        return obj.current_member_total
