#!/usr/bin/env bash
# `dealgraph rules check` and `dealgraph explain` as a rule writer uses them:
# a broken directory exits 2 and names file:line:col; the shipped rules
# check clean; explain shows each organization with the list entry that
# found it, each relation with its rule id and file:line, and why a rule
# whose trigger words occur did not fire. Needs $DG_BIN and $DG_TMP
# (tests/e2e/run.sh).
set -eu
: "${DG_BIN:?}" "${DG_TMP:?}"
T=$DG_TMP
fail() { echo "FAIL: $*" >&2; exit 1; }

# ---- rules check: a broken directory
mkdir -p "$T/broken"
cat > "$T/broken/deals.rules" <<'RULES'
reltype acquisition directed

rule acquisition.snap
  type acquisition
  trigger snapped
  pattern {ORG:source} snapped up (?:rival {ORG:target}
  example Broadcom snapped up VMware. => acquisition Broadcom -> VMware
RULES
set +e
out=$("$DG_BIN" rules check "$T/broken" 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "rules check of a broken directory exited $rc: $out"
# pcre2's "missing closing parenthesis", placed on the pattern's line
printf '%s\n' "$out" | grep -qE "^$T/broken/deals.rules:6:[0-9]+: error: rule acquisition.snap: regex error: missing closing parenthesis$" \
    || fail "no file:line:col error line: $out"
printf '%s\n' "$out" | grep -qx 'rules check: 1 error, 0 warnings' || fail "summary: $out"

# an unknown statement, exactly
printf 'org Velora Robotics | company\nrelation partnership undirected\n' > "$T/broken/types.rules"
set +e
out=$("$DG_BIN" rules check "$T/broken" 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "exit $rc"
printf '%s\n' "$out" | grep -qxF "$T/broken/types.rules:2:1: error: unknown statement 'relation' (org, words, define, reltype, currency, scale, country, abbrev, rule, veto, cue, orgpattern, coref, money, percent, fact)" \
    || fail "unknown statement: $out"
printf '%s\n' "$out" | grep -qx 'rules check: 2 errors, 0 warnings' || fail "summary: $out"

# extract refuses to run on rules that do not load, and reads nothing
echo "Broadcom snapped up VMware." > "$T/a.txt"
set +e
"$DG_BIN" extract -q --rules rules --rules "$T/broken" --relations "$T/r.jsonl" "$T/a.txt" \
    2> "$T/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "extract with broken rules exited $rc"
grep -q "deals.rules:6:" "$T/err" || fail "extract did not print the rule error: $(cat "$T/err")"
[ ! -s "$T/r.jsonl" ] || fail "extract wrote relations from a broken rule set"

# ---- rules check: the shipped rules
set +e
out=$("$DG_BIN" rules check rules 2>&1); rc=$?
set -e
[ "$rc" = 0 ] || fail "rules check rules exited $rc: $out"
printf '%s\n' "$out" | tail -1 | grep -q '^rules check: .* relation types, .* examples; 0 errors' \
    || fail "summary: $out"

# ---- explain
line_of() { grep -n "$2" "$1" | head -1 | cut -d: -f1; }
vw=$(line_of rules/orgs/auto.rules '^org Volkswagen |')
rivian=$(line_of rules/orgs/auto.rules '^org Rivian |')
rule=$(line_of rules/relations/investment.rules '^rule investment.invest-in$')
[ -n "$vw" ] && [ -n "$rivian" ] && [ -n "$rule" ] || fail "shipped rules changed: update this test"

# A rule of our own whose trigger word ("supply") occurs where it cannot fire.
mkdir -p "$T/mine"
cat > "$T/mine/supplier.rules" <<'RULES'
reltype supplier directed

rule supplier.supplies
  type supplier
  trigger supply, supplies
  pattern {ORG:source} {AUX}(?:supply|supplies) {ORG:target}
  example Panasonic Energy supplies Toyota with battery cells. => supplier Panasonic Energy -> Toyota
RULES
text='Volkswagen agreed to invest $5 billion in Rivian to secure a supply of software. Rivian said supply chains were tight.'
set +e
out=$("$DG_BIN" explain --rules rules --rules "$T/mine" "$text" 2>&1); rc=$?
set -e
[ "$rc" = 0 ] || fail "explain exited $rc: $out"
has() { printf '%s\n' "$out" | grep -qxF -- "$1" || fail "explain lacks the line
  $1
in:
$out"; }
has '  org Volkswagen  "Volkswagen"  (list rules/orgs/auto.rules:'"$vw"')  subject'
has '  org Rivian  "Rivian"  (list rules/orgs/auto.rules:'"$rivian"')'
has '  masked: [ORG Volkswagen] agreed to invest [MONEY 5000000000 USD] in [ORG Rivian] to secure a supply of software.'
has '  relation investment Volkswagen -> Rivian  status planned  amount 5000000000 USD  (rule investment.invest-in, rules/relations/investment.rules:'"$rule"')'
# why not: the trigger occurs, the pattern does not match
has "    - rule supplier.supplies ($T/mine/supplier.rules:3): trigger words occur, but no pattern matched"
# why not: the trigger occurs, but there is one organization
has "    - rule supplier.supplies ($T/mine/supplier.rules:3): its trigger words occur, but it needs two organizations and the sentence names one"
has '2 sentence(s), 3 organization mention(s), 1 relation(s)'
has '  investment planned: Volkswagen -> Rivian  [rule investment.invest-in]'

# explain reads a file too, and names the cue that set the status
printf 'Toyota completed its acquisition of Aisin in March.\n' > "$T/s.txt"
out=$("$DG_BIN" explain "$T/s.txt")
printf '%s\n' "$out" | grep -q '^    cue cue.completed (rules/cues.rules:[0-9]*) sets status completed for rule acquisition.verb-noun$' \
    || fail "no cue line: $out"
# extract --profile: a TSV of rule costs, costliest first, and the same relations
printf 'Velora Robotics raised $120 million in a Series C round. The round was led by Sequoia Capital.\nToyota completed its acquisition of Aisin in March.\n' > "$T/p.txt"
"$DG_BIN" extract --quiet -j 2 --profile "$T/p.tsv" --relations "$T/p1.jsonl" "$T/p.txt"
"$DG_BIN" extract --quiet -j 2 --relations "$T/p2.jsonl" "$T/p.txt"
cmp -s "$T/p1.jsonl" "$T/p2.jsonl" || fail "profiling changed the relations"
head -n 1 "$T/p.tsv" | grep -qxP 'seconds\tshare\tsearches\tmatches\tkind\trule\tplace' || fail "profile header: $(head -n 1 "$T/p.tsv")"
grep -qP '^[0-9.]+\t[0-9.]+\t[1-9][0-9]*\t[1-9][0-9]*\trule\tacquisition\.verb-noun\trules/relations/acquisition\.rules:[0-9]+$' "$T/p.tsv" \
    || fail "no line for acquisition.verb-noun: $(cat "$T/p.tsv")"
grep -qP '\tfact\tfact\.raised\t' "$T/p.tsv" || fail "no line for fact.raised"
awk -F '\t' 'NR > 2 && $1 > prev { exit 1 } NR > 1 { prev = $1 }' "$T/p.tsv" || fail "profile not sorted by cost"
grep -q '"amount":120000000' "$T/p1.jsonl" || fail "the round's amount did not reach its lead: $(cat "$T/p1.jsonl")"
exit 0
