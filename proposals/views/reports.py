"""A member's social-conditions reports (社情民意信息): writing one and following its fate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import MEMBER, role_required, roles_for
from committees.submissions import already_sent, create_once

from .. import selectors, services
from ..forms import SocialReportForm, add_service_errors
from ..models import SocialReportState
from ._common import current_member, error_text

PAGE_SIZE = 30


def _own_report(request: HttpRequest, pk: int):
    return get_object_or_404(
        selectors.member_social_reports(member_id=roles_for(request).member_id), pk=pk
    )


@role_required(MEMBER)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        selectors.member_social_reports(member_id=roles_for(request).member_id), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "proposals/reports.html", {"page": page})


@role_required(MEMBER)
def report_create(request: HttpRequest) -> HttpResponse:
    """Write a report as its author; "submit" sends it at once, otherwise it stays a draft."""
    member = current_member(request)
    form = SocialReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        send_now = "submit" in request.POST

        @transaction.atomic
        def write():
            # One step for the person: the draft is not kept when sending it fails.
            report = services.social_report_create(
                committee=member.committee,
                year=timezone.localdate().year,
                authors=[member],
                by=request.user,
                **form.cleaned_data,
            )
            if send_now:
                services.social_report_submit(report=report, by=request.user)
            return report

        try:
            sent = create_once(request, write)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not sent.first:
                return already_sent(
                    request, sent, to="proposals:report_detail", fallback="proposals:reports"
                )
            report = sent.record
            if send_now:
                messages.success(request, _("Your report was submitted to the committee."))
            else:
                messages.success(request, _("Your draft report is saved."))
            return redirect("proposals:report_detail", pk=report.pk)
    return render(request, "proposals/report_form.html", {"form": form})


@role_required(MEMBER)
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _own_report(request, pk)
    return render(
        request,
        "proposals/report_detail.html",
        {
            "report": report,
            "is_draft": report.state == SocialReportState.DRAFT,
            "authors": report.authorships.select_related("member").order_by("order"),
            "instructions": report.instructions.order_by("instructed_on", "pk"),
        },
    )


@role_required(MEMBER)
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _own_report(request, pk)
    try:
        services.social_report_submit(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your report was submitted to the committee."))
    return redirect("proposals:report_detail", pk=report.pk)
