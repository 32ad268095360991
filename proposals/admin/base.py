"""Shared pieces of the proposals back office."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from members.admin.helpers import action_form_response, report_done, writable_subset


class ServiceOnlyHistoryMixin:
    """History is for reading: reverting would move a record around its workflow."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def run_rows(request, queryset: QuerySet, step: Callable[[object], object]) -> int:
    """Run a service on every row; a refused row is reported and left as it was."""
    done = 0
    for obj in queryset:
        try:
            step(obj)
        except ValidationError as error:
            messages.error(request, f"{obj}：{'；'.join(error.messages)}")
        except PermissionDenied as error:
            messages.error(request, f"{obj}：{error}")
        else:
            done += 1
    report_done(request, done)
    return done


def bulk_step(modeladmin, request, queryset, step, *, committee_path: str = "committee"):
    """An action without questions: run ``step`` on each selected row the user may change."""
    run_rows(request, writable_subset(request, queryset, committee_path), step)


def bulk_step_with_form(
    modeladmin,
    request,
    queryset,
    *,
    form_class: type[forms.Form],
    step: Callable[[object, dict], object],
    title: str,
    committee_path: str = "committee",
    form_kwargs: dict | None = None,
):
    """An action that first asks for a few values (a unit, a deadline, a reason …)."""
    form = form_class(request.POST if "apply" in request.POST else None, **(form_kwargs or {}))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        run_rows(
            request,
            writable_subset(request, queryset, committee_path),
            lambda obj: step(obj, data),
        )
        return None
    return action_form_response(
        modeladmin, request, queryset, form, action=request.POST.get("action", ""), title=title
    )
