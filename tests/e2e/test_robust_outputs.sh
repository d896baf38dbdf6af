#!/usr/bin/env bash
# Output failures: a write error is an error that names the file; a failed or
# interrupted run leaves existing outputs exactly as they were and no
# temporary files behind. See docs/robustness.md.
#
# Run by tests/e2e/run.sh from the repository root with DG_BIN and DG_TMP.
# DG_SIGNAL_MB sets the size of the corpus the signal test interrupts.
set -u
: "${DG_BIN:?DG_BIN must name the dealgraph binary}" "${DG_TMP:?DG_TMP must name a directory}"
SIG_MB=${DG_SIGNAL_MB:-200}
GOOD="Microsoft and OpenAI announced a partnership on Monday."
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
pass() { echo "ok: $*"; }
show_err() { sed 's/^/    | /' "$DG_TMP/err" | head -40; }

IN=$DG_TMP/in
OUT=$DG_TMP/out
mkdir -p "$IN" "$OUT"
printf '%s\n' "$GOOD" >"$IN/a.txt"
printf 'Nvidia Corp. agreed to buy Arm from SoftBank Group Corp. for $40 billion.\n' >"$IN/b.txt"

# old_outputs: (re)writes known contents into the output files.
old_outputs() {
    printf 'OLD GRAPH\n' >"$OUT/g.graphml"
    printf '{"old": "relations"}\n' >"$OUT/rel.jsonl"
    printf '{"old": "entities"}\n' >"$OUT/ent.jsonl"
    cp "$OUT/g.graphml" "$DG_TMP/g.want"
    cp "$OUT/rel.jsonl" "$DG_TMP/rel.want"
    cp "$OUT/ent.jsonl" "$DG_TMP/ent.want"
}
# expect_old WHAT: the outputs still hold what old_outputs wrote.
expect_old() {
    local f ok=1
    for f in g.graphml rel.jsonl ent.jsonl; do
        if ! cmp -s "$OUT/$f" "$DG_TMP/${f%%.*}.want"; then
            fail "$1: $f was changed"
            ok=0
        fi
    done
    [ "$ok" = 1 ] && pass "$1: existing outputs unchanged"
}
# expect_no_tmp WHAT: no temporary output file is left anywhere.
expect_no_tmp() {
    local left
    left=$(find "$OUT" "$DG_TMP" -name '*.tmp.*' 2>/dev/null | head -5)
    if [ -n "$left" ]; then
        fail "$1: temporary files left: $left"
    else
        pass "$1: no temporary files left"
    fi
}

# ------------------------------------------------------------ /dev/full
if [ -w /dev/full ]; then
    "$DG_BIN" extract --relations /dev/full "$IN" >/dev/null 2>"$DG_TMP/err"
    rc=$?
    if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then pass "--relations /dev/full: exit $rc"; else
        fail "--relations /dev/full: exit $rc, want a failure (not 0 or 1)"; show_err; fi
    grep -qF '/dev/full' "$DG_TMP/err" && pass "--relations /dev/full: the error names it" ||
        { fail "--relations /dev/full: stderr does not name /dev/full"; show_err; }
    # The graph is written after the relations: a failed run must not
    # replace an existing graph either.
    old_outputs
    "$DG_BIN" extract --relations /dev/full --graphml "$OUT/g.graphml" "$IN" >/dev/null \
        2>"$DG_TMP/err"
    rc=$?
    [ "$rc" != 0 ] && [ "$rc" != 1 ] && pass "/dev/full with a graph: exit $rc" ||
        fail "/dev/full with a graph: exit $rc"
    cmp -s "$OUT/g.graphml" "$DG_TMP/g.want" && pass "/dev/full: existing graph unchanged" ||
        fail "/dev/full: existing graph was changed"
    expect_no_tmp "/dev/full"
    # --entities too.
    "$DG_BIN" extract --entities /dev/full "$IN" >/dev/null 2>"$DG_TMP/err"
    rc=$?
    [ "$rc" != 0 ] && [ "$rc" != 1 ] && grep -qF '/dev/full' "$DG_TMP/err" &&
        pass "--entities /dev/full fails naming it" ||
        { fail "--entities /dev/full: exit $rc"; show_err; }
else
    echo "skip: /dev/full is not writable here"
fi

