"""Admin building blocks that keep committee staff inside their committee.

Every ModelAdmin of a committee-owned model inherits ``CommitteeScopedAdmin``. It scopes the
changelist to committees the user may read, makes other committees' rows read-only, fills in the
committee on add, and limits foreign-key choices to the user's own committee.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from . import access
from .models import Committee


class CommitteeScopedAdmin(admin.ModelAdmin):
    #: How to reach the owning committee from this model, as a lookup path.
    committee_path = "committee"

    def get_queryset(self, request):
        return access.scope_readable(
            super().get_queryset(request), request.user, self.committee_path
        )

    def _obj_writable(self, request, obj) -> bool:
        if obj is None:
            return True
        return access.can_write_committee(
            request.user, access.committee_id_of(obj, self.committee_path)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._obj_writable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._obj_writable(request, obj)

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        # Staff always work in their own committee; only superusers choose it.
        if self.committee_path == "committee" and not request.user.is_superuser:
            exclude.append("committee")
        return exclude

    def save_model(self, request, obj, form, change):
        if self.committee_path == "committee" and not request.user.is_superuser and not change:
            obj.committee_id = request.user.committee_id
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_own_committee(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_own_committee(field.queryset, request.user)
        return field

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # An autocomplete widget fills a foreign key, which must stay inside the user's own
        # committee; the changelist search may still read the committees below.
        if request.path.endswith("/autocomplete/") and not request.user.is_superuser:
            queryset = limit_to_own_committee(queryset, request.user)
        return queryset, may_have_duplicates


class CommitteeScopedInline:
    """Mixin for inlines: foreign-key choices limited to the user's committee."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_own_committee(field.queryset, request.user)
        return field


def limit_to_own_committee(queryset: models.QuerySet, user) -> models.QuerySet:
    """Choices offered to staff: only their own committee's records (or their committee)."""
    model = queryset.model
    if model is Committee:
        return queryset.filter(pk=user.committee_id)
    try:
        model._meta.get_field("committee")
    except FieldDoesNotExist:
        return queryset
    return queryset.filter(committee_id=user.committee_id)
