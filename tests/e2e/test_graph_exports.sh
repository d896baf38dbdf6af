#!/usr/bin/env bash
# `dealgraph graph` writes every format from a hand-written relations file;
# the files read back in networkx and python-igraph with typed attributes,
# the GraphML does not depend on record order, and a bad line is reported
# as FILE:LINE with exit status 1. Needs $DG_BIN and $DG_TMP (tests/e2e/run.sh).
set -eu
: "${DG_BIN:?}" "${DG_TMP:?}"
T=$DG_TMP
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$T/relations.jsonl" <<'JSONL'
{"doc":"reuters-2024-03-01-deepmind-a24","date":"2024-03-01","type":"partnership","status":"announced","parties":["Google DeepMind","A24"],"source":null,"target":null,"sentence":"Google DeepMind and A24 announced a partnership to explore generative video tools for independent film.","start":0,"end":104,"rule":"partnership.and_announced","party_types":["company","company"],"party_parents":["Alphabet",null]}
{"doc":"variety-2024-03-02-a24","date":"2024-03-02","type":"partnership","status":"announced","parties":["A24","Google DeepMind"],"source":null,"target":null,"sentence":"A24 said it is partnering with Google DeepMind.","start":10,"end":57,"rule":"partnership.partnering_with","party_types":["company","company"],"party_parents":[null,"Alphabet"]}
{"doc":"bloomberg-2024-05-10-alphabet-a24","date":"2024-05-10","type":"investment","status":"completed","parties":["Alphabet","A24"],"source":"Alphabet","target":"A24","amount":75000000,"currency":"USD","round":"strategic","sentence":"Alphabet invested $75 million in A24, the studio said on Friday.","start":0,"end":64,"rule":"investment.invested_in","party_types":["company","company"],"party_parents":[null,null]}
{"doc":"ft-2024-04-02-alphabet-a24","date":"2024-04-02","type":"investment","status":"rumored","parties":["Alphabet","A24"],"source":"Alphabet","target":"A24","amount":70000000,"currency":"USD","sentence":"Alphabet is said to be in talks to invest about $70 million in A24, people familiar with the matter said.","start":0,"end":99,"rule":"investment.in_talks","party_types":["company","company"],"party_parents":[null,null]}
{"doc":"wsj-2023-01-23-microsoft-openai","date":"2023-01-23","type":"investment","status":"announced","parties":["Microsoft","OpenAI"],"source":"Microsoft","target":"OpenAI","amount":10000000000,"currency":"USD","round":"strategic","sentence":"Microsoft said it would invest $10 billion in OpenAI, the maker of \"ChatGPT\".","start":0,"end":80,"rule":"investment.will_invest","party_types":["company","company"],"party_parents":[null,null]}
{"doc":"cnbc-2023-01-24-microsoft-openai","date":"2023-01-24","type":"partnership","status":"announced","parties":["Microsoft","OpenAI"],"source":null,"target":null,"sentence":"Microsoft and OpenAI extend their partnership, the companies said in a joint statement.","start":0,"end":88,"rule":"partnership.extend","party_types":["company","company"],"party_parents":[null,null]}
{"doc":"techcrunch-2024-06-01-consortium","date":"2024-06-01","type":"partnership","status":"planned","parties":["Microsoft","Nvidia","OpenAI"],"source":null,"target":null,"sentence":"Microsoft, Nvidia and OpenAI plan a joint AI infrastructure venture.","start":0,"end":70,"rule":"partnership.plan_joint","party_types":["company","company","company"],"party_parents":[null,null,null]}
{"doc":"lesechos-2024-02-12-mistral","date":"2024-02-12","type":"investment","status":"completed","parties":["Microsoft","Mistral AI"],"source":"Microsoft","target":"Mistral AI","amount":15000000,"currency":"EUR","sentence":"Microsoft a investi 15 millions d'euros dans Mistral AI & ses modèles <open-weight>.","start":0,"end":90,"rule":"investment.invested_in","party_types":["company","company"],"party_parents":[null,null]}
JSONL

"$DG_BIN" graph -q --graphml "$T/g.graphml" --json "$T/g.json" --csv "$T/g.nodes.csv" \
    --dot "$T/g.dot" --gexf "$T/g.gexf" --output "$T/out.data" --format json \
    "$T/relations.jsonl" || fail "graph exited $?"
for f in g.graphml g.json g.nodes.csv g.edges.csv g.dot g.gexf out.data; do
    [ -s "$T/$f" ] || fail "$f not written"
