"""Cell converters for the member roster (委员名册) spreadsheet.

Rosters are typed by people: labels in Chinese (男, 民盟, 无党派), dates as 1975-03-21,
1975/3/21, 1975.03 or 1975年3月, numbers that Excel stored as numbers. Each widget accepts
those spellings and raises ValueError with a message the importing clerk can act on.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _
from import_export.widgets import Widget

from committees.models import Committee, Term
from sectors.models import Sector


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores 13800000000 or a member number as a float.
        value = int(value)
    return str(value).strip()


class TextWidget(Widget):
    def __init__(self, *, required: bool = False):
        super().__init__(coerce_to_string=True)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if self.required and not text:
            raise ValueError(_("This column is required."))
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceLabelWidget(Widget):
    """A choice written as its Chinese label, a common short form, or its stored code."""

    def __init__(self, labels: dict[str, str], aliases: dict[str, str], *, required: bool = True):
        super().__init__(coerce_to_string=True)
        self.labels = labels
        self.lookup = {code: code for code in labels}
        self.lookup.update({label: code for code, label in labels.items()})
        self.lookup.update(aliases)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError(_("This column is required."))
            return None
        code = self.lookup.get(text) or self.lookup.get(text.lower())
        if code is None:
            raise ValueError(
                _("Unknown value “%(value)s”; write one of: %(choices)s.")
                % {"value": text, "choices": "、".join(self.labels.values())}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%Y.%m", "%Y年%m月")


class DateWidget(Widget):
    """A date; a month alone (common for birth dates in rosters) means its first day."""

    def __init__(self, *, required: bool = False):
        super().__init__(coerce_to_string=True)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError(_("This column is required."))
            return None
        for fmt in DATE_FORMATS + MONTH_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date; write it like 1975-03-21.") % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


def parse_term_number(value) -> int | None:
    """12, "12", "第12届" or "第十二届" -> 12; None when the cell holds no number."""
    text = _text(value)
    match = re.fullmatch(r"第?\s*([0-9]+|[一二三四五六七八九十]+)\s*届?", text)
    if not match:
        return None
    digits = match.group(1)
    if digits.isdigit():
        return int(digits)
    numerals = "一二三四五六七八九"
    tens, _sep, units = digits.rpartition("十")
    if "十" not in digits:
        return numerals.index(digits) + 1 if len(digits) == 1 else None
    try:
        tens_value = (numerals.index(tens) + 1) if tens else 1
        units_value = (numerals.index(units) + 1) if units else 0
    except ValueError:
        return None
    return tens_value * 10 + units_value


class CommitteeLookupWidget(Widget):
    """Base for references looked up inside the importing user's committee."""

    def __init__(self):
        super().__init__(coerce_to_string=True)
        self.committee: Committee | None = None
        self._cache: dict | None = None

    def bind(self, committee: Committee | None) -> None:
        self.committee = committee
        self._cache = None

    def _entries(self) -> dict:
        if self._cache is None:
            self._cache = dict(self.load()) if self.committee is not None else {}
        return self._cache

    def load(self) -> Iterable[tuple]:
        raise NotImplementedError


class SectorWidget(CommitteeLookupWidget):
    def load(self):
        return ((s.name, s) for s in Sector.objects.filter(committee=self.committee))

    def clean(self, value, row=None, **kwargs):
        name = _text(value)
        if not name:
            raise ValueError(_("This column is required."))
        sector = self._entries().get(name)
        if sector is None:
            raise ValueError(_("This committee has no sector named “%(name)s”.") % {"name": name})
        return sector

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class TermWidget(CommitteeLookupWidget):
    def load(self):
        return ((t.number, t) for t in Term.objects.filter(committee=self.committee))

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(_("This column is required."))
        number = parse_term_number(text)
        if number is None:
            raise ValueError(
                _("“%(value)s” is not a term number; write it like 12.") % {"value": text}
            )
        term = self._entries().get(number)
        if term is None:
            raise ValueError(_("This committee has no term %(number)s.") % {"number": number})
        return term

    def render(self, value, obj=None, **kwargs):
        return str(value.number) if value else ""
