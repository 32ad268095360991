"""Staff downloads of the committee's yearly figures (wrapped in the admin site's login check),
and the committee overview staff open in the browser.

Another committee's figures are a 404, decided by ``committees.access`` like every admin page:
staff read their own committee's and those below it.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

from django.contrib import admin
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import STAFF, role_required
from committees import access
from committees.models import Committee

from .excel import yearly_figures_xlsx
from .overview import committee_overview
from .pdf import yearly_figures_pdf
from .selectors import YearlyFigures, yearly_figures
from .tables import attendance_note, yearly_figures_tables

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Years a committee can have figures for; outside it the URL names no year at all.
FIRST_YEAR, LAST_YEAR = 1949, 2200
#: The most members at risk the overview lists (all are counted); the admin lists the rest.
AT_RISK_SHOWN = 50


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the real (Chinese) one per RFC 5987/6266."""
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", filename.encode("ascii", "replace").decode())
    fallback = fallback.strip("_") or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Content-Length"] = str(len(data))
    # Figures of people's work: not for shared caches, and fresh on every download.
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    """A PDF download whose name may be Chinese (e.g. ``张三2024年度履职报告.pdf``)."""
    return file_response(data, filename, PDF)


def _figures_for(request: HttpRequest, committee_id: int, year: int) -> YearlyFigures:
    if not FIRST_YEAR <= year <= LAST_YEAR or not access.can_read_committee(
        request.user, committee_id
    ):
        raise Http404
    try:
        return yearly_figures(committee_id, year)
    except Committee.DoesNotExist as missing:
        raise Http404 from missing


def _filename(figures: YearlyFigures, extension: str) -> str:
    name = _("%(committee)s figures %(year)d") % {
        "committee": figures.committee_name,
        "year": figures.year,
    }
    return f"{name}.{extension}"


def figures_pdf(request: HttpRequest, committee_id: int, year: int) -> HttpResponse:
    figures = _figures_for(request, committee_id, year)
    return pdf_response(
        yearly_figures_pdf(figures, figures.committee_name), _filename(figures, "pdf")
    )


def figures_xlsx(request: HttpRequest, committee_id: int, year: int) -> HttpResponse:
    figures = _figures_for(request, committee_id, year)
    data = yearly_figures_xlsx(figures, figures.committee_name)
    return file_response(data, _filename(figures, "xlsx"), XLSX)


def _years(first: datetime.date | None, last: datetime.date | None, today: datetime.date):
    if first is None or last is None:
        return []
    return list(range(min(last.year, today.year), first.year - 1, -1))


def figures_index(request: HttpRequest) -> HttpResponse:
    """The committees the user may read, each with the years of its terms up to this one."""
    committees = (
        access.readable_committees(request.user)
        .annotate(first_day=Min("terms__start_date"), last_day=Max("terms__end_date"))
        .order_by("path")
    )
    today = timezone.localdate()
    rows = [{"committee": c, "years": _years(c.first_day, c.last_day, today)} for c in committees]
    context = {
        **admin.site.each_context(request),
        "title": _("Yearly figures"),
        "rows": rows,
    }
    return render(request, "reports/figures_index.html", context)


# --- the committee overview in the browser (staff, outside the admin) -------------------------


@role_required(STAFF)
@require_GET
def overview_index(request: HttpRequest) -> HttpResponse:
    """Staff land on their own committee's overview for this year; a superuser without a
    committee chooses one."""
    year = timezone.localdate().year
    if request.user.committee_id:
        return redirect("overview:committee", committee_id=request.user.committee_id, year=year)
    committees = access.readable_committees(request.user).order_by("path")
    return render(request, "reports/overview_index.html", {"committees": committees, "year": year})


@role_required(STAFF)
@require_GET
def overview(request: HttpRequest, committee_id: int, year: int) -> HttpResponse:
    """One committee's year for its staff (and the staff of the committees above it)."""
    if not FIRST_YEAR <= year <= LAST_YEAR or not access.can_read_committee(
        request.user, committee_id
    ):
        raise Http404
    try:
        data = committee_overview(committee_id, year)
    except Committee.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "reports/overview.html",
        {
            "overview": data,
            "figure_tables": yearly_figures_tables(data.figures),
            "attendance_note": attendance_note(),
            "comparisons": [
                (_("Sectors side by side"), data.sectors, "sectors"),
                (_("Liaison groups side by side"), data.groups, "groups"),
            ],
            "committee_id": committee_id,
            "year": year,
            "committees": access.readable_committees(request.user).order_by("path"),
            "at_risk_shown": AT_RISK_SHOWN,
            "at_risk_slice": f":{AT_RISK_SHOWN}",
        },
    )
