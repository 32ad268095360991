"""A liaison-group leader's own group work: the annual work plan, the year-end report and the
group's contact activities. Another group, or another group's activity, is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import LEADER, role_required, scope_led
from members.models import Member

from . import services
from .group_forms import (
    SUBMIT,
    GroupActivityForm,
    WorkPlanForm,
    YearEndReportForm,
    add_service_errors,
)
from .models import ContactActivity, LiaisonGroup, WorkPlan, YearEndReport
from .selectors import members_of_group_on
from .services.activities import EDITABLE_FIELDS


def _led_group(request: HttpRequest, group_id: int) -> LiaisonGroup:
    return get_object_or_404(scope_led(LiaisonGroup.objects.all(), request, ""), pk=group_id)


def _document(request, *, group_id, year, model, form_class, save, template_title, saved):
    group = _led_group(request, group_id)
    document = model.objects.filter(group=group, year=year).first()
    submitting = request.POST.get("action") == SUBMIT
    if request.method == "POST" and not (document is None or document.is_editable):
        messages.error(
            request, _("Submitted: the committee's staff can reopen it if it needs a correction.")
        )
        return redirect(request.path)
    if request.method == "POST":
        form = form_class(request.POST, instance=document, submitting=submitting)
        if form.is_valid():
            try:
                save(
                    group=group, year=year, by=request.user, submit=submitting, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, saved[submitting])
                return redirect(request.path)
    else:
        form = form_class(instance=document)
    return render(
        request,
        "liaison/group/document.html",
        {
            "group": group,
            "year": year,
            "document": document,
            "form": form,
            "title": template_title,
        },
    )


@role_required(LEADER)
@require_http_methods(["GET", "POST"])
def work_plan(request: HttpRequest, group_id: int, year: int) -> HttpResponse:
    return _document(
        request,
        group_id=group_id,
        year=year,
        model=WorkPlan,
        form_class=WorkPlanForm,
        save=services.work_plan_save,
        template_title=_("Annual work plan %(year)d") % {"year": year},
        saved={
            False: _("The work plan draft was saved."),
            True: _("The work plan was submitted to the committee."),
        },
    )


@role_required(LEADER)
@require_http_methods(["GET", "POST"])
def year_end_report(request: HttpRequest, group_id: int, year: int) -> HttpResponse:
    return _document(
        request,
        group_id=group_id,
        year=year,
        model=YearEndReport,
        form_class=YearEndReportForm,
        save=services.year_end_report_save,
        template_title=_("Year-end report %(year)d") % {"year": year},
        saved={
            False: _("The year-end report draft was saved."),
            True: _("The year-end report was submitted to the committee."),
        },
    )


@role_required(LEADER)
def activities(request: HttpRequest, group_id: int, year: int) -> HttpResponse:
    """The activities the group organised in the year, newest first (two queries)."""
    group = _led_group(request, group_id)
    rows = (
        ContactActivity.objects.filter(liaison_group=group, date__year=year)
        .select_related("contact_point")
        .annotate(participant_count=Count("participants"))
        .order_by("-date", "-pk")
    )
    return render(
        request,
        "liaison/group/activities.html",
        {"group": group, "year": year, "activities": rows},
    )


def _activity_form(request, group, *, activity=None):
    current = Q(pk__in=members_of_group_on(group, timezone.localdate()).values("pk"))
    if activity is not None:
        # Whoever was listed stays choosable, even after leaving the group.
        current |= Q(pk__in=activity.participants.values("member_id"))
    submitting = request.POST.get("action") == SUBMIT
    members = Member.objects.filter(current)
    kwargs = {"committee": group.committee, "members": members, "submitting": submitting}
    if request.method == "POST":
        return GroupActivityForm(request.POST, **kwargs), submitting
    initial = None
    if activity is not None:
        initial = {name: getattr(activity, name) for name in EDITABLE_FIELDS - {"liaison_group"}}
        initial["participants"] = list(activity.members.all())
    return GroupActivityForm(initial=initial, **kwargs), submitting


def _save_activity(request, group, form, submitting, activity=None):
    data = dict(form.cleaned_data)
    participants = data.pop("participants")
    try:
        if activity is None:
            activity = services.activity_create(
                committee=group.committee,
                liaison_group=group,
                created_by=request.user,
                participants=participants,
                **data,
            )
        else:
            activity = services.activity_update(
                activity=activity, by=request.user, participants=participants, **data
            )
        if submitting:
            submit = (
                services.activity_resubmit
                if activity.status == ContactActivity.Status.RETURNED
                else services.activity_submit
            )
            activity = submit(activity=activity, by=request.user)
    except ValidationError as error:
        add_service_errors(form, error, renames={"member": "participants"})
        return None
    return activity


@role_required(LEADER)
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _led_group(request, group_id)
    form, submitting = _activity_form(request, group)
    if request.method == "POST" and form.is_valid():
        # One transaction: a refused submission leaves no half-recorded activity behind.
        activity = _atomic_save(request, group, form, submitting)
        if activity is not None:
            messages.success(request, _saved_message(submitting))
            return redirect("group_work:activity", group_id=group.pk, pk=activity.pk)
    return render(
        request,
        "liaison/group/activity_form.html",
        {"group": group, "form": form, "activity": None, "year": timezone.localdate().year},
    )


@role_required(LEADER)
@require_http_methods(["GET", "POST"])
def activity(request: HttpRequest, group_id: int, pk: int) -> HttpResponse:
    group = _led_group(request, group_id)
    record = get_object_or_404(
        ContactActivity.objects.select_related("contact_point"), pk=pk, liaison_group=group
    )
    if not record.is_editable:
        return render(
            request,
            "liaison/group/activity_detail.html",
            {"group": group, "activity": record, "participants": record.members.order_by("name")},
        )
    form, submitting = _activity_form(request, group, activity=record)
    if request.method == "POST" and form.is_valid():
        saved = _atomic_save(request, group, form, submitting, record)
        if saved is not None:
            messages.success(request, _saved_message(submitting))
            return redirect("group_work:activity", group_id=group.pk, pk=saved.pk)
    return render(
        request,
        "liaison/group/activity_form.html",
        {"group": group, "form": form, "activity": record, "year": record.date.year},
    )


def _atomic_save(request, group, form, submitting, activity=None):
    with transaction.atomic():
        saved = _save_activity(request, group, form, submitting, activity)
        if saved is None:
            transaction.set_rollback(True)
    return saved


def _saved_message(submitting: bool) -> str:
    if submitting:
        return _("The activity was submitted; staff will verify it.")
    return _("The activity was saved as a draft.")
