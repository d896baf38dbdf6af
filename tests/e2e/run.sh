#!/usr/bin/env bash
# Runs every tests/e2e/test_*.sh with DG_BIN (the CLI) and DG_TMP (a fresh
# temporary directory, removed afterwards) from the repository root. Prints
# one PASS or FAIL line per script and a summary; exits 1 when any failed.
set -u
cd "$(dirname "$0")/../.."
: "${DG_BIN:?DG_BIN must name the dealgraph binary}"
export DG_BIN
pass=0 fail=0
for t in tests/e2e/test_*.sh; do
    [ -e "$t" ] || continue
    DG_TMP=$(mktemp -d) || exit 1
    export DG_TMP
    if out=$(bash "$t" 2>&1); then
        pass=$((pass + 1)); echo "PASS $t"
    else
        fail=$((fail + 1)); echo "FAIL $t"; printf '%s\n' "$out" | sed 's/^/    /' | tail -40
    fi
    rm -rf "$DG_TMP"
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
