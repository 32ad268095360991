"""The public evaluation page: no sign-in, one rating per single-use link."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import PublicRatingForm
from .ratelimit import over_limit

UNAVAILABLE = {
    "unknown": (404, _("This evaluation link is not valid. Check that it was copied in full.")),
    "used": (410, _("This evaluation link has already been used. Thank you for taking part.")),
    "expired": (410, _("This evaluation link has expired.")),
}


def _private(response):
    # The page's address is the token: keep it out of Referer headers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _unavailable(request, reason: str):
    status, message = UNAVAILABLE[reason]
    return _private(
        render(request, "evaluations/unavailable.html", {"message": message}, status=status)
    )


def _rate_limited(request):
    return _private(render(request, "evaluations/rate_limited.html", status=429))


@never_cache
@require_http_methods(["GET", "POST"])
def public_evaluation(request, token: str):
    if over_limit(request):
        return _rate_limited(request)
    try:
        invitation = selectors.invitation_for_token(token)
    except selectors.InvitationUnavailable as refusal:
        return _unavailable(request, refusal.reason)
    form = PublicRatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.POST.get("website"):
            # A robot filled the hidden field: pretend, store nothing, leave the link usable.
            return redirect("evaluations:thanks")
        if form.is_valid():
            try:
                services.public_rating_submit(
                    token=token,
                    stars=form.cleaned_data["stars"],
                    comment=form.cleaned_data["comment"],
                )
            except selectors.InvitationUnavailable as refusal:
                return _unavailable(request, refusal.reason)
            return redirect("evaluations:thanks")
    status = 400 if form.is_bound else 200
    return _private(
        render(
            request,
            "evaluations/public_form.html",
            {"invitation": invitation, "target": invitation.target, "form": form},
            status=status,
        )
    )


@never_cache
def thanks(request):
    if over_limit(request):
        return _rate_limited(request)
    return _private(render(request, "evaluations/thanks.html"))
