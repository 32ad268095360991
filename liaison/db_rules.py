"""Database rules that a unique or check constraint cannot express: no overlapping periods.

A member is in at most one liaison group on any day, and a group has at most one leader on any
day. The conditional unique constraints on the model only cover *open* periods; these rules cover
closed ones too, so ``group_on(member, day)`` always has one answer.

PostgreSQL gets exclusion constraints over date ranges (race-proof; needs ``btree_gist``, a
trusted extension any database owner may create). SQLite, which has a single writer, gets
triggers. Both are (re)installed after every migrate, like the committee guards, because SQLite
drops a table's triggers whenever a migration rebuilds the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections

TABLE = "liaison_liaisongroupmembership"


@dataclass(frozen=True)
class OverlapRule:
    name: str
    key_column: str
    #: SQL condition on the rows compared (``{row}`` is an alias prefix), or "" for every row.
    row_filter: str = ""

    def where(self, prefix: str) -> str:
        return self.row_filter.format(row=prefix)


RULES = (
    OverlapRule("liaison_membership_no_overlap", "member_id"),
    OverlapRule("liaison_membership_no_overlapping_leaders", "group_id", "{row}role = 'leader'"),
)


def _sqlite_statements(rule: OverlapRule) -> list[str]:
    statements = []
    for event in ("INSERT", "UPDATE"):
        trigger = f"{rule.name}_{event.lower()}"
        same_row = "AND m.id <> NEW.id" if event == "UPDATE" else ""
        extra = f"AND {rule.where('m.')} AND {rule.where('NEW.')}" if rule.row_filter else ""
        statements += [
            f'DROP TRIGGER IF EXISTS "{trigger}"',
            f'CREATE TRIGGER "{trigger}" BEFORE {event} ON "{TABLE}" '  # nosec B608: trigger DDL from the constants above, no outside input
            f'WHEN EXISTS (SELECT 1 FROM "{TABLE}" m WHERE m.{rule.key_column} = NEW.{rule.key_column} '
            f"{same_row} {extra} "
            f"AND m.start_date <= COALESCE(NEW.end_date, '9999-12-31') "
            f"AND COALESCE(m.end_date, '9999-12-31') >= NEW.start_date) "
            f"BEGIN SELECT RAISE(ABORT, '{rule.name}'); END",
        ]
    return statements


def _postgresql_statements(rule: OverlapRule, cursor) -> list[str]:
    cursor.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", [rule.name])
    if cursor.fetchone():
        return []
    where = f" WHERE ({rule.where('')})" if rule.row_filter else ""
    return [
        "CREATE EXTENSION IF NOT EXISTS btree_gist",
        f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{rule.name}" EXCLUDE USING gist '
        f"({rule.key_column} WITH =, daterange(start_date, end_date, '[]') WITH &&){where}",
    ]


def install_overlap_rules(using: str = "default", **kwargs) -> None:
    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for rule in RULES:
            if connection.vendor == "sqlite":
                statements = _sqlite_statements(rule)
            elif connection.vendor == "postgresql":
                statements = _postgresql_statements(rule, cursor)
            else:
                raise NotImplementedError(f"No overlap rules for {connection.vendor}")
            for statement in statements:
                cursor.execute(statement)
