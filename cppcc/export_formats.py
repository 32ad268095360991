"""django-import-export's CSV and Excel formats, with formula-looking text escaped on export.

import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only strips a leading "=" (and
turns every cell into text); these formats pass every header and cell through the project's one
helper, ``reports.excel.safe_cell``, as the API downloads and the report workbooks do: text
starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe. On import, that
apostrophe is taken off again, so an exported sheet re-imports unchanged.
"""

from __future__ import annotations

import tablib
from import_export.formats import base_formats

from reports.excel import FORMULA_TRIGGERS, safe_cell


def _each_cell(dataset: tablib.Dataset, cell) -> tablib.Dataset:
    """A copy of ``dataset`` with every header and cell passed through ``cell``."""
    headers = [cell(header) for header in dataset.headers] if dataset.headers else None
    copy = tablib.Dataset(headers=headers, title=dataset.title)
    for row in dataset:
        copy.append([cell(value) for value in row])
    return copy


def escaped_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` with every header and cell passed through ``safe_cell``."""
    return _each_cell(dataset, safe_cell)


def unescape_cell(value):
    """Undo ``safe_cell``: the apostrophe it put before a formula trigger."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def unescaped_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    return _each_cell(dataset, unescape_cell)


class FormulaSafeMixin:
    def export_data(self, dataset, **kwargs):
        return super().export_data(escaped_dataset(dataset), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return unescaped_dataset(super().create_dataset(in_stream, **kwargs))


class CSV(FormulaSafeMixin, base_formats.CSV):
    pass


class XLSX(FormulaSafeMixin, base_formats.XLSX):
    pass
