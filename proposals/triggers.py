"""A database trigger that keeps the first proposer out of the proposal's co-signers.

A check constraint sees one row only, and the first proposer lives on the proposal while the
co-signers live in their own table, so both sides are guarded by triggers: adding a co-signer who
is the first proposer, and changing the first proposer to someone who already co-signs. Like the
committee guards, they are reinstalled after every migrate because SQLite drops a table's
triggers when a migration rebuilds it.
"""

from django.db import connections

ERROR_MESSAGE = "cosigner_is_first_proposer"
COSIGNER_TABLE = "proposals_proposalcosigner"
PROPOSAL_TABLE = "proposals_proposal"

_COSIGNER_CLASH = (
    f'NEW."member_id" = (SELECT "first_proposer_id" FROM "{PROPOSAL_TABLE}" '  # nosec B608: trigger condition from the table-name constants above
    f'WHERE "id" = NEW."proposal_id")'
)
_PROPOSAL_CLASH = (
    f'NEW."first_proposer_id" IS NOT NULL AND EXISTS (SELECT 1 FROM "{COSIGNER_TABLE}" '  # nosec B608: trigger condition from the table-name constants above
    f'WHERE "proposal_id" = NEW."id" AND "member_id" = NEW."first_proposer_id")'
)


def _sqlite_statements() -> list[str]:
    statements = []
    for table, clash, name in (
        (COSIGNER_TABLE, _COSIGNER_CLASH, "proposal_cosigner_not_first_proposer"),
        (PROPOSAL_TABLE, _PROPOSAL_CLASH, "proposal_first_proposer_not_cosigner"),
    ):
        for event in ("INSERT", "UPDATE"):
            trigger = f"{name}_{event.lower()}"
            statements += [
                f'DROP TRIGGER IF EXISTS "{trigger}"',
                f'CREATE TRIGGER "{trigger}" BEFORE {event} ON "{table}" WHEN {clash} '
                f"BEGIN SELECT RAISE(ABORT, '{ERROR_MESSAGE}'); END",
            ]
    return statements


def _postgresql_statements() -> list[str]:
    statements = []
    for table, clash, name in (
        (COSIGNER_TABLE, _COSIGNER_CLASH, "proposal_cosigner_not_first_proposer"),
        (PROPOSAL_TABLE, _PROPOSAL_CLASH, "proposal_first_proposer_not_cosigner"),
    ):
        # ERRCODE 23514 (check_violation) surfaces as django.db.IntegrityError.
        statements += [
            f"""CREATE OR REPLACE FUNCTION "{name}"() RETURNS trigger AS $$
BEGIN
  IF {clash} THEN
    RAISE EXCEPTION '{ERROR_MESSAGE}' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql""",
            f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"',
            f'CREATE TRIGGER "{name}" BEFORE INSERT OR UPDATE ON "{table}" '
            f'FOR EACH ROW EXECUTE FUNCTION "{name}"()',
        ]
    return statements


def install_triggers(using: str = "default", **kwargs) -> None:
    connection = connections[using]
    builders = {"sqlite": _sqlite_statements, "postgresql": _postgresql_statements}
    build = builders.get(connection.vendor)
    if build is None:
        raise NotImplementedError(f"No proposal triggers for database vendor {connection.vendor}")
    existing = set(connection.introspection.table_names())
    if not {COSIGNER_TABLE, PROPOSAL_TABLE} <= existing:
        return
    with connection.cursor() as cursor:
        for statement in build():
            cursor.execute(statement)
