"""The public hands in a proposal clue (提案线索): no sign-in, flood-protected.

Protection without outside services: submissions are counted per client address in Django's
cache (``evaluations.ratelimit``; above ``PUBLIC_CLUE_RATE_LIMIT`` a minute the page answers 429),
and a honeypot field that people never see is silently dropped when a robot fills it in.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from evaluations.ratelimit import WINDOW_SECONDS, over_limit

from .public_forms import PublicClueForm
from .services.clues import clue_submit

RATE_LIMIT_SCOPE = "proposal-clue"


def _rate_limited(request: HttpRequest) -> HttpResponse:
    response = render(request, "proposals/clues/rate_limited.html", status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    return response


def _initial(request: HttpRequest) -> dict:
    value = request.GET.get("committee", "")
    return {"committee": int(value)} if value.isdigit() else {}


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = PublicClueForm(initial=_initial(request))
        return render(request, "proposals/clues/submit.html", {"form": form})
    # Only submissions count against the address: reading the form is free.
    if over_limit(request, scope=RATE_LIMIT_SCOPE, limit=settings.PUBLIC_CLUE_RATE_LIMIT):
        return _rate_limited(request)
    form = PublicClueForm(request.POST)
    if form.is_robot:
        # A robot filled the hidden field: thank it as if it worked, store nothing.
        return redirect("clues:thanks")
    if form.is_valid():
        data = form.cleaned_data
        try:
            clue_submit(
                committee=data["committee"],
                title=data["title"],
                content=data["content"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("clues:thanks")
    return render(request, "proposals/clues/submit.html", {"form": form}, status=400)


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "proposals/clues/thanks.html")
