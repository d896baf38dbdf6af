#!/usr/bin/env bash
# Extracting the corpus in two shards and merging the relations files with
# `dealgraph graph` gives the same GraphML, byte for byte, as one extraction
# over the whole corpus; the corpus graph in every format reads back in
# networkx and python-igraph with every attribute typed. Needs $DG_BIN,
# $DG_TMP and corpus/articles/.
set -eu
: "${DG_BIN:?}" "${DG_TMP:?}"
T=$DG_TMP
fail() { echo "FAIL: $*" >&2; exit 1; }

[ -d corpus/articles ] || fail "corpus/articles/ is missing"
mkdir -p "$T/all" "$T/half1" "$T/half2"
mapfile -t files < <(find corpus/articles -maxdepth 1 -type f | LC_ALL=C sort)
n=${#files[@]}
[ "$n" -ge 2 ] || fail "corpus/articles/ holds $n files; need at least 2"
for i in "${!files[@]}"; do
    cp "${files[$i]}" "$T/all/"
    if [ "$i" -lt $((n / 2)) ]; then cp "${files[$i]}" "$T/half1/"; else cp "${files[$i]}" "$T/half2/"; fi
done

# Exit 1 (some documents skipped) still wrote the outputs; 2 and 3 did not.
run() { "$DG_BIN" "$@" || { rc=$?; [ "$rc" = 1 ] || fail "$* exited $rc"; }; }
run extract -q --relations "$T/all.jsonl" "$T/all"
run extract -q --relations "$T/half1.jsonl" "$T/half1"
run extract -q --relations "$T/half2.jsonl" "$T/half2"
[ -s "$T/all.jsonl" ] || fail "no relations extracted from the corpus"

run graph -q --graphml "$T/single.graphml" "$T/all.jsonl"
run graph -q --graphml "$T/merged.graphml" "$T/half2.jsonl" "$T/half1.jsonl"
cmp "$T/single.graphml" "$T/merged.graphml" || fail "shards merged differ from one run"
grep -q '<edge ' "$T/single.graphml" || fail "the graph has no edges"
echo "graph shards: ok ($n articles, $(grep -c '<edge ' "$T/single.graphml") edges)"

# The whole corpus graph, read back by the tools users open it with.
run graph -q --graphml "$T/c.graphml" --json "$T/c.json" --gexf "$T/c.gexf" \
    --csv "$T/c.nodes.csv" "$T/all.jsonl"
/usr/bin/python3 tests/graph/readback.py "$T/c.graphml" "$T/c.json" "$T/c.gexf" "$T/c.nodes.csv" \
    || fail "corpus graph readback"
echo "corpus graph readback: ok"
