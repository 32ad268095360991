"""The boards of a sector convener and of a liaison-group leader: the members' table (sortable,
filterable, exportable to Excel), the charts, the proposals by state, and a read-only look at
one member's performance file. Another sector or group, or a member outside it, is a 404."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import CONVENER, LEADER, role_required, roles_for
from assessment import selectors as assessment_selectors
from assessment.models import DutyKind
from assessment.selectors import BOARD_KINDS
from liaison.models import LiaisonGroup
from sectors.models import Sector

from . import selectors
from .board_export import board_xlsx
from .boards import BoardFilterForm, columns, proposals_by_state, sort_rows

#: Members per page of the board's table (the export and the totals cover the whole board).
PAGE_SIZE = 50


def _scope(sector: Sector | None, group: LiaisonGroup | None) -> dict:
    owner = sector or group
    filters = {"sector_id": sector.pk} if sector else {"group_id": group.pk}
    return {"committee_id": owner.committee_id, **filters}


def _table(request: HttpRequest, year: int, scope: dict):
    """All rows, the filter form, and the rows shown (filtered, then sorted)."""
    rows = assessment_selectors.board(year=year, **scope)
    form = BoardFilterForm(request.GET, rows=rows)
    shown, order = sort_rows(form.filter(rows), request.GET.get("order", "score"))
    return rows, form, shown, order


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _headers(order: str) -> list[dict]:
    """Each column's heading with the order its link asks for (the current column's link
    reverses it) and its aria-sort state."""
    headers = []
    for column in columns():
        current = order.lstrip("-") == column.key
        reversed_ = order.startswith("-")
        ascending = (not column.descending) != reversed_
        headers.append(
            {
                "key": column.key,
                "label": column.label,
                "next": ("" if reversed_ else "-") + column.key if current else column.key,
                "sort": ("ascending" if ascending else "descending") if current else "",
            }
        )
    return headers


def _member_link(kind: str, owner_id: int, year: int) -> str:
    """The start of a member's link on the board (the member's id and "/" follow): reversed
    once, not once per row."""
    url = reverse(f"portal:{kind}_member", args=[owner_id, year, 0])
    return url.removesuffix("0/")


def _board(request: HttpRequest, *, year: int, sector=None, group=None) -> HttpResponse:
    scope = _scope(sector, group)
    labels = {kind: str(DutyKind(kind).label) for kind in BOARD_KINDS}
    rows, form, shown, order = _table(request, year, scope)
    # The table is paged; the filters and the order are kept across pages (the page links carry
    # the rest of the query string), and the counts above it are the whole board's.
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    kind = "sector" if sector else "group"
    owner = sector or group
    proposals = proposals_by_state(
        committee_id=scope["committee_id"],
        year=year,
        member_ids=[row.member_id for row in rows],
        sector_id=sector.pk if sector else None,
    )
    return render(
        request,
        "portal/board.html",
        {
            "year": year,
            "sector": sector,
            "group": group,
            "owner_kind": kind,
            "owner_id": owner.pk,
            "rows": shown,
            "page": page,
            "total_count": len(rows),
            "order": order,
            "headers": _headers(order),
            # Hundreds of rows: each label translated once, not once per cell.
            "table": [
                (row, [(labels[kind], row.counts[kind]) for kind in BOARD_KINDS])
                for row in page.object_list
            ],
            "member_link": _member_link(kind, owner.pk, year),
            "form": form,
            # A new order or filter starts again from the first page.
            "query_without_order": _query_without(request, "order", "page"),
            "query_without_page": _query_without(request, "page"),
            "export_query": _query_without(request, "page"),
            "idle": [row for row in rows if row.nothing_yet],
            "months": assessment_selectors.board_months(year=year, **scope),
            "scores": [
                {"name": row.name, "score": float(row.total)}
                for row in page.object_list
                if row.total is not None
            ],
            "month_labels": [str(MONTHS_3[month]).capitalize() for month in range(1, 13)],
            "proposals": proposals,
            "proposal_total": sum(count for _label, count in proposals),
            "previous_year": year - 1,
            "next_year": year + 1 if year < timezone.localdate().year else None,
        },
    )


def _export(request: HttpRequest, *, year: int, sector=None, group=None) -> HttpResponse:
    _rows, _form, shown, _order = _table(request, year, _scope(sector, group))
    name = (sector or group).name
    title = _("%(name)s · members' performance %(year)d") % {"name": name, "year": year}
    response = HttpResponse(
        board_xlsx(title=title, columns=columns(), rows=shown),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    kind = "sector" if sector else "group"
    response["Content-Disposition"] = (
        f'attachment; filename="board-{kind}-{(sector or group).pk}-{year}.xlsx"'
    )
    return response


def _member_file(request: HttpRequest, *, year: int, member_id: int, sector=None, group=None):
    """A member's performance file, read-only, if they are on this board."""
    members = assessment_selectors.board_members(year=year, **_scope(sector, group))
    member = get_object_or_404(members, pk=member_id)
    context = selectors.performance_file(member=member, year=year)
    kind = "sector" if sector else "group"
    return render(
        request,
        "portal/board_member.html",
        {**context, "sector": sector, "group": group, "owner_kind": kind},
    )


def _convened(request: HttpRequest, sector_id: int) -> Sector:
    return get_object_or_404(Sector, pk=sector_id, pk__in=roles_for(request).convener_of)


def _led(request: HttpRequest, group_id: int) -> LiaisonGroup:
    return get_object_or_404(LiaisonGroup, pk=group_id, pk__in=roles_for(request).leader_of)


@role_required(CONVENER, LEADER)
@require_GET
def boards(request: HttpRequest) -> HttpResponse:
    """The boards this person may open, for the current year; straight to it when only one."""
    roles = roles_for(request)
    year = timezone.localdate().year
    sectors = list(Sector.objects.filter(pk__in=roles.convener_of).order_by("name"))
    groups = list(LiaisonGroup.objects.filter(pk__in=roles.leader_of).order_by("name"))
    if len(sectors) + len(groups) == 1:
        if sectors:
            return redirect("portal:sector_board", sector_id=sectors[0].pk, year=year)
        return redirect("portal:group_board", group_id=groups[0].pk, year=year)
    return render(
        request, "portal/boards.html", {"sectors": sectors, "groups": groups, "year": year}
    )


@role_required(CONVENER)
@require_GET
def sector_board(request: HttpRequest, sector_id: int, year: int) -> HttpResponse:
    """A convener's board of their own sector; any other sector does not exist for them."""
    return _board(request, year=year, sector=_convened(request, sector_id))


@role_required(LEADER)
@require_GET
def group_board(request: HttpRequest, group_id: int, year: int) -> HttpResponse:
    """A group leader's board of their own liaison group."""
    return _board(request, year=year, group=_led(request, group_id))


@role_required(CONVENER)
@require_GET
def sector_board_export(request: HttpRequest, sector_id: int, year: int) -> HttpResponse:
    return _export(request, year=year, sector=_convened(request, sector_id))


@role_required(LEADER)
@require_GET
def group_board_export(request: HttpRequest, group_id: int, year: int) -> HttpResponse:
    return _export(request, year=year, group=_led(request, group_id))


@role_required(CONVENER)
@require_GET
def sector_member(request: HttpRequest, sector_id: int, year: int, member_id: int):
    return _member_file(
        request, year=year, member_id=member_id, sector=_convened(request, sector_id)
    )


@role_required(LEADER)
@require_GET
def group_member(request: HttpRequest, group_id: int, year: int, member_id: int):
    return _member_file(request, year=year, member_id=member_id, group=_led(request, group_id))
