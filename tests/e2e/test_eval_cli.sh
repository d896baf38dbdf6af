#!/usr/bin/env bash
# A user scores an extraction with `dealgraph eval`: the table carries 95%
# intervals from the bootstrap over documents, the same run twice gives the
# same intervals, --resamples 0 drops them, the JSON holds them as [lo, hi],
# and a bad --resamples is a usage error naming the value.
# Needs $DG_BIN and $DG_TMP (tests/e2e/run.sh).
set -eu
: "${DG_BIN:?}" "${DG_TMP:?}"
T=$DG_TMP
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$T/articles"
# Three articles: two the rules read right, one they cannot (no verb they know).
cat > "$T/articles/a1.txt" <<'TXT'
---
id: a1
title: Microsoft buys Activision
date: 2023-10-13
---
Microsoft completed its acquisition of Activision Blizzard for $69 billion on Friday.
TXT
cat > "$T/articles/a2.txt" <<'TXT'
---
id: a2
title: Nvidia and Mistral
date: 2024-06-11
---
Nvidia invested $100 million in Mistral AI, the Paris-based startup said.
TXT
cat > "$T/articles/a3.txt" <<'TXT'
---
id: a3
title: Sony and Honda
date: 2022-03-04
---
Sony and Honda are now, in effect, co-owners of an electric car effort.
TXT
cat > "$T/gold.jsonl" <<'JSON'
{"doc":"a1","split":"test","orgs":["Microsoft","Activision Blizzard"],"relations":[{"type":"acquisition","source":"Microsoft","target":"Activision Blizzard","status":"completed","amount":69000000000,"currency":"USD","round":null,"stake_percent":null}]}
{"doc":"a2","split":"test","orgs":["Nvidia","Mistral AI"],"relations":[{"type":"investment","source":"Nvidia","target":"Mistral AI","status":"announced","amount":100000000,"currency":"USD","round":null,"stake_percent":null}]}
{"doc":"a3","split":"test","orgs":["Sony","Honda"],"relations":[{"type":"partnership","parties":["Sony","Honda"],"status":"announced"}]}
JSON
"$DG_BIN" extract --quiet --relations "$T/rel.jsonl" "$T/articles"
"$DG_BIN" eval --gold "$T/gold.jsonl" --split test "$T/rel.jsonl" > "$T/out1.txt"
"$DG_BIN" eval --gold "$T/gold.jsonl" --split test "$T/rel.jsonl" > "$T/out2.txt"
grep -q 'P 95%' "$T/out1.txt" || fail "no interval column: $(cat "$T/out1.txt")"
grep -q '^95%: central 95% of 1000 resamples' "$T/out1.txt" || fail "no interval legend"
# all relations: 2 of 3 found, so some draws miss one and F1 varies
grep -E '^all relations .* [0-9.]+-1\.000 *$' "$T/out1.txt" > /dev/null ||
    fail "all-relations F1 interval should reach 1.000: $(grep '^all' "$T/out1.txt")"
cmp -s "$T/out1.txt" "$T/out2.txt" || fail "two runs gave different intervals"
"$DG_BIN" eval --resamples 0 --gold "$T/gold.jsonl" --split test "$T/rel.jsonl" > "$T/out0.txt"
grep -q 'resamples of the documents' "$T/out0.txt" && fail "--resamples 0 still prints intervals"
"$DG_BIN" eval --json --resamples 200 --gold "$T/gold.jsonl" --split test "$T/rel.jsonl" > "$T/out.json"
grep -q '"resamples":200' "$T/out.json" || fail "JSON lacks resamples: $(cat "$T/out.json")"
grep -Eq '"f1_ci":\[[0-9.e-]+,[0-9.e-]+\]' "$T/out.json" || fail "JSON lacks f1_ci"
set +e
"$DG_BIN" eval --resamples lots --gold "$T/gold.jsonl" "$T/rel.jsonl" > /dev/null 2> "$T/err.txt"
rc=$?
set -e
[ "$rc" = 2 ] || fail "bad --resamples exit $rc, want 2"
grep -q "'lots'" "$T/err.txt" || fail "the error does not name the value: $(cat "$T/err.txt")"
echo ok
