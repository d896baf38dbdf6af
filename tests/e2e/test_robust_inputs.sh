#!/usr/bin/env bash
# Hostile inputs: the extractor must skip what it cannot read, name each bad
# file (and line, for JSON Lines), account for every document in its summary,
# exit 1 when something was skipped and 0 when nothing was, and still extract
# the good documents of the same run. See docs/robustness.md.
#
# Run by tests/e2e/run.sh from the repository root with DG_BIN (the CLI) and
# DG_TMP (a scratch directory). DG_BIG_MB sets the size of the single-line
# document (default 200).
set -u
: "${DG_BIN:?DG_BIN must name the dealgraph binary}" "${DG_TMP:?DG_TMP must name a directory}"
BIG_MB=${DG_BIG_MB:-200}
GOOD="Microsoft and OpenAI announced a partnership on Monday."
GOOD_JSONL="Sony and Honda formed a joint venture to build electric cars."
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
pass() { echo "ok: $*"; }

# extract ARGS...: runs the CLI into $DG_TMP/rel.jsonl and $DG_TMP/g.graphml;
# sets rc, stderr in $DG_TMP/err.
extract() {
    rm -f "$DG_TMP/rel.jsonl" "$DG_TMP/g.graphml"
    "$DG_BIN" extract -j 2 --relations "$DG_TMP/rel.jsonl" --graphml "$DG_TMP/g.graphml" \
        "$@" >"$DG_TMP/out" 2>"$DG_TMP/err"
    rc=$?
}

show_err() { sed 's/^/    | /' "$DG_TMP/err" | head -60; }

# summary: sets nread, nextracted, nskipped from the "N documents read: M
# extracted ..., K skipped" line (the format of src/cli/cmd_extract.c).
summary() {
    local line
    line=$(grep -E '^dealgraph: [0-9]+ documents? read: [0-9]+ extracted' "$DG_TMP/err" | tail -1)
    if [ -z "$line" ]; then
        nread=-1 nextracted=-1 nskipped=-1
        return 1
    fi
    nread=$(printf '%s\n' "$line" | sed -E 's/^dealgraph: ([0-9]+) documents? read.*/\1/')
    nextracted=$(printf '%s\n' "$line" | sed -E 's/.* read: ([0-9]+) extracted.*/\1/')
    nskipped=$(printf '%s\n' "$line" | sed -E 's/.*, ([0-9]+) skipped.*/\1/')
}

# expect_named PATTERN WHAT: stderr must mention PATTERN (fixed string).
expect_named() {
    if grep -qF -- "$1" "$DG_TMP/err"; then
        pass "stderr names $2"
    else
        fail "stderr does not name $2 ($1)"
    fi
}

# ---------------------------------------------------------------- inputs
IN=$DG_TMP/in
mkdir -p "$IN/sub"
printf '%s\n' "$GOOD" >"$IN/a_good.txt"
# Invalid and overlong UTF-8, a CESU-8 surrogate and a truncated sequence in
# otherwise good text: repaired, never skipped.
printf 'Nestl\xe9 and L\xc0\xafOr\xe9al formed a joint venture \xed\xa0\x80 in Paris.\nToyota\x92s plan \xf0\x9f\x98\n' >"$IN/bad_utf8.txt"
# A few NUL bytes in a long text (well under the binary threshold).
{
    printf 'SoftBank Group Corp. said on Tuesday that it sold part of its stake in Arm\0Holdings to fund new investments in artificial intelligence startups.'
    printf ' The company did not say how many shares it sold.\0 Analysts said the sale was'
    printf ' expected and that SoftBank would keep a majority of the chip designer for now.\n'
    printf 'Shares of Arm fell 3 percent in New York after the announcement on Tuesday.\n'
} >"$IN/nul.txt"
printf '\xef\xbb\xbfNvidia Corp. agreed to buy Arm Ltd. from SoftBank Group Corp. for $40 billion.\n' >"$IN/bom.txt"
printf 'Pfizer buys Seagen\r\n\r\nPfizer Inc. agreed to acquire Seagen Inc. for $43 billion.\r\nThe deal closed in December.\r\n' >"$IN/crlf.txt"
: >"$IN/empty.txt"
printf ' \n\t\r\n   \n' >"$IN/blank.md"
cp /bin/true "$IN/true.txt"
/usr/bin/python3 - "$IN/gzip.txt" <<'EOF'
import gzip, random, sys
random.seed(7)
words = "Microsoft OpenAI Nvidia Arm SoftBank invested acquired partnership billion deal".split()
text = " ".join(random.choice(words) for _ in range(20000)).encode()
with open(sys.argv[1], "wb") as f:
    f.write(gzip.compress(text, 9, mtime=0))