# An output in a directory that does not exist: an error naming it, exit
# status a failure, nothing else touched.
old_outputs
"$DG_BIN" extract --relations "$OUT/nodir/rel.jsonl" --graphml "$OUT/g.graphml" "$IN" \
    >/dev/null 2>"$DG_TMP/err"
rc=$?
[ "$rc" != 0 ] && [ "$rc" != 1 ] && grep -qF "$OUT/nodir/rel.jsonl" "$DG_TMP/err" &&
    pass "output in a missing directory: exit $rc, named" ||
    { fail "output in a missing directory: exit $rc"; show_err; }
expect_old "output in a missing directory"

# ------------------------------------------------------- broken rule set
BAD=$DG_TMP/badrules
mkdir -p "$BAD"
cp rules/base.rules "$BAD/"
printf 'reltype partnership undirected\n\nrule broken.regex\n  type partnership\n  trigger with\n  pattern {ORG:parties} (with {ORG:parties}\n' >"$BAD/zz_bad.rules"
old_outputs
"$DG_BIN" extract --rules "$BAD" --relations "$OUT/rel.jsonl" --entities "$OUT/ent.jsonl" \
    --graphml "$OUT/g.graphml" "$IN" >/dev/null 2>"$DG_TMP/err"
rc=$?
[ "$rc" = 2 ] && pass "bad rule file: exit 2" || { fail "bad rule file: exit $rc, want 2"; show_err; }
grep -qE "zz_bad\.rules:[0-9]+(:[0-9]+)?: error" "$DG_TMP/err" &&
    pass "bad rule file: error names file and line" ||
    { fail "bad rule file: no file:line error"; show_err; }
expect_old "bad rule file"
expect_no_tmp "bad rule file"

# A good run replaces the outputs (so the checks above are not vacuous).
"$DG_BIN" extract --relations "$OUT/rel.jsonl" --graphml "$OUT/g.graphml" "$IN" \
    >/dev/null 2>"$DG_TMP/err"
rc=$?
[ "$rc" = 0 ] && ! cmp -s "$OUT/rel.jsonl" "$DG_TMP/rel.want" && grep -q '"type"' "$OUT/rel.jsonl" &&
    grep -q '</graphml>' "$OUT/g.graphml" &&
    pass "a good run replaces the outputs" || { fail "good run: exit $rc"; show_err; }
expect_no_tmp "good run"

# ------------------------------------------------------- SIGINT, SIGTERM
# A corpus big enough that the run is still going when the signal comes:
# the signal is sent as soon as the temporary output exists, which the CLI
# creates before it reads the first document.
BIG=$DG_TMP/big
mkdir -p "$BIG"
sentence="The quarterly results were in line with expectations, and the shares rose slightly in early trading. "
yes "$sentence" | tr -d '\n' | head -c $((SIG_MB * 1000 * 1000)) >"$BIG/big.txt"
printf ' %s\n' "$GOOD" >>"$BIG/big.txt"
cp "$IN/a.txt" "$BIG/a.txt"

# Without job control a background job ignores SIGINT; with it, the CLI
# gets the signal as an interactive Ctrl-C would deliver it.
set -m
for sig in INT TERM; do
    old_outputs
    "$DG_BIN" extract --relations "$OUT/rel.jsonl" --entities "$OUT/ent.jsonl" \
        --graphml "$OUT/g.graphml" "$BIG" >/dev/null 2>"$DG_TMP/err" &
    pid=$!
    seen=0
    for _ in $(seq 1 600); do # up to 60 s for the rules to load
        if ls "$OUT" | grep -q '\.tmp\.'; then
            seen=1
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ "$seen" = 0 ]; then
        wait "$pid"
        echo "skip: SIG$sig: the run ended (status $?) before its temporary output appeared"
        continue
    fi
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    if [ "$rc" -ge 128 ]; then pass "SIG$sig: the run stopped (status $rc)"; else
        # It may have finished between the check and the signal.
        echo "note: SIG$sig: the run ended with status $rc before the signal"
    fi
    if [ "$rc" -ge 128 ]; then
        expect_old "SIG$sig"
    fi
    expect_no_tmp "SIG$sig"
done
set +m
rm -rf "$BIG"

echo "test_robust_outputs: $failures failure(s)"
[ "$failures" = 0 ]
