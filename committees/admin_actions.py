"""Admin actions that call a service on each selected row, shared by every back office.

An action runs only on the selected rows of the user's own committee (``writable_subset``), runs
the service row by row so that one refusal does not undo the others (``run_per_item``), and
reports each refusal and the number done as messages. Actions that need a few values first (a
date, a reason …) show an intermediate form (``run_form_action``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers as admin_helpers
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import access

ACTION_FORM_TEMPLATE = "admin/committees/action_form.html"


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


def report_done(request, done: int) -> None:
    if done:
        messages.success(
            request,
            ngettext("%(count)d record updated.", "%(count)d records updated.", done)
            % {"count": done},
        )


def run_per_item(
    request,
    items: Iterable,
    step: Callable[[object], object],
    *,
    label: Callable[[object], str] = str,
    report_success: bool = True,
) -> int:
    """Run a service on each item, reporting each refusal as its own message.

    Each service call is atomic by itself, so one refused row does not undo the others. Returns
    how many succeeded; unless ``report_success`` is off (the caller counts something else,
    e.g. attendance rows of the selected meetings), also reports that number.
    """
    done = 0
    for item in items:
        try:
            step(item)
        except ValidationError as error:
            _report_refusal(request, label(item), " ".join(error.messages))
        except PermissionDenied as error:
            _report_refusal(request, label(item), str(error) or gettext("Permission denied."))
        else:
            done += 1
    if report_success:
        report_done(request, done)
    return done


def _report_refusal(request, item_label: str, reason: str) -> None:
    messages.error(
        request, gettext("%(object)s: %(error)s") % {"object": item_label, "error": reason}
    )


def errors_for_form(form: forms.Form, error: ValidationError) -> ValidationError:
    """Move messages about fields the form does not show to the top of the form."""
    if not hasattr(error, "error_dict"):
        return error
    result: dict[str, list] = {}
    for field, field_messages in error.message_dict.items():
        key = field if field in form.fields else NON_FIELD_ERRORS
        result.setdefault(key, []).extend(field_messages)
    return ValidationError(result)


def action_form_response(
    modeladmin,
    request,
    queryset: QuerySet,
    form: forms.Form,
    *,
    title: str,
    action: str | None = None,
) -> TemplateResponse:
    """The intermediate page of an action that needs a few values (a date, a reason …)."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.model._meta,
        "queryset": queryset,
        "form": form,
        "action": action or request.POST.get("action", ""),
        "action_checkbox_name": admin_helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, ACTION_FORM_TEMPLATE, context)


def bound_if_applied(form_class: type[forms.Form], request, **kwargs) -> forms.Form:
    """The action's form: bound when the intermediate page was submitted, else blank."""
    return form_class(request.POST if "apply" in request.POST else None, **kwargs)


def run_form_action(
    modeladmin,
    request,
    queryset: QuerySet,
    *,
    form: forms.Form,
    title: str,
    step: Callable[[object, dict], object],
    action: str | None = None,
) -> TemplateResponse | None:
    """Show the intermediate form until it is valid, then run ``step(row, cleaned_data)`` on
    each selected row the user may change."""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        run_per_item(
            request, writable_subset(modeladmin, request, queryset), lambda row: step(row, data)
        )
        return None
    return action_form_response(modeladmin, request, queryset, form, title=title, action=action)


def run_reason_action(
    modeladmin,
    request,
    queryset: QuerySet,
    *,
    form_class: type[forms.Form],
    action: str,
    title: str,
    service: Callable[..., object],
    argument: str,
) -> TemplateResponse | None:
    """An action that asks for a reason (returning, voiding), then runs
    ``service(<argument>=row, by=the user, reason=…)`` on each selected row the user may change."""
    return run_form_action(
        modeladmin,
        request,
        queryset,
        form=bound_if_applied(form_class, request),
        action=action,
        title=title,
        step=lambda row, data: service(**{argument: row}, by=request.user, reason=data["reason"]),
    )


class EndDateForm(forms.Form):
    end_date = forms.DateField(label=_("end date"), widget=forms.DateInput(attrs={"type": "date"}))


def end_periods_action(modeladmin, request, queryset: QuerySet, *, service, argument: str):
    """The "end the selected periods" actions (seats, places, convener roles): the periods
    still open among the selected get the end date, through ``service(<argument>=…,
    end_date=…)``."""
    form = bound_if_applied(EndDateForm, request)
    if form.is_bound and form.is_valid():
        end_date = form.cleaned_data["end_date"]
        run_per_item(
            request,
            writable_subset(modeladmin, request, queryset).filter(end_date__isnull=True),
            lambda period: service(**{argument: period, "end_date": end_date}),
        )
        return None
    return action_form_response(
        modeladmin, request, queryset, form, title=gettext("End the selected periods")
    )
