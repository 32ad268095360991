"""Admin building blocks for the liaison back office."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers as admin_helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from committees import access
from committees.admin_mixins import CommitteeScopedInline


class CommitteeFieldMixin:
    """Show staff their committee as a fixed field instead of leaving it out of the form.

    With the field in the form, a unique constraint that includes the committee (e.g. one group
    name per committee) is checked by the form and reported as a message, not a server error.
    """

    def get_exclude(self, request, obj=None):
        exclude = super().get_exclude(request, obj)
        return [name for name in exclude if name != "committee"] if exclude else exclude

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("committee")
        if field is not None and not request.user.is_superuser:
            field.disabled = True
            field.initial = obj.committee_id if obj is not None else request.user.committee_id
        return form


class ReadableObjectMixin:
    """Refuse views that look an object up by id (its history) outside readable committees."""

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        committee_id = access.committee_id_of(obj, self.committee_path)
        return access.readable_committees(request.user).filter(pk=committee_id).exists()


class HistoryReadOnlyMixin:
    """History is for reading: reverting would step around the workflow's services."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ParentWritableInline(CommitteeScopedInline):
    """An inline that is read-only when its parent belongs to a committee below the user's."""

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


def writable_subset(modeladmin, request, queryset: QuerySet) -> QuerySet:
    """The selected rows the user may change; warn about the others (committees below)."""
    writable = access.scope_writable(queryset, request.user, modeladmin.committee_path)
    skipped = queryset.count() - writable.count()
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d selected record belongs to another committee and was left unchanged.",
                "%(count)d selected records belong to another committee and were left unchanged.",
                skipped,
            )
            % {"count": skipped},
        )
    return writable


def run_per_item(request, items: Iterable, step: Callable[[object], object]) -> int:
    """Run a service on each item, reporting each refusal as its own message.

    Each service call is atomic by itself, so one refused row does not undo the others.
    """
    done = 0
    for item in items:
        try:
            step(item)
        except ValidationError as error:
            messages.error(
                request,
                gettext("%(object)s: %(error)s")
                % {"object": item, "error": " ".join(error.messages)},
            )
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)d record updated.", "%(count)d records updated.", done)
            % {"count": done},
        )
    return done


def action_form_response(
    modeladmin, request, queryset: QuerySet, form: forms.Form, *, action: str, title: str
) -> TemplateResponse:
    """The intermediate page of an action that needs a few values (a date, a reason …)."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "queryset": queryset,
        "form": form,
        "action": action,
        "action_checkbox_name": admin_helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/liaison/action_form.html", context)


def bound_if_applied(form_class: type[forms.Form], request, **kwargs) -> forms.Form:
    """The action's form: bound when the intermediate page was submitted, else blank."""
    return form_class(request.POST if "apply" in request.POST else None, **kwargs)


def run_form_action(
    modeladmin,
    request,
    queryset: QuerySet,
    *,
    form: forms.Form,
    action: str,
    title: str,
    step_for: Callable[[dict], Callable[[object], object]],
) -> TemplateResponse | None:
    """Show the intermediate form until it is valid, then run ``step_for(cleaned_data)`` on each
    selected row the user may change."""
    if form.is_bound and form.is_valid():
        rows = writable_subset(modeladmin, request, queryset)
        run_per_item(request, rows, step_for(form.cleaned_data))
        return None
    return action_form_response(modeladmin, request, queryset, form, action=action, title=title)


class YesNoFilter(admin.SimpleListFilter):
    """A two-way filter; subclasses give the title, parameter and the two querysets."""

    yes_label = _("Yes")
    no_label = _("No")

    def lookups(self, request, model_admin):
        return [("yes", self.yes_label), ("no", self.no_label)]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return self.yes(queryset)
        if self.value() == "no":
            return self.no(queryset)
        return queryset
