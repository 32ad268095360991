"""What the proposal pages share: the signed-in member, safe redirects, HTMX detection."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.roles import roles_for
from members.models import Member


def current_member(request: HttpRequest) -> Member:
    return get_object_or_404(
        Member.objects.select_related("committee", "term"), pk=roles_for(request).member_id
    )


def redirect_next(request: HttpRequest, default: str):
    """Back to the page the form was on (``next``), if it is on this site; else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)
