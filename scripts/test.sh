#!/usr/bin/env bash
# The whole test suite, in two passes:
#   1. the embedded defaults (SQLite, Celery tasks in-process);
#   2. the real services: PostgreSQL and a Celery worker consuming from Redis. Tests marked
#      `services` run only here and fail (never skip) when either service is unreachable.
#      Tests marked `browser` (a real Chromium against the live server) run only in pass 1:
#      they test what the browser is sent and does with it, which does not depend on the
#      database, and each starts a live server on a flushed transactional database, the
#      slowest kind of test; running them on PostgreSQL as well would double that cost for
#      nothing new. Tests marked `postgres_pass` (the schema fuzzing, minutes long) run only in
#      pass 2, on the production database, for the same reason.
# Override the service addresses with TEST_DATABASE_URL / TEST_REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/pytest"

# Both passes always run, side by side (one core each: the suite is mostly single-threaded
# Python); each one's output is kept and shown whole when it ends. The script fails if either did.
LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT

env -u DATABASE_URL -u REDIS_URL "$PYTEST" -m "not services and not postgres_pass" --durations=30 "$@" > "$LOGS/sqlite.log" 2>&1 &
first_pid=$!

# Tests marked `sqlite_only` make their own SQLite database whatever DATABASE_URL says: pass 1
# runs them.
DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cppcc}" \
REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}" \
  "$PYTEST" -m "not sqlite_only and not browser" --durations=30 "$@" > "$LOGS/services.log" 2>&1 &
second_pid=$!

first=0
wait "$first_pid" || first=$?
echo "==> Pass 1/2: SQLite, tasks in-process"
cat "$LOGS/sqlite.log"
second=0
wait "$second_pid" || second=$?
echo "==> Pass 2/2: PostgreSQL + Celery worker on Redis"
cat "$LOGS/services.log"

echo "==> SQLite pass exit code: $first; PostgreSQL + Redis pass exit code: $second"
exit $(( first != 0 ? first : second ))
