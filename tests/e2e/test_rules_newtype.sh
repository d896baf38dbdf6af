#!/usr/bin/env bash
# A user adds a relation type without touching the shipped rules: a second
# rule directory declares `reltype supplier directed` and one rule; extract
# with `--rules rules --rules DIR` finds supplier relations (source and
# target the right way round) in the relations file and the GraphML, and
# `rules test rules DIR` runs the new examples beside the shipped ones
# without changing how those fare. Needs $DG_BIN and $DG_TMP (tests/e2e/run.sh).
set -eu
: "${DG_BIN:?}" "${DG_TMP:?}"
T=$DG_TMP
MY=$T/myrules
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$MY" "$T/articles"
cat > "$MY/supplier.rules" <<'RULES'
# Supply deals: supplier (source) -> customer (target).
reltype supplier directed

# Two organizations no shipped list holds.
org Korvath Cells | company | Korvath | sector=battery | country=NO
org Brennmoor Motors | company | Brennmoor | sector=auto | country=DE

define SUPPLY_VERB = (?:suppl(?:y|ies|ied|ying)|deliver(?:s|ed|ing)?)

# "Korvath Cells will supply Brennmoor Motors with ...", "Panasonic Energy supplies Toyota"
rule supplier.supplies
  type supplier
  priority 10
  trigger supply, supplies, supplied, supplying, deliver, delivers, delivered
  pattern {ORG:source} {AUX}{SUPPLY_VERB} {ORG:target}
  example Korvath Cells will supply Brennmoor Motors with battery cells from 2027. => supplier Korvath Cells -> Brennmoor Motors
  example Panasonic Energy supplies Toyota with cylindrical cells. => supplier Panasonic Energy -> Toyota
  counter Brennmoor Motors said the supply of chips to Korvath Cells was tight.
RULES

cat > "$T/articles/korvath.txt" <<'TXT'
Korvath Cells will supply Brennmoor Motors with solid-state battery cells from 2027, the companies said on Tuesday. The Norwegian startup plans a second plant near Trondheim.
TXT
cat > "$T/articles/panasonic.txt" <<'TXT'
Panasonic Energy supplies Toyota with cylindrical battery cells for its hybrid models. Analysts said supply from Japan remained tight.
TXT

"$DG_BIN" extract -q --rules rules --rules "$MY" --relations "$T/rels.jsonl" \
    --graphml "$T/g.graphml" "$T/articles" || fail "extract exited $?"
[ -s "$T/rels.jsonl" ] || fail "no relations written"
[ -s "$T/g.graphml" ] || fail "no GraphML written"

/usr/bin/python3 - "$T/rels.jsonl" "$T/g.graphml" <<'PY' || fail "relations or GraphML"
import json, sys
import xml.etree.ElementTree as ET

rels = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
sup = [r for r in rels if r["type"] == "supplier"]
got = sorted((r["source"], r["target"]) for r in sup)
want = [("Korvath Cells", "Brennmoor Motors"), ("Panasonic Energy", "Toyota")]
assert got == want, f"supplier relations {got}, want {want}"
for r in sup:
    assert r["parties"] == [r["source"], r["target"]], r
    assert r["rule"] == "supplier.supplies", r
    assert r["status"] == "announced", r
    assert "supply" in r["sentence"] or "supplies" in r["sentence"], r

ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(sys.argv[2]).getroot()
keys = {k.get("id"): k.get("attr.name") for k in root.findall("g:key", ns)}
graph = root.find("g:graph", ns)
label = {}
for n in graph.findall("g:node", ns):
    for d in n.findall("g:data", ns):
        if keys.get(d.get("key")) == "label":
            label[n.get("id")] = d.text
edges = []
for e in graph.findall("g:edge", ns):
    attrs = {keys.get(d.get("key")): d.text for d in e.findall("g:data", ns)}
    edges.append((label[e.get("source")], label[e.get("target")], attrs.get("relation")))
for s, t in want:
    assert (s, t, "supplier") in edges, f"no supplier edge {s} -> {t} in {edges}"
    assert (t, s, "supplier") not in edges, f"reversed supplier edge {t} -> {s}"
PY

# The new examples pass with the whole rule set loaded, and the shipped
# examples fare exactly as they do without the new directory (a new rule
# that stole their sentences would show here).
set +e
base=$("$DG_BIN" rules test rules); base_rc=$?
mine=$("$DG_BIN" rules test rules "$MY"); mine_rc=$?
set -e
[ "$mine_rc" = "$base_rc" ] || fail "rules test exit $mine_rc with $MY, $base_rc without:
$mine"
[ "$mine_rc" != 2 ] || fail "the rules did not load"
if printf '%s\n' "$mine" | grep -F "$MY/"; then
    fail "an example of $MY failed"
fi
counts() { printf '%s\n' "$1" | sed -n 's/^rules test: \([0-9]*\) examples\{0,1\} passed, \([0-9]*\) failed$/\1 \2/p'; }
read -r bp bf <<< "$(counts "$base")"
read -r mp mf <<< "$(counts "$mine")"
[ -n "${bp:-}" ] && [ -n "${mp:-}" ] || fail "no summary line: $mine"
[ "$mp" = $((bp + 3)) ] || fail "passed $mp with $MY, $bp without: the 3 new examples did not all pass"
[ "$mf" = "$bf" ] || fail "failed $mf with $MY, $bf without"

# Alone, the directory does not load: {AUX} comes from rules/base.rules.
set +e
out=$("$DG_BIN" rules check "$MY"); rc=$?
set -e
[ "$rc" = 2 ] || fail "rules check of $MY alone exited $rc"
printf '%s\n' "$out" | grep -qxF "$MY/supplier.rules:15:24: error: rule supplier.supplies: unknown macro or slot 'AUX'" \
    || fail "no error at the {AUX} of the pattern: $out"
exit 0
