"""Admin building blocks shared by the members and sectors back offices."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers as admin_helpers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from committees import access
from committees.admin_mixins import CommitteeScopedInline


class ReadableOnlyViewMixin:
    """Refuse to show an object (or its history) from a committee the user may not read.

    The changelist is already scoped; this closes the history view, which looks objects up
    by id without going through ``get_queryset``.
    """

    committee_path = "committee"

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        committee_id = access.committee_id_of(obj, self.committee_path)
        return access.readable_committees(request.user).filter(pk=committee_id).exists()


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


class OpenPeriodFilter(admin.SimpleListFilter):
    """Current (no end date) or ended periods."""

    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(end_date__isnull=True)
        if self.value() == "no":
            return queryset.filter(end_date__isnull=False)
        return queryset


def errors_for_form(form: forms.Form, error: ValidationError) -> ValidationError:
    """Move messages about fields the form does not show to the top of the form."""
    if not hasattr(error, "error_dict"):
        return error
    result: dict[str, list] = {}
    for field, messages_ in error.message_dict.items():
        key = field if field in form.fields else NON_FIELD_ERRORS
        result.setdefault(key, []).extend(messages_)
    return ValidationError(result)


def run_per_item(request, items: Iterable, step: Callable[[object], object], *, label=str) -> int:
    """Run a service on each item; report each refusal as a message. Returns how many succeeded."""
    done = 0
    for item in items:
        try:
            step(item)
        except ValidationError as error:
            messages.error(request, f"{label(item)}：{'；'.join(error.messages)}")
        else:
            done += 1
    return done


def writable_subset(request, queryset: QuerySet, committee_path: str = "committee") -> QuerySet:
    """The selected rows the user may change; warn about the others (committees below)."""
    writable = access.scope_writable(queryset, request.user, committee_path)
    skipped = queryset.count() - writable.count()
    if skipped:
        messages.warning(
            request,
            gettext(
                "%(count)s selected record(s) belong to another committee and were left unchanged."
            )
            % {"count": skipped},
        )
    return writable


def report_done(request, done: int) -> None:
    if done:
        messages.success(request, gettext("%(count)s record(s) updated.") % {"count": done})


def action_form_response(
    modeladmin, request, queryset: QuerySet, form: forms.Form, *, action: str, title: str
) -> TemplateResponse:
    """The intermediate page of an action that needs a few values (a date, a sector …)."""
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
    return TemplateResponse(request, "admin/members/action_form.html", context)


class EndDateForm(forms.Form):
    end_date = forms.DateField(label=_("end date"), widget=forms.DateInput(attrs={"type": "date"}))


def end_periods_action(modeladmin, request, queryset, *, service, argument: str, committee_path):
    """Shared body of the "end the selected periods" actions."""
    form = EndDateForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        writable = writable_subset(request, queryset, committee_path)
        end_date = form.cleaned_data["end_date"]
        done = run_per_item(
            request,
            writable.filter(end_date__isnull=True),
            lambda item: service(**{argument: item, "end_date": end_date}),
        )
        report_done(request, done)
        return None
    return action_form_response(
        modeladmin,
        request,
        queryset,
        form,
        action=request.POST.get("action", ""),
        title=gettext("End the selected periods"),
    )
