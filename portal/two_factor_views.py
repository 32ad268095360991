"""Two-factor sign-in pages: turning it on (QR code, secret, confirming code, backup codes),
entering a code after the password, turning it off. The rules are in ``accounts.two_factor``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts import two_factor
from accounts.roles import role_required


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class DisableForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Current code from the app"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _next(request: HttpRequest) -> str:
    """Where to go after this step: the ``next`` asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    url = reverse(name)
    target = request.POST.get("next") or request.GET.get("next")
    return f"{url}?{urlencode({'next': target})}" if target else url


@role_required()
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The account area's two-factor page: on or off, backup codes left, turning it off."""
    user = request.user
    device = two_factor.totp_device_confirmed(user)
    return render(
        request,
        "portal/two_factor/overview.html",
        {
            "device": device,
            "backup_codes_left": two_factor.backup_codes_left(user) if device else 0,
            "required": two_factor.two_factor_required(user),
            "form": DisableForm(),
        },
    )


@role_required()
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    try:
        two_factor.two_factor_start(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:two_factor")
    return redirect(_with_next("portal:two_factor_setup", request))


@role_required()
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), then confirm with a current code."""
    if two_factor.totp_device_confirmed(request.user) is not None:
        return redirect(_with_next("portal:two_factor_verify", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor.two_factor_confirm(
                user=request.user,
                code=form.cleaned_data["code"],
                keep_session=request.session.session_key,
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            two_factor.session_verified(request, device)
            return render(
                request,
                "portal/two_factor/backup_codes.html",
                {"codes": codes, "next": _next(request), "first_time": True},
            )
    device = two_factor.totp_device_unconfirmed(request.user)
    context = {"form": form, "device": device, "next": _next(request)}
    if device is not None:
        context["qr_svg"] = two_factor.device_qr_svg(device)
        context["secret"] = two_factor.device_secret(device)
    context["required"] = two_factor.two_factor_required(request.user)
    return render(request, "portal/two_factor/setup.html", context)


@role_required()
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app, or a backup code."""
    if not two_factor.code_expected(request):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            two_factor.session_verified(request, device)
            return redirect(_next(request))
    return render(request, "portal/two_factor/verify.html", {"form": form, "next": _next(request)})


@role_required()
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    form = DisableForm(request.POST)
    form.is_valid()
    try:
        two_factor.two_factor_disable(
            user=request.user,
            code=form.cleaned_data.get("code", ""),
            password=form.cleaned_data.get("password", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("portal:two_factor")


@role_required()
@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working), for a session verified with a code."""
    if not request.user.is_verified():
        messages.error(request, _("Sign in with a two-factor code first."))
        return redirect("portal:two_factor")
    codes = two_factor.backup_codes_issue(user=request.user)
    return render(
        request,
        "portal/two_factor/backup_codes.html",
        {"codes": codes, "next": reverse("portal:two_factor"), "first_time": False},
    )
