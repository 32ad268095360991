"""Batched row writer: ids handed out up front, rows written a table at a time.

On PostgreSQL each flush is one ``COPY … FROM STDIN`` per table; elsewhere (SQLite in tests) one
``executemany``. Either way the number of statements depends on the number of flushes, never on
the number of rows. Rows bypass ``Model.save()``: no signals, no ``simple_history`` rows, no
``full_clean()`` — the generator is responsible for producing rows the database constraints and
the committee guard triggers accept, and they still check every row.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    return str(value)


class Table:
    """Rows for one model, given as tuples in the order of ``columns`` (attnames, id first and
    implied). Every other concrete field gets its default, ``now`` for auto dates, NULL or ''."""

    def __init__(self, model: type[models.Model], columns: Iterable[str], *, next_id: int, now):
        self.model = model
        self.columns = list(columns)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(self.columns) - set(fields)
        if unknown:
            raise ValueError(f"{model.__name__} has no column(s) {sorted(unknown)}")
        self.extra_columns, self.extra_values = [], []
        for attname, field in fields.items():
            if field.primary_key or attname in self.columns:
                continue
            self.extra_columns.append(attname)
            self.extra_values.append(self._filler(field, now))
        self.fields = [fields["id"]] + [fields[c] for c in self.columns + self.extra_columns]
        self.next_id = next_id
        self.rows: list[tuple] = []
        self.written = 0

    @staticmethod
    def _filler(field: models.Field, now):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        if field.has_default():
            return field.get_default()
        if field.null:
            return None
        if field.blank and field.empty_strings_allowed:
            return ""
        raise ValueError(f"{field.model.__name__}.{field.name} needs a value")

    def add(self, *values) -> int:
        row_id = self.next_id
        self.next_id += 1
        self.rows.append((row_id, *values))
        return row_id

    def flush(self) -> None:
        if not self.rows:
            return
        extra = tuple(self.extra_values)
        names = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                for row in self.rows:
                    buffer.write("\t".join(map(_copy_text, row + extra)))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
            else:
                prep = [f.get_db_prep_save for f in self.fields]
                params = [
                    [p(v, connection) for p, v in zip(prep, row + extra, strict=True)]
                    for row in self.rows
                ]
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", params)  # nosec B608: table and columns are the model's own; values are parameters
        self.written += len(self.rows)
        self.rows = []


class Writer:
    """The tables of one generation run, flushed together in the order they were declared (so a
    row's parents are always written before it) whenever ``batch_size`` rows are waiting."""

    def __init__(self, *, batch_size: int):
        self.batch_size = batch_size
        self.tables: dict[type[models.Model], Table] = {}
        self.now = timezone.now()
        self.flushes = 0

    def declare(self, model: type[models.Model], *columns: str) -> Table:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT MAX({connection.ops.quote_name('id')}) "  # nosec B608: the table is the model's own, quoted
                f"FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            highest = cursor.fetchone()[0] or 0
        table = Table(model, columns, next_id=highest + 1, now=self.now)
        self.tables[model] = table
        return table

    def pending(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())

    def maybe_flush(self) -> None:
        if self.pending() >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending():
            return
        for table in self.tables.values():
            table.flush()
        self.flushes += 1

    def finish(self) -> None:
        """Write what is left and move the id sequences past the ids handed out here."""
        self.flush()
        if connection.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows the largest id inserted by itself.
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if table.written:
                    db_table = table.model._meta.db_table
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                        [connection.ops.quote_name(db_table), table.next_id - 1],
                    )

    def counts(self) -> dict[str, int]:
        return {t.model._meta.label: t.written for t in self.tables.values()}
