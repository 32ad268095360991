"""The browser side's own pages: the signed-in home page and the account pages."""

from __future__ import annotations

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

from accounts.roles import MEMBER, role_required, roles_for
from assessment import services as assessment_services
from assessment.models import Result, SchemeRule
from liaison import selectors as liaison_selectors
from members.models import Member

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
    context = {
        **selectors.performance_file(member=member, year=year),
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
