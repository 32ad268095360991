#!/usr/bin/env bash
# Fails when a Chinese catalog is out of step with the code: `makemessages` would add or drop a
# string. (Completeness and consistency of the translations are tested in tests/test_catalogs.py.)
# Catalogs are kept without source locations, so moving code does not change them.
# Run it to regenerate the catalogs; translate what it added, commit, and run it again.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PY="$ROOT/.venv/bin/python"
APPS=(accounts committees sectors members liaison meetings proposals supervision assessment notifications evaluations reports bulletins opendata portal)

regenerate() {
  for app in "${APPS[@]}"; do
    # Without its own locale folder, makemessages would write the app's strings into the project
    # catalog (LOCALE_PATHS) and, with --no-obsolete, drop the project's own strings from it.
    mkdir -p "$app/locale"
    (cd "$app" && PYTHONPATH="$ROOT" "$PY" "$ROOT/manage.py" makemessages -l zh_Hans \
      --no-location --no-obsolete -v0)
  done
  ignores=(--ignore=.venv --ignore=tests --ignore=staticfiles)
  for app in "${APPS[@]}"; do ignores+=(--ignore="$app"); done
  "$PY" manage.py makemessages -l zh_Hans --no-location --no-obsolete -v0 "${ignores[@]}"
}

regenerate

# makemessages stamps every catalog with the time it ran. Where nothing else changed, put the
# committed stamp back, so that a passing check leaves the tree clean.
git diff --name-only -- '*.po' | while read -r po; do
  if git diff --quiet -I '^"POT-Creation-Date' -- "$po"; then git checkout -q -- "$po"; fi
done

new=$(git ls-files --others --exclude-standard -- '*.po')
if [ -n "$new" ] || ! git diff --quiet -- '*.po'; then
  echo "The catalogs are out of step with the code. Translate the new strings, commit, run again:" >&2
  git diff --stat -- '*.po' >&2
  [ -z "$new" ] || echo "New catalogs: $new" >&2
  exit 1
fi
