"""The notification centre: every signed-in user's own notifications and reminder settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .forms import PreferencesForm
from .models import Notification


@login_required
@require_GET
def centre(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
    form = PreferencesForm(initial={"muted": sorted(selectors.muted_reasons(request.user))})
    return render(request, "notifications/centre.html", {"page": page, "form": form})


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        notification = services.notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    target = notification.url
    if (
        target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and request.POST.get("open")
    ):
        return redirect(target)
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:centre")


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST)
    if form.is_valid():
        try:
            services.notification_preferences_set(
                user=request.user, muted=form.cleaned_data["muted"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your reminder settings are saved."))
    else:
        messages.error(request, _("Only optional reminders can be muted."))
    return redirect("notifications:centre")
