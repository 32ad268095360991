from django.contrib import admin

from . import access
from .admin_mixins import CommitteeScopedAdmin
from .models import Committee, SpecialCommittee, Term


class TermInline(admin.TabularInline):
    model = Term
    extra = 0


class SpecialCommitteeInline(admin.TabularInline):
    model = SpecialCommittee
    extra = 0


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
    list_display = ["__str__", "committee", "number", "start_date", "end_date"]
    list_filter = ["committee"]
    search_fields = ["committee__name"]
    date_hierarchy = "start_date"


@admin.register(SpecialCommittee)
class SpecialCommitteeAdmin(CommitteeScopedAdmin):
    list_display = ["name", "committee"]
    list_filter = ["committee"]
    search_fields = ["name"]
