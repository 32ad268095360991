"""CSV and Excel downloads of any list endpoint: ``?format=csv`` / ``?format=xlsx``.

The list's filters, search and ordering apply as for JSON; the pagination steps aside (see
``cppcc.api.pagination``), so the file holds every row the filters select. Nested objects are
flattened into ``parent.child`` columns headed by the serializer's labels; lists become one cell;
a choice is written as its label ("出席"), not its code ("present").
Text a spreadsheet would run as a formula is escaped (``reports.excel.safe_cell``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from reports.excel import safe_cell

EXPORT_FORMATS = ("csv", "xlsx")


def flatten(row: Mapping, prefix: str = "") -> dict:
    """``{"a": {"b": 1}, "c": [1, 2]}`` → ``{"a.b": 1, "c": "1; 2"}``."""
    flat: dict = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = "; ".join(_text(item) for item in value)
        else:
            flat[name] = value
    return flat


def _text(value) -> str:
    if isinstance(value, Mapping):
        return ", ".join(_text(item) for item in flatten(value).values())
    if value is None:
        return ""
    return force_str(value)


def _rows(data) -> list[dict]:
    if isinstance(data, Mapping) and isinstance(data.get("results"), list):
        data = data["results"]  # a page, should a paginator not have stepped aside
    if isinstance(data, Mapping):
        data = [data]
    return [flatten(row) if isinstance(row, Mapping) else {"value": row} for row in data or []]


def _columns(serializer, prefix: str = "", heading: str = "") -> dict[str, tuple[str, dict]]:
    """Column key → (heading, choices), from the serializer's fields: headings are the field
    labels (nested ones joined by " · "); a choice field's codes are shown by their labels."""
    columns: dict[str, tuple[str, dict]] = {}
    fields = getattr(serializer, "fields", None)
    if fields is None and isinstance(serializer, serializers.ListSerializer):
        fields = serializer.child.fields
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    for name, field in (fields or {}).items():
        label = force_str(_model_label(model, field) or field.label or name)
        full = f"{heading} · {label}" if heading else label
        if isinstance(field, serializers.BaseSerializer) and not isinstance(
            field, serializers.ListSerializer
        ):
            columns.update(_columns(field, f"{prefix}{name}.", full))
        choices = field.choices if isinstance(field, serializers.ChoiceField) else {}
        columns[f"{prefix}{name}"] = (full, choices)
    return columns


def _model_label(model, field) -> str | None:
    """A field DRF labelled from its name alone takes the model field's (translated) name."""
    if model is None or field.label != field.field_name.replace("_", " ").capitalize():
        return None
    try:
        model_field = model._meta.get_field(field.source)
    except (FieldDoesNotExist, TypeError):
        return None
    if hasattr(model_field, "verbose_name"):
        return force_str(model_field.verbose_name)
    return force_str(model_field.related_model._meta.verbose_name_plural)  # a reverse relation


class ExportRenderer(BaseRenderer):
    """Shared by the CSV and XLSX renderers: the table and the download's name."""

    def table(self, data, renderer_context) -> tuple[list[str], list[str], list[list]]:
        rows = _rows(data)
        keys: list[str] = []
        for row in rows:
            keys.extend(key for key in row if key not in keys)
        columns = self._serializer_columns(renderer_context)
        headings = [columns[key][0] if key in columns else key for key in keys]
        choices = [columns[key][1] if key in columns else {} for key in keys]
        return (
            keys,
            headings,
            [
                [self.cell(row.get(key), shown) for key, shown in zip(keys, choices, strict=True)]
                for row in rows
            ],
        )

    def cell(self, value, choices: Mapping | None = None):
        if choices and isinstance(value, str | int) and value in choices:
            value = choices[value]  # the label a person reads, not the stored code
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value is None:
            return ""
        if isinstance(value, int | float):
            return value
        return safe_cell(force_str(value))

    def _serializer_columns(self, renderer_context) -> dict[str, tuple[str, dict]]:
        view = (renderer_context or {}).get("view")
        response = (renderer_context or {}).get("response")
        if view is None or not hasattr(view, "get_serializer"):
            return {}
        if response is not None and response.status_code >= 400:
            return {}
        try:
            return _columns(view.get_serializer())
        except (AssertionError, TypeError):
            return {}  # a view without a serializer class: the keys head the columns

    def attach(self, renderer_context) -> None:
        """Name the download after the list (in the user's language) and today's date."""
        response = (renderer_context or {}).get("response")
        if response is None or response.status_code >= 400:
            return
        view = renderer_context.get("view")
        name = getattr(view, "export_filename", None)
        if name is None:
            model = getattr(getattr(view, "queryset", None), "model", None) or getattr(
                getattr(getattr(view, "serializer_class", None), "Meta", None), "model", None
            )
            name = model._meta.verbose_name_plural if model is not None else _("export")
        name = force_str(name).replace("/", "-").replace("\\", "-")
        filename = f"{name}-{timezone.localdate():%Y%m%d}.{self.format}"
        response["Content-Disposition"] = content_disposition_header(True, filename)


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        _keys, headings, rows = self.table(data, renderer_context)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headings)
        writer.writerows(rows)
        self.attach(renderer_context)
        # The byte-order mark tells Excel the file is UTF-8 (else Chinese comes out garbled).
        return "\ufeff".encode() + buffer.getvalue().encode()


class XLSXRenderer(ExportRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        _keys, headings, rows = self.table(data, renderer_context)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Export"))
        sheet.freeze_panes = "A2"
        sheet.append(_bold(headings, sheet))
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        self.attach(renderer_context)
        return buffer.getvalue()


def _bold(values: Iterable[str], sheet) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=safe_cell(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def document_downloads(result: dict, generator, request, public) -> dict:
    """drf-spectacular post-processing: a CSV or Excel response is a file, not the JSON body."""
    files = {
        CSVRenderer.media_type: {"type": "string"},
        XLSXRenderer.media_type: {"type": "string", "format": "binary"},
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method != "get" and "parameters" in operation:
                # Writes answer in JSON whatever ``format`` says (cppcc/api/negotiation.py).
                operation["parameters"] = [
                    p
                    for p in operation["parameters"]
                    if not (p.get("in") == "query" and p.get("name") == "format")
                ]
            for response in operation.get("responses", {}).values():
                for media_type, content in response.get("content", {}).items():
                    if media_type in files:
                        content["schema"] = files[media_type]
    return result
