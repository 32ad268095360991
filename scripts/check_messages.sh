#!/usr/bin/env bash
# Fails when a Chinese catalog is out of step with the code: `makemessages` would add or drop a
# string. (Completeness and consistency of the translations are tested in tests/test_catalogs.py.)
# Catalogs are kept without source locations, so moving code does not change them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PY="$ROOT/.venv/bin/python"
APPS=(accounts committees sectors members liaison meetings proposals supervision)

regenerate() {
  for app in "${APPS[@]}"; do
    (cd "$app" && PYTHONPATH="$ROOT" "$PY" "$ROOT/manage.py" makemessages -l zh_Hans \
      --no-location --no-obsolete -v0)
  done
  ignores=(--ignore=.venv --ignore=tests --ignore=staticfiles --ignore=assessment)
  for app in "${APPS[@]}"; do ignores+=(--ignore="$app"); done
  "$PY" manage.py makemessages -l zh_Hans --no-location --no-obsolete -v0 "${ignores[@]}"
}

regenerate
if ! git diff --quiet -I '^"POT-Creation-Date' -- '*.po'; then
  echo "The catalogs are out of step with the code. Run scripts/check_messages.sh, translate, commit:" >&2
  git diff --stat -I '^"POT-Creation-Date' -- '*.po' >&2
  exit 1
fi
