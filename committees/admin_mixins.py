"""Admin building blocks that keep committee staff inside their committee.

Every ModelAdmin of a committee-owned model inherits ``CommitteeScopedAdmin``. It scopes the
changelist to committees the user may read, refuses to show an object of any other committee
(also on pages that look objects up by id, such as the history), makes other committees' rows
read-only, and limits foreign-key choices (the committee itself included) to the user's own
committee. Inlines mix in ``CommitteeScopedInline``, or ``ParentWritableInline`` when their rows
must stay read-only on a parent the user may only read.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from committees.form_fields import could_be_stored

from . import access
from .models import Committee


class CommitteeScopedAdmin(admin.ModelAdmin):
    """Scoping for every committee record's admin.

    With django-simple-history, list this class first (``class XAdmin(CommitteeScopedAdmin,
    SimpleHistoryAdmin)``) so that its read-only history wins; defining it the other way round
    is refused when the class is created.
    """

    #: How to reach the owning committee from this model, as a lookup path.
    committee_path = "committee"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        mro = cls.__mro__
        if SimpleHistoryAdmin in mro and mro.index(SimpleHistoryAdmin) < mro.index(
            CommitteeScopedAdmin
        ):
            raise ImproperlyConfigured(
                f"{cls.__qualname__}: list CommitteeScopedAdmin before SimpleHistoryAdmin, "
                "or the history could be reverted."
            )

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

    def has_view_permission(self, request, obj=None):
        # The changelist and the change page go through get_queryset; the history pages look
        # objects up by id and only ask this.
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or access.can_read_committee(
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
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_own_committee(field.queryset, request.user)
            if db_field.name == self.committee_path:
                # The committee stays a real, validated form field (so unique constraints
                # that include it are checked), shown but fixed to the user's own committee:
                # its value comes from the record or the initial, never from the POST.
                field.empty_label = None
                field.disabled = True
                field.initial = request.user.committee_id
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
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

    # --- history (django-simple-history): for reading only -------------------------------------
    # Reverting would save an old version around the services and their workflow checks, and
    # the history form accepts a POST from anyone who may merely view the record.

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class _StoredValuesOnly:
    """An autocomplete widget shown again with what was sent (a refused form) labels only the
    values that could be ids: Django looks them all up with ``pk__in``, and "1.5" or
    "99999999999999999999" there is a server error instead of the form's own message."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        empty = self.choices.field.empty_values
        value = [v for v in value if v in empty or could_be_stored(target, v)]
        return super().optgroups(name, value, attr)


class SafeAutocompleteSelect(_StoredValuesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_StoredValuesOnly, AutocompleteSelectMultiple):
    pass


class RowAutocompleteSelect(SafeAutocompleteSelect):
    """An autocomplete widget that labels its row's choice with the object the row already
    holds (``known``), instead of looking it up again: one query per row otherwise."""

    known = None

    def optgroups(self, name, value, attr=None):
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.known is None or selected != [str(self.known.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(self.known)
        options.append(self.create_option(name, selected[0], label, True, len(options)))
        return [(None, options, 0)]


class _RowsKnowTheirChoices:
    """Formset mixin: each row's autocomplete widgets get the related objects the row's
    instance already loaded (the inline's queryset selects them)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        instance = form.instance
        if instance.pk is None:
            return form
        if getattr(instance, self.fk.attname) == self.instance.pk:
            # The page's own object: the row's label (its __str__) need not fetch it again.
            self.fk.set_cached_value(instance, self.instance)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if not isinstance(widget, RowAutocompleteSelect):
                continue
            model_field = instance._meta.get_field(name)
            if model_field.is_cached(instance):
                widget.known = getattr(instance, name)
        return form


class CommitteeScopedInline:
    """Mixin for inlines: foreign-key choices limited to the user's committee; autocomplete
    widgets label each row's choice without a query per row (select the related objects in the
    inline's ``get_queryset``)."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (_RowsKnowTheirChoices, formset), {})

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        related = [
            name
            for name in self.get_autocomplete_fields(request)
            if self.model._meta.get_field(name).many_to_one
        ]
        return queryset.select_related(*related) if related else queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if (
            "widget" not in kwargs
            and db_field.name in self.get_autocomplete_fields(request)
            and db_field.target_field.primary_key
        ):
            kwargs["widget"] = RowAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_own_committee(field.queryset, request.user)
        return field


class ParentWritableInline(CommitteeScopedInline):
    """An inline that is read-only when its parent belongs to a committee below the user's."""

    #: How to reach the committee from the parent object shown on the page.
    parent_committee_path = "committee"

    def _parent_writable(self, request, obj) -> bool:
        if obj is None:
            return True
        return access.can_write_committee(
            request.user, access.committee_id_of(obj, self.parent_committee_path)
        )

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._parent_writable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_writable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_writable(request, obj)


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
