"""Database triggers that keep every reference inside one committee.

A check constraint cannot look at another table, so "a co-signer must belong to the proposal's
committee" is enforced by a trigger. A model opts in by declaring pairs of fields whose committees
must agree::

    class ProposalCoSigner(models.Model):
        committee_guards = (("proposal", "member"),)

Each field is either a foreign key to ``Committee`` itself or a foreign key to a model that has a
``committee`` foreign key. Null references are not checked (optional links). Services validate the
same rule first with a message in the user's language; the trigger is the last line of defence
against any code path that forgets to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.db import connections, models

from .models import Committee

ERROR_PREFIX = "cross_committee_reference"


@dataclass(frozen=True)
class Guard:
    table: str
    left_column: str
    left_expr: str
    right_column: str
    right_expr: str

    @property
    def name(self) -> str:
        digest = hashlib.sha1(
            f"{self.left_column}:{self.right_column}".encode(), usedforsecurity=False
        ).hexdigest()[:8]
        return f"cg_{self.table[:45]}_{digest}"

    @property
    def message(self) -> str:
        return f"{ERROR_PREFIX}: {self.table}.{self.left_column} / {self.right_column}"


def _committee_expr(model: type[models.Model], field_name: str, qn) -> tuple[str, str]:
    """Return (column, SQL expression giving that reference's committee id) for a field."""
    field = model._meta.get_field(field_name)
    column = field.column
    target = field.related_model
    if target is Committee:
        return column, f"NEW.{qn(column)}"
    committee_column = target._meta.get_field("committee").column
    return column, (
        f"(SELECT {qn(committee_column)} FROM {qn(target._meta.db_table)} "  # nosec B608: trigger DDL from model metadata (columns, tables), no outside input
        f"WHERE {qn(target._meta.pk.column)} = NEW.{qn(column)})"
    )


def collect_guards(qn=lambda s: f'"{s}"') -> list[Guard]:
    guards = []
    for model in apps.get_models():
        for left, right in getattr(model, "committee_guards", ()):
            left_column, left_expr = _committee_expr(model, left, qn)
            right_column, right_expr = _committee_expr(model, right, qn)
            guards.append(
                Guard(model._meta.db_table, left_column, left_expr, right_column, right_expr)
            )
    return guards


def _sqlite_statements(guard: Guard) -> list[str]:
    statements = []
    for event in ("INSERT", "UPDATE"):
        trigger = f"{guard.name}_{event.lower()}"
        statements += [
            f'DROP TRIGGER IF EXISTS "{trigger}"',
            f'CREATE TRIGGER "{trigger}" BEFORE {event} ON "{guard.table}" '
            f'WHEN NEW."{guard.left_column}" IS NOT NULL AND NEW."{guard.right_column}" IS NOT NULL '
            f"AND {guard.left_expr} IS NOT {guard.right_expr} "
            f"BEGIN SELECT RAISE(ABORT, '{guard.message}'); END",
        ]
    return statements


def _postgresql_statements(guard: Guard) -> list[str]:
    # ERRCODE 23514 (check_violation) surfaces as django.db.IntegrityError.
    return [
        f"""CREATE OR REPLACE FUNCTION "{guard.name}"() RETURNS trigger AS $$
BEGIN
  IF NEW."{guard.left_column}" IS NOT NULL AND NEW."{guard.right_column}" IS NOT NULL
     AND {guard.left_expr} IS DISTINCT FROM {guard.right_expr} THEN
    RAISE EXCEPTION '{guard.message}' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql""",
        f'DROP TRIGGER IF EXISTS "{guard.name}" ON "{guard.table}"',
        f'CREATE TRIGGER "{guard.name}" BEFORE INSERT OR UPDATE ON "{guard.table}" '
        f'FOR EACH ROW EXECUTE FUNCTION "{guard.name}"()',
    ]


def install_guards(using: str = "default", **kwargs) -> None:
    connection = connections[using]
    builders = {"sqlite": _sqlite_statements, "postgresql": _postgresql_statements}
    build = builders.get(connection.vendor)
    if build is None:
        raise NotImplementedError(f"No committee guards for database vendor {connection.vendor}")
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for guard in collect_guards():
            if guard.table in existing:
                for statement in build(guard):
                    cursor.execute(statement)


def drop_sqlite_triggers(using: str = "default", **kwargs) -> None:
    """Before migrating a SQLite database, drop every trigger; post_migrate installs them again.

    SQLite applies most schema changes by rebuilding a table (create, copy, drop, rename). A
    trigger on another table whose body reads the rebuilt table then fails the rename ("error in
    trigger …: no such table"), which would stop an upgrade of an existing database. Every trigger
    in this project is installed by a post_migrate handler (this module's guards and the rules of
    the liaison and proposals apps), and Django creates none of its own on SQLite.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
