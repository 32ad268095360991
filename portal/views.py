"""The browser side's own pages: the signed-in home page and the account pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import role_required, roles_for

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
