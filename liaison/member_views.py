"""A member's own contact activities in the browser: the list with their verification state,
logging one (with fellow members), changing a draft or returned one, sending it to staff.

Another member's activity does not exist here (404); a submitted or verified one cannot be
changed (the service refuses it and the member reads why)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import MEMBER, role_required, roles_for
from committees.form_errors import add_service_error
from committees.submissions import already_sent, create_once
from members.models import Member

from . import selectors, services
from .member_forms import ActivityForm
from .models import ContactActivity

PAGE_SIZE = 50


def _me(request: HttpRequest) -> Member:
    return get_object_or_404(
        Member.objects.select_related("committee"), pk=roles_for(request).member_id
    )


def _own(request: HttpRequest, pk: int) -> ContactActivity:
    activity = selectors.member_activity(roles_for(request).member_id, pk)
    if activity is None:
        raise Http404
    return activity


def _sent_message(request: HttpRequest, activity: ContactActivity) -> None:
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            _(
                "“%(title)s” was sent to the committee's staff for verification; once verified it "
                "counts in your performance file."
            )
            % {"title": activity.title},
            reverse("portal:performance"),
            _("Open my performance file"),
        ),
    )


@role_required(MEMBER)
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.member_activities(roles_for(request).member_id), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "liaison/member/activity_list.html", {"page": page})


def _save(request: HttpRequest, form: ActivityForm, member: Member, activity=None):
    submit = "submit" in request.POST
    fields = form.service_fields()
    co = form.cleaned_data.get("co_participants") or []
    if activity is None:
        return services.activity_log_by_member(
            member=member, by=request.user, submit=submit, co_participants=co, **fields
        ), submit
    return services.activity_change_by_member(
        activity=activity,
        member=member,
        by=request.user,
        submit=submit,
        co_participants=co,
        **fields,
    ), submit


def _form_page(request: HttpRequest, form: ActivityForm, activity=None) -> HttpResponse:
    return render(
        request, "liaison/member/activity_form.html", {"form": form, "activity": activity}
    )


@role_required(MEMBER)
def activity_create(request: HttpRequest) -> HttpResponse:
    member = _me(request)
    form = ActivityForm(request.POST if request.method == "POST" else None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            sent = create_once(request, lambda: _save(request, form, member)[0])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if not sent.first:
                return already_sent(
                    request, sent, to="activities:detail", fallback="activities:list"
                )
            activity = sent.record
            if "submit" in request.POST:
                _sent_message(request, activity)
            else:
                messages.success(
                    request, _("Saved as a draft; send it for verification when ready.")
                )
            return redirect("activities:detail", pk=activity.pk)
    return _form_page(request, form)


@role_required(MEMBER)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _me(request)
    activity = _own(request, pk)
    if activity.created_by_id != request.user.pk or not activity.is_editable:
        messages.error(request, _cannot_change(activity, request))
        return redirect("activities:detail", pk=activity.pk)
    form = ActivityForm(
        request.POST if request.method == "POST" else None, instance=activity, member=member
    )
    if request.method == "POST" and form.is_valid():
        try:
            activity, submitted = _save(request, form, member, activity)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if submitted:
                _sent_message(request, activity)
            else:
                messages.success(request, _("Your changes were saved."))
            return redirect("activities:detail", pk=activity.pk)
    return _form_page(request, form, activity)


def _cannot_change(activity: ContactActivity, request: HttpRequest) -> str:
    if activity.created_by_id != request.user.pk:
        return _("Only the member who recorded this activity can change it.")
    if activity.status == ContactActivity.Status.VERIFIED:
        return _("This activity has been verified by staff and can no longer be changed.")
    return _(
        "This activity is waiting for staff verification and cannot be changed now; "
        "staff can return it to you if something must be corrected."
    )


@role_required(MEMBER)
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own(request, pk)
    return render(
        request,
        "liaison/member/activity_detail.html",
        {
            "activity": activity,
            "is_recorder": activity.created_by_id == request.user.pk,
        },
    )


@role_required(MEMBER)
@require_POST
def activity_submit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own(request, pk)
    try:
        activity = services.activity_send_for_verification(activity=activity, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _sent_message(request, activity)
    return redirect("activities:detail", pk=activity.pk)