EOF
ln -s loop.txt "$IN/loop.txt"      # a symlink to itself: ELOOP
ln -s .. "$IN/sub/up"              # a directory cycle
printf 'not an article\n' >"$IN/ignored.bin" # not .txt/.md/.jsonl: not read at all
noperm=0
if [ "$(id -u)" != 0 ]; then
    printf '%s\n' "$GOOD" >"$IN/noperm.txt"
    chmod 000 "$IN/noperm.txt"
    noperm=1
fi
# JSON Lines: one good record, then every kind of bad one. Line numbers are
# asserted below; blank lines are not records and are not counted.
J=$IN/sub/records.jsonl
{
    printf '{"id":"j1","title":"Sony and Honda","date":"2022-03-04","text":"%s"}\n' "$GOOD_JSONL" # 1 good
    printf '{"id":"j2","text":"Oracle agreed to buy Cer\n'                                          # 2 truncated
    printf 'this is not JSON\n'                                                                     # 3 malformed
    printf '[1, 2, 3]\n'                                                                            # 4 not an object
    printf '{"id":"j5","title":"no text here"}\n'                                                   # 5 no text
    printf '{"id":"j6","text":42}\n'                                                                # 6 wrong type
    printf '{"id":"j7","text":"ok","meta":%s%s}\n' "$(head -c 100000 /dev/zero | tr '\0' '[')" \
        "$(head -c 100000 /dev/zero | tr '\0' ']')"                                                 # 7 too deep
    printf '\n'                                                                                     # 8 blank
    printf '{"id":["x"],"date":20240101,"title":{"a":1},"text":"Intel and Mobileye expanded their partnership."}\r\n' # 9 odd types, CRLF
    printf '{"id":"j10","text":"   "}\n'                                                            # 10 blank text
    printf '{"id":"j11","text":"the end"'                                                           # 11 truncated, no newline
} >"$J"

# ----------------------------------------------------------- the mixed run
extract "$IN"
if [ "$rc" = 1 ]; then pass "exit 1 when documents were skipped"; else
    fail "exit status $rc with skipped documents, want 1"; show_err; fi
if summary; then
    # read = good text files (a_good, bad_utf8, nul, bom, crlf) + empty,
    # blank, true, gzip, loop, up (+ noperm) + 10 JSONL records (the blank
    # line is not a record).
    want_read=$((5 + 6 + noperm + 10))
    want_skipped=$((6 + noperm + 8))
    want_extracted=$((5 + 2))
    [ "$nread" = "$want_read" ] && pass "summary: $nread documents read" ||
        fail "summary says $nread documents read, want $want_read"
    [ "$nskipped" = "$want_skipped" ] && pass "summary: $nskipped skipped" ||
        fail "summary says $nskipped skipped, want $want_skipped"
    [ "$nextracted" = "$want_extracted" ] && pass "summary: $nextracted extracted" ||
        fail "summary says $nextracted extracted, want $want_extracted"
    [ $((nextracted + nskipped)) = "$nread" ] && pass "summary adds up" ||
        fail "summary: $nextracted extracted + $nskipped skipped != $nread read"
else
    fail "no summary line on stderr"; show_err
fi
for f in empty.txt blank.md true.txt gzip.txt loop.txt sub/up; do
    expect_named "$IN/$f" "$f"
done
[ "$noperm" = 1 ] && expect_named "$IN/noperm.txt" "noperm.txt"
[ "$noperm" = 0 ] && echo "skip: unreadable file check (running as root)"
for l in 2 3 4 5 6 7 10 11; do
    expect_named "records.jsonl:$l:" "records.jsonl line $l"
done
for f in a_good.txt bad_utf8.txt nul.txt bom.txt crlf.txt ignored.bin; do
    if grep -F -- "$IN/$f" "$DG_TMP/err" | grep -qi 'skip'; then
        fail "$f was reported as skipped"
    fi
