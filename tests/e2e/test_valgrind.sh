#!/usr/bin/env bash
# Memory errors and definite leaks in a whole extract run (rule loading with
# the shipped rules, reading, threads, extraction, every output), under
# valgrind's memcheck. Skips when valgrind is not installed.
#
# Run by tests/e2e/run.sh from the repository root with DG_BIN and DG_TMP.
set -u
: "${DG_BIN:?DG_BIN must name the dealgraph binary}" "${DG_TMP:?DG_TMP must name a directory}"

if ! command -v valgrind >/dev/null 2>&1; then
    echo "SKIP: valgrind not installed"
    exit 0
fi
# A sanitizer build cannot run under valgrind.
if nm -an "$DG_BIN" 2>/dev/null | grep -q '__asan_init'; then
    echo "SKIP: $DG_BIN is built with AddressSanitizer"
    exit 0
fi

IN=$DG_TMP/in
mkdir -p "$IN"
# A few corpus articles when the corpus is there (sorted, so the run is the
# same every time), and always a small text of our own with damaged bytes.
n=0
if [ -d corpus/articles ]; then
    while IFS= read -r f; do
        cp "$f" "$IN/" && n=$((n + 1))
    done < <(find corpus/articles -type f \( -name '*.txt' -o -name '*.md' -o -name '*.jsonl' \) |
        LC_ALL=C sort | head -5)
fi
echo "using $n corpus file(s) and a small text"
printf '%s\n' \
    'Microsoft and OpenAI announced a partnership on Monday. Microsoft invested $10 billion in OpenAI.' \
    '' \
    'Nvidia Corp. agreed to buy Arm from SoftBank Group Corp. for $40 billion. The deal was called off in 2022.' \
    'Samsung Electronics Co., Ltd. invested 2 trillion won in Rainbow Robotics. "It is a good fit," she said.' \
    >"$IN/zz_small.txt"
printf 'Nestle\xcc\x81 S.A. bought Blue Bottle. Toyota\x92s venture with Panasonic Corp. was announced.\n' \
    >"$IN/zz_damaged.txt"
printf '{"id":"v1","text":"Sony and Honda formed a joint venture to build electric cars."}\nnot json\n' \
    >"$IN/zz_records.jsonl"

# pcre2's JIT code reads the subject 16 bytes at a time and may look past
# its end (within the same page) and at bytes it then ignores; memcheck
# reports those reads. They happen only in JIT-generated code, which has no
# object file: frames shown as "???". Suppress exactly that (top frame in
# anonymous code) and nothing else.
supp=$DG_TMP/pcre2-jit.supp
: >"$supp"
for kind in Addr1 Addr2 Addr4 Addr8 Addr16 Addr32 Cond Value1 Value2 Value4 Value8 Value16 Value32; do
    printf '{\n   pcre2-jit-%s\n   Memcheck:%s\n   obj:???\n}\n' "$kind" "$kind" >>"$supp"
done

valgrind --error-exitcode=99 --suppressions="$supp" --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --track-origins=yes --num-callers=30 \
    --log-file="$DG_TMP/vg.log" \
    "$DG_BIN" extract -j 2 --relations "$DG_TMP/rel.jsonl" --entities "$DG_TMP/ent.jsonl" \
    --graphml "$DG_TMP/g.graphml" "$IN" >"$DG_TMP/out" 2>"$DG_TMP/err"
rc=$?
if [ "$rc" = 99 ]; then
    echo "FAIL: valgrind found errors:"
    grep -E '^==[0-9]+== ' "$DG_TMP/vg.log" | head -80
    exit 1
fi
# The bad JSONL line makes the run exit 1 (skipped); anything else is wrong.
if [ "$rc" != 1 ]; then
    echo "FAIL: extract under valgrind exited $rc (want 1: one record skipped)"
    sed 's/^/    | /' "$DG_TMP/err" | tail -20
    tail -20 "$DG_TMP/vg.log"
    exit 1
fi
if ! grep -q 'ERROR SUMMARY: 0 errors' "$DG_TMP/vg.log"; then
    echo "FAIL: valgrind reports errors:"
    grep -E 'ERROR SUMMARY' "$DG_TMP/vg.log"
    exit 1
fi
# Some relation must come out, or the run did not go through extraction.
if ! grep -q '"type"' "$DG_TMP/rel.jsonl"; then
    echo "FAIL: the run under valgrind extracted no relation"
    exit 1
fi
grep -E 'definitely lost|ERROR SUMMARY' "$DG_TMP/vg.log" | sed 's/^==[0-9]*== /valgrind: /'
echo "ok: no memory errors and no definite leaks"
