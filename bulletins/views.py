"""Members read their committee's bulletins; opening one records the read receipt."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.roles import MEMBER, role_required, roles_for

from . import selectors, services

PER_PAGE = 20


@role_required(MEMBER)
@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    bulletins = selectors.bulletins_for_member(roles_for(request).member_id)
    page = Paginator(bulletins, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "bulletins/list.html", {"page": page})


@role_required(MEMBER)
@require_GET
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A bulletin of the member's committee (and sector); any other does not exist for them.

    Opening it is what a read receipt records, so the GET writes once (idempotently)."""
    member_id = roles_for(request).member_id
    bulletin = get_object_or_404(
        selectors.bulletins_for_member(member_id).select_related("sector"), pk=pk
    )
    services.bulletin_mark_read(bulletin=bulletin, member_id=member_id)
    return render(request, "bulletins/detail.html", {"bulletin": bulletin})
