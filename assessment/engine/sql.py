"""The few SQL shapes the ORM cannot write, kept portable between SQLite and PostgreSQL.

``INSERT … SELECT`` and ``UPDATE … FROM (window query)`` let the engine move a whole committee's
rows in one statement each, so the number of statements never depends on the number of members.
The SELECT parts are ordinary querysets; only the wrapping statement is written here.
"""

from __future__ import annotations

from django.db import connection, models
from django.db.models import Func, QuerySet


def insert_from_select(model: type[models.Model], columns: dict[str, str], queryset: QuerySet):
    """``INSERT INTO model (columns) SELECT …`` from a ``values()`` queryset.

    ``columns`` maps each target column to the name of the queryset's value that fills it. The
    queryset is wrapped in a derived table and its values are picked by alias, so their order in
    Django's SELECT does not matter. Its order is dropped: rows have none in a table, and a
    model's default ordering would join the tables it sorts by for every row.
    """
    qn = connection.ops.quote_name
    sql, params = queryset.order_by().query.sql_with_params()
    targets = ", ".join(qn(column) for column in columns)
    sources = ", ".join(f"s.{qn(alias)}" for alias in columns.values())
    statement = (
        f"INSERT INTO {qn(model._meta.db_table)} ({targets}) SELECT {sources} FROM ({sql}) s"  # nosec B608: identifiers from model metadata, quoted; the SELECT is a queryset's SQL with its params
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def update_from_select(
    model: type[models.Model], columns: dict[str, str], queryset: QuerySet, *, key: str = "pk"
):
    """``UPDATE model SET column = s.alias … FROM (SELECT …) s WHERE model.id = s.key``.

    Used where the new values come from window functions (ranks), which an ORM ``update()``
    cannot hold. SQLite (3.33+) and PostgreSQL both take ``UPDATE … FROM``.
    """
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    sql, params = queryset.order_by().query.sql_with_params()
    assignments = ", ".join(f"{qn(column)} = s.{qn(alias)}" for column, alias in columns.items())
    statement = (
        f"UPDATE {table} SET {assignments} FROM ({sql}) s "  # nosec B608: identifiers from model metadata, quoted; the SELECT is a queryset's SQL with its params
        f"WHERE {table}.{qn(model._meta.pk.column)} = s.{qn(key)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


class DaysBetween(Func):
    """``DaysBetween(later, earlier)``: whole days from ``earlier`` to ``later`` (an integer), on
    both databases."""

    output_field = models.IntegerField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(%(expressions)s)",
            arg_joiner="::date - ",
            **extra_context,
        )
