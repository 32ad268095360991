"""Reads for a convener's and a group leader's board: the columns, filtering and sorting of the
members' table (done on the rows the board selector already loaded, so no filter or order costs
a query) and the sector's or group's proposals counted by state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessment.models import DutyKind
from assessment.selectors import BOARD_KINDS, BoardRow
from proposals.models import Proposal, ProposalState


@dataclass(frozen=True)
class Column:
    """One column of the members' table: its key in ``?order=``, its heading, the value it
    sorts by, and whether its natural order is descending (the best or busiest first)."""

    key: str
    label: str | Promise
    value: Callable[[BoardRow], object]
    descending: bool = True


def columns() -> list[Column]:
    return [
        Column("name", pgettext_lazy("member board", "Member"), lambda r: r.name, False),
        Column("score", pgettext_lazy("member board", "Score"), lambda r: r.total),
        Column("grade", pgettext_lazy("member board", "Grade"), lambda r: r.grade_min),
        Column("unmet", _("Minimums not met"), lambda r: r.minimums_unmet),
        *(
            Column(str(kind), DutyKind(kind).label, lambda r, kind=kind: r.counts[kind])
            for kind in BOARD_KINDS
        ),
        # The longest idle first: nothing yet, then the oldest last duty.
        Column("last", _("Last duty"), lambda r: r.last_duty, False),
    ]


def sort_rows(rows: list[BoardRow], order: str) -> tuple[list[BoardRow], str]:
    """The rows in ``order`` (a column key, ``-key`` for the reverse); an unknown order is the
    score, best first. Rows without a value (no result, no grade) come last, except in the
    last-duty column, where nothing yet is the oldest of all. Ties keep the names' order."""
    by_key = {column.key: column for column in columns()}
    reverse = order.startswith("-")
    column = by_key.get(order.lstrip("-"))
    if column is None:
        column, reverse = by_key["score"], False
    rows = sorted(rows, key=lambda row: row.name)
    present = [row for row in rows if column.value(row) is not None]
    missing = [row for row in rows if column.value(row) is None]
    present.sort(key=column.value, reverse=column.descending != reverse)
    if column.key == "last":
        ordered = present + missing if reverse else missing + present
    else:
        ordered = present + missing
    return ordered, ("-" if reverse else "") + column.key


NO_GRADE = "-"


class BoardFilterForm(forms.Form):
    """The board's filters, read from the query string; a bad value is simply ignored."""

    q = forms.CharField(label=_("Name or work unit"), required=False, max_length=50)
    grade = forms.ChoiceField(label=pgettext_lazy("member board", "Grade"), required=False)
    unmet = forms.BooleanField(label=_("Minimums not met"), required=False)
    idle = forms.BooleanField(label=_("Nothing done yet"), required=False)

    def __init__(self, data, *, rows: list[BoardRow]):
        super().__init__(data)
        grades = sorted(
            {(row.grade_min, row.grade) for row in rows if row.grade},
            key=lambda grade: grade[0],
            reverse=True,
        )
        self.fields["grade"].choices = [
            ("", _("Any grade")),
            *((name, name) for _min, name in grades),
            (NO_GRADE, _("No grade yet")),
        ]

    def filter(self, rows: list[BoardRow]) -> list[BoardRow]:
        if not self.is_valid():
            return rows
        wanted = self.cleaned_data
        text = wanted["q"].strip().casefold()
        if text:
            rows = [r for r in rows if text in r.name.casefold() or text in r.work_unit.casefold()]
        if wanted["grade"] == NO_GRADE:
            rows = [row for row in rows if not row.grade]
        elif wanted["grade"]:
            rows = [row for row in rows if row.grade == wanted["grade"]]
        if wanted["unmet"]:
            rows = [row for row in rows if row.minimums_unmet]
        if wanted["idle"]:
            rows = [row for row in rows if row.nothing_yet]
        return rows

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


def proposals_by_state(
    *, committee_id: int, year: int, member_ids: list[int], sector_id: int | None = None
) -> list[tuple[str, int]]:
    """The year's proposals first proposed by the board's members (and, for a sector, those the
    sector submitted as a body), counted per state, in the workflow's order (one query). Drafts
    are their author's own business and are left out."""
    mine = Q(first_proposer_id__in=member_ids)
    if sector_id is not None:
        mine |= Q(submitting_sector_id=sector_id)
    counts = dict(
        Proposal.objects.filter(mine, committee_id=committee_id, year=year)
        .exclude(state=ProposalState.DRAFT)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [
        (state.label, counts[state.value]) for state in ProposalState if counts.get(state.value)
    ]