done
cmp -s "$T/g.json" "$T/out.data" || fail "--output with --format json differs from --json"
ls "$T" | grep -q '\.tmp\.' && fail "a temporary file was left behind"
grep -q 'attr.name="weight" attr.type="long"' "$T/g.graphml" || fail "weight is not declared long"
grep -q '"Google DeepMind" -> "A24" \[\|"A24" -> "Google DeepMind" \[' "$T/g.dot" || fail "dot edge"
grep -q 'dir=none' "$T/g.dot" || fail "partnership without dir=none in dot"
grep -q 'mode="dynamic"' "$T/g.gexf" && grep -q 'timeformat="date"' "$T/g.gexf" || fail "gexf mode"
grep -q '&amp; ses modèles &lt;open-weight&gt;' "$T/g.gexf" || fail "gexf escaping"
command -v xmllint >/dev/null && { xmllint --noout "$T/g.gexf" "$T/g.graphml" || fail "xml"; }

/usr/bin/python3 tests/graph/readback.py "$T/g.graphml" "$T/g.json" "$T/g.gexf" "$T/g.nodes.csv" \
    || fail "readback"

# Order independence: the records reversed give the same bytes.
tac "$T/relations.jsonl" > "$T/reversed.jsonl"
"$DG_BIN" graph -q --graphml "$T/r.graphml" "$T/reversed.jsonl" || fail "graph (reversed)"
cmp "$T/g.graphml" "$T/r.graphml" || fail "GraphML depends on record order"

# Split into two shard files: same bytes again.
head -n 3 "$T/relations.jsonl" > "$T/a.jsonl"
tail -n +4 "$T/relations.jsonl" > "$T/b.jsonl"
"$DG_BIN" graph -q --graphml "$T/s.graphml" "$T/b.jsonl" - < "$T/a.jsonl" || fail "graph (shards)"
cmp "$T/g.graphml" "$T/s.graphml" || fail "GraphML from shards differs"

# Rollup: Google DeepMind merges into Alphabet; filters narrow the graph.
"$DG_BIN" graph -q --rollup --json "$T/roll.json" "$T/relations.jsonl" || fail "rollup"
/usr/bin/python3 - "$T/roll.json" <<'PY' || fail "rollup content"
import json, sys
d = json.load(open(sys.argv[1]))
ids = {n["id"] for n in d["nodes"]}
assert "Google DeepMind" not in ids and "Alphabet" in ids, ids
pairs = {(l["source"], l["target"], l["relation"]) for l in d["links"]}
assert ("A24", "Alphabet", "partnership") in pairs, pairs
PY
"$DG_BIN" graph -q --type investment --status completed,announced --since 2023-06-01 \
    --json "$T/f.json" "$T/relations.jsonl" || fail "filters"
/usr/bin/python3 - "$T/f.json" <<'PY' || fail "filter content"
import json, sys
d = json.load(open(sys.argv[1]))
links = [(l["source"], l["target"], l["status"]) for l in d["links"]]
assert links == [("Alphabet", "A24", "completed"), ("Microsoft", "Mistral AI", "completed")], links
PY

# stats prints the measures
"$DG_BIN" stats -q --top 3 "$T/relations.jsonl" > "$T/stats.txt" || fail "stats"
grep -q '^vertices: 7$' "$T/stats.txt" || fail "stats vertices: $(head -2 "$T/stats.txt")"
grep -q 'top 3 by pagerank' "$T/stats.txt" || fail "stats pagerank"
grep -q 'communities' "$T/stats.txt" || fail "stats communities"

# A bad line: FILE:LINE warning, the rest still used, exit 1.
{ cat "$T/relations.jsonl"; echo '{"doc": "x", "type": "partnership"'; } > "$T/bad.jsonl"
set +e
"$DG_BIN" graph --graphml "$T/b.graphml" "$T/bad.jsonl" 2> "$T/err.txt"
rc=$?
set -e
[ "$rc" = 1 ] || fail "bad line: exit $rc, want 1"
grep -q "bad.jsonl:9: warning:" "$T/err.txt" || fail "no FILE:LINE warning: $(cat "$T/err.txt")"
cmp -s "$T/g.graphml" "$T/b.graphml" || fail "the good records did not give the same graph"

# Usage errors exit 2.
set +e
"$DG_BIN" graph --since 2024-13-01 --json "$T/x.json" "$T/relations.jsonl" 2>/dev/null; rc1=$?
"$DG_BIN" graph --status finished --json "$T/x.json" "$T/relations.jsonl" 2>/dev/null; rc2=$?
"$DG_BIN" graph "$T/relations.jsonl" 2>/dev/null; rc3=$?
set -e
[ "$rc1" = 2 ] && [ "$rc2" = 2 ] && [ "$rc3" = 2 ] || fail "usage exits $rc1 $rc2 $rc3, want 2"
echo "graph exports: ok"
