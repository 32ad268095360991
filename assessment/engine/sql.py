"""The few SQL shapes the ORM cannot write, kept portable between SQLite and PostgreSQL.

``INSERT … SELECT`` and ``UPDATE … FROM (window query)`` let the engine move a whole committee's
rows in one statement each, so the number of statements never depends on the number of members.
The SELECT parts are ordinary querysets; only the wrapping statement is written here.
"""

from __future__ import annotations

from django.db import connection, models
from django.db.models import Expression, Func, QuerySet


def insert_from_select(
    model: type[models.Model],
    columns: dict[str, str],
    queryset: QuerySet,
    computed: dict[str, Expression] | None = None,
):
    """``INSERT INTO model (columns) SELECT …`` from a ``values()`` queryset.

    ``columns`` maps each target column to the name of the queryset's value that fills it. The
    queryset is wrapped in a derived table and its values are picked by alias, so their order in
    Django's SELECT does not matter. Its order is dropped: rows have none in a table, and a
    model's default ordering would join the tables it sorts by for every row.

    ``computed`` fills more columns with expressions written for ``model`` itself (over the
    columns above), evaluated on each row as it is inserted: the derived table is named after
    the model's table and its values after the columns they fill, so the expressions compile as
    they would in an ``update()`` — and the rows need no second pass.
    """
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    sql, params = queryset.order_by().query.sql_with_params()
    if not computed:
        targets = ", ".join(qn(column) for column in columns)
        sources = ", ".join(f"s.{qn(alias)}" for alias in columns.values())
        # Identifiers come from the model, quoted; the SELECT is a queryset's SQL with its params.
        statement = f"INSERT INTO {table} ({targets}) SELECT {sources} FROM ({sql}) s"  # nosec B608
    else:
        query = model._base_manager.all().query
        compiler = query.get_compiler(connection=connection)
        expressions, expression_params = [], []
        for expression in computed.values():
            expression_sql, values = compiler.compile(
                expression.resolve_expression(query, allow_joins=False)
            )
            expressions.append(expression_sql)
            expression_params.extend(values)
        renamed = ", ".join(f"s.{qn(alias)} AS {qn(column)}" for column, alias in columns.items())
        targets = ", ".join(qn(column) for column in [*columns, *computed])
        sources = ", ".join([*(f"{table}.{qn(column)}" for column in columns), *expressions])
        statement = (
            f"INSERT INTO {table} ({targets}) SELECT {sources} "  # nosec B608: as above
            f"FROM (SELECT {renamed} FROM ({sql}) s) {table}"
        )
        # The expressions come first in the statement, so their parameters do too.
        params = (*expression_params, *params)
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
