"""Admin building blocks that keep committee staff inside their committee.

Every ModelAdmin of a committee-owned model inherits ``CommitteeScopedAdmin``. It scopes the
changelist to committees the user may read, makes other committees' rows read-only, and limits
foreign-key choices (the committee itself included) to the user's own committee.
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

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self.committee_path == "committee" and request.user.committee_id:
            initial.setdefault("committee", request.user.committee_id)
        return initial

    def save_model(self, request, obj, form, change):
        # An admin whose form leaves the committee out still files the record in the user's own.
        if self.committee_path == "committee" and not change and obj.committee_id is None:
            obj.committee_id = request.user.committee_id
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            # The committee stays a real, validated form field (so unique constraints that
            # include it are checked) whose only choice is the user's own committee.
            field.queryset = limit_to_own_committee(field.queryset, request.user)
            if field.queryset.model is Committee:
                field.empty_label = None
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