done
grep -qF "$GOOD" "$DG_TMP/rel.jsonl" 2>/dev/null && pass "good article extracted" ||
    { fail "relations lack the good article's sentence"; show_err; }
grep -qF "$GOOD_JSONL" "$DG_TMP/rel.jsonl" 2>/dev/null && pass "good JSONL record extracted" ||
    fail "relations lack the good JSONL record's sentence"
[ -s "$DG_TMP/g.graphml" ] && grep -q '</graphml>' "$DG_TMP/g.graphml" &&
    pass "graph written although documents were skipped" || fail "graph not written"
if /usr/bin/python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    json.loads(line)
' "$DG_TMP/rel.jsonl" 2>"$DG_TMP/pyerr"; then
    pass "relations file is valid UTF-8 JSON Lines"
else
    fail "relations file is not valid JSON Lines: $(tail -1 "$DG_TMP/pyerr")"
fi
if /usr/bin/python3 -c 'import networkx, sys; networkx.read_graphml(sys.argv[1])' \
    "$DG_TMP/g.graphml" 2>"$DG_TMP/pyerr"; then
    pass "GraphML parses"
else
    fail "GraphML does not parse: $(tail -1 "$DG_TMP/pyerr")"
fi
[ "$noperm" = 1 ] && chmod 600 "$IN/noperm.txt"

# ---------------------------------------------------- nothing skipped: exit 0
extract "$IN/a_good.txt" "$IN/bad_utf8.txt" "$IN/nul.txt" "$IN/bom.txt" "$IN/crlf.txt"
if [ "$rc" = 0 ]; then pass "exit 0 when nothing was skipped"; else
    fail "exit status $rc with good (if damaged) inputs, want 0"; show_err; fi
summary && [ "$nread" = 5 ] && [ "$nextracted" = 5 ] && [ "$nskipped" = 0 ] &&
    pass "summary: 5 read, 5 extracted, 0 skipped" ||
    { fail "summary for 5 good files is wrong"; show_err; }
grep -qiE 'repaired|invalid UTF-8' "$DG_TMP/err" && pass "repaired UTF-8 is reported" ||
    fail "repaired UTF-8 is not mentioned on stderr"

# A file given by name that does not exist is a skipped input, not a crash.
extract "$IN/a_good.txt" "$IN/missing.txt"
[ "$rc" = 1 ] && pass "missing file: exit 1" || fail "missing file: exit $rc, want 1"
expect_named "$IN/missing.txt" "missing.txt"
grep -qF "$GOOD" "$DG_TMP/rel.jsonl" 2>/dev/null && pass "good file beside a missing one extracted" ||
    fail "good file beside a missing one not extracted"

# JSON Lines on standard input.
"$DG_BIN" extract --relations "$DG_TMP/rel.jsonl" - <"$J" >"$DG_TMP/out" 2>"$DG_TMP/err"
rc=$?
[ "$rc" = 1 ] && pass "stdin JSONL with bad records: exit 1" || fail "stdin JSONL: exit $rc, want 1"
expect_named "-:3:" "standard input line 3"
grep -qF "$GOOD_JSONL" "$DG_TMP/rel.jsonl" 2>/dev/null && pass "stdin good record extracted" ||
    fail "stdin good record not extracted"

# ------------------------------------------- a ${BIG_MB} MB single line
BIG=$DG_TMP/big
mkdir -p "$BIG"
sentence="The quarterly results were in line with expectations, and the shares rose slightly in early trading. "
yes "$sentence" | tr -d '\n' | head -c $((BIG_MB * 1000 * 1000)) >"$BIG/big.txt"
printf ' %s' "$GOOD" >>"$BIG/big.txt"
start=$(date +%s)
extract "$BIG"
secs=$(($(date +%s) - start))
if [ "$rc" = 0 ]; then pass "${BIG_MB} MB single line: exit 0 in ${secs}s"; else
    fail "${BIG_MB} MB single line: exit $rc"; show_err; fi
grep -qF "$GOOD" "$DG_TMP/rel.jsonl" 2>/dev/null &&
    pass "${BIG_MB} MB single line: the relation at its end is found" ||
    fail "${BIG_MB} MB single line: the relation at its end is missing"
rm -rf "$BIG"

echo "test_robust_inputs: $failures failure(s)"
[ "$failures" = 0 ]
