"""The browser side's own pages: the signed-in home page and the account pages."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import CONVENER, LEADER, MEMBER, role_required, roles_for
from assessment import selectors as assessment_selectors
from assessment import services as assessment_services
from assessment.models import Dispute, DutyKind, Result, SchemeRule
from liaison import selectors as liaison_selectors
from liaison.models import LiaisonGroup
from members.models import Member
from sectors.models import Sector

from . import selectors


@role_required()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request)
    blocks = selectors.home_blocks(request.user, roles)
    return render(
        request,
        "portal/home.html",
        {
            "roles": roles,
            "blocks": blocks,
            "upcoming_days": selectors.UPCOMING_DAYS,
            "today": timezone.localdate(),
        },
    )


class LoginView(auth_views.LoginView):
    template_name = "portal/auth/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    template_name = "portal/auth/logged_out.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "portal/auth/password_change_form.html"
    success_url = reverse_lazy("portal:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "portal/auth/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "portal/auth/password_reset_form.html"
    email_template_name = "portal/auth/password_reset_email.txt"
    subject_template_name = "portal/auth/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/auth/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/auth/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/auth/password_reset_complete.html"


@role_required(MEMBER)
def performance(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The member's own performance file: this year's score, grade and rank so far, progress
    against the minimums, every rule line with the records behind it, and past years."""
    roles = roles_for(request)
    year = year or timezone.localdate().year
    member = get_object_or_404(Member, pk=roles.member_id)
    result = (
        Result.objects.filter(member=member, year=year)
        .select_related("grade", "sector", "liaison_group", "scheme")
        .first()
    )
    context = {
        "member": member,
        "year": year,
        "result": result,
        "explained": assessment_selectors.result_explained(result) if result else None,
        "open_disputes": set(
            Dispute.objects.filter(result=result, state=Dispute.State.OPEN).values_list(
                "rule_id", flat=True
            )
        )
        if result
        else set(),
        "past": Result.objects.filter(member=member, year__lt=year)
        .select_related("grade")
        .order_by("-year"),
        "form": DisputeForm(),
        # Logged but not counted yet: shown so the member sees what staff still have to verify.
        "awaiting": liaison_selectors.member_activities_awaiting(member.pk, year=year),
    }
    return render(request, "portal/performance.html", context)


class DisputeForm(forms.Form):
    comment = forms.CharField(
        label=_("What is wrong with this line?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@role_required(MEMBER)
@require_POST
def dispute(request: HttpRequest, year: int, rule_id: int) -> HttpResponse:
    """Dispute one line of one's own result; the comment goes to staff."""
    roles = roles_for(request)
    result = get_object_or_404(Result, member_id=roles.member_id, year=year)
    rule = get_object_or_404(SchemeRule, pk=rule_id, scheme_id=result.scheme_id)
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            assessment_services.dispute_raise(
                result=result, rule=rule, comment=form.cleaned_data["comment"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your objection was sent to the committee's staff."))
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect("portal:performance_year", year=year)


def _board(request: HttpRequest, *, year: int, sector=None, group=None) -> HttpResponse:
    committee_id = (sector or group).committee_id
    filters = {"sector_id": sector.pk} if sector else {"group_id": group.pk}
    rows = assessment_selectors.board(committee_id=committee_id, year=year, **filters)
    order = request.GET.get("order", "score")
    if order == "name":
        rows.sort(key=lambda row: row.name)
    elif order == "last":
        # The longest idle first: those with nothing yet, then the oldest last duty.
        rows.sort(key=lambda row: (row.last_duty is not None, row.last_duty or datetime.date.min))
    months = assessment_selectors.board_months(committee_id=committee_id, year=year, **filters)
    return render(
        request,
        "portal/board.html",
        {
            "year": year,
            "sector": sector,
            "group": group,
            "rows": rows,
            "order": order,
            "kinds": [(kind, DutyKind(kind).label) for kind in assessment_selectors.BOARD_KINDS],
            "idle": [row for row in rows if row.nothing_yet],
            "months": months,
            "scores": [float(row.total) for row in rows if row.total is not None],
        },
    )


@role_required(CONVENER)
@require_GET
def sector_board(request: HttpRequest, sector_id: int, year: int) -> HttpResponse:
    """A convener's board of their own sector; any other sector does not exist for them."""
    sector = get_object_or_404(Sector, pk=sector_id, pk__in=roles_for(request).convener_of)
    return _board(request, year=year, sector=sector)


@role_required(LEADER)
@require_GET
def group_board(request: HttpRequest, group_id: int, year: int) -> HttpResponse:
    """A group leader's board of their own liaison group."""
    group = get_object_or_404(LiaisonGroup, pk=group_id, pk__in=roles_for(request).leader_of)
    return _board(request, year=year, group=group)
