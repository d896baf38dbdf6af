#!/usr/bin/env bash
# Benchmark driver (run by `make bench`): generates the corpus when missing or
# of another size, runs the yardstick scan, then `dealgraph extract` with one
# thread and with THREADS, and prints a table (also written to DIR/results.txt),
# then the costliest rules of a profiled run on the first shard (DIR/profile.tsv).
#
#   bench.sh BIN DIR MIB THREADS [SEED]
#
# DIR must hold the tools gen, scan and rss built by tests/bench/bench.mk.
set -euo pipefail

bin=$1 dir=$2 mib=$3 threads=$4 seed=${5:-42}
corpus=$dir/corpus
want="mib $mib seed $seed "

if [ ! -f "$corpus/manifest.txt" ] || [[ "$(cat "$corpus/manifest.txt")" != "$want"* ]]; then
    echo "bench: generating $mib MiB corpus (seed $seed) in $corpus" >&2
    rm -rf "$corpus"
    "$dir/gen" -o "$corpus" -m "$mib" -s "$seed" -r rules
fi
read -r _ _ _ _ _ docs _ sentences _ bytes _ < "$corpus/manifest.txt"
shopt -s nullglob
files=("$corpus"/bench-*.jsonl)

echo "bench: yardstick scan" >&2
scan=$("$dir/scan" "${files[@]}")
scan_mibps=${scan##*mibps=}

# One extraction run; sets secs and kib. The relations go nowhere: the
# benchmark measures reading, matching and relation building, not writing.
run() {
    local j=$1 log=$dir/extract-j$1.log
    echo "bench: dealgraph extract -j $j" >&2
    if ! "$dir/rss" "$dir/time-j$j.txt" "$bin" extract --quiet -j "$j" --relations /dev/null \
        "$corpus" 2> "$log"; then
        echo "bench: dealgraph extract -j $j failed; see $log:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    read -r secs kib < "$dir/time-j$j.txt"
}

run 1
secs1=$secs kib1=$kib
if [ "$threads" -gt 1 ]; then
    run "$threads"
else
    secs=$secs1 kib=$kib1
fi
secsn=$secs kibn=$kib

awk -v bytes="$bytes" -v docs="$docs" -v sent="$sentences" -v s1="$secs1" -v sn="$secsn" \
    -v k1="$kib1" -v kn="$kibn" -v n="$threads" -v scan="$scan_mibps" -v seed="$seed" '
function row(k, v) { printf "%-34s %s\n", k, v }
BEGIN {
    mib = bytes / 1048576
    if (s1 <= 0) s1 = 0.001
    if (sn <= 0) sn = 0.001
    printf "dealgraph bench: generated corpus, seed %s, %d threads\n", seed, n
    row("input MiB", sprintf("%.1f", mib))
    row("documents", docs)
    row("sentences (as generated)", sent)
    row("wall s, 1 thread", sprintf("%.2f", s1))
    row(sprintf("wall s, %d threads", n), sprintf("%.2f", sn))
    row("MiB/s, 1 thread", sprintf("%.1f", mib / s1))
    row(sprintf("MiB/s, %d threads", n), sprintf("%.1f", mib / sn))
    row("speed-up", sprintf("%.2fx", s1 / sn))
    row(sprintf("documents/s, %d threads", n), sprintf("%.0f", docs / sn))
    row(sprintf("sentences/s, %d threads", n), sprintf("%.0f", sent / sn))
    row("peak RSS MiB, 1 thread", sprintf("%.1f", k1 / 1024))
    row(sprintf("peak RSS MiB, %d threads", n), sprintf("%.1f", kn / 1024))
    row("yardstick pcre2 JIT scan MiB/s", scan)
}' | tee "$dir/results.txt"

# Where the time goes: rule costs on the first shard, one thread (profiling
# slows the run a little, so it is not one of the timed runs above).
echo "bench: rule profile of ${files[0]##*/}" >&2
"$bin" extract --quiet -j 1 --profile "$dir/profile.tsv" --relations /dev/null "${files[0]}"
{
    echo
    echo "costliest rules (first shard, 1 thread; all: $dir/profile.tsv)"
    head -n 11 "$dir/profile.tsv" | awk -F '\t' '{ printf "  %-9s %-6s %-11s %-11s %s\n", $1, $2, $3, $4, $6 }'
} | tee -a "$dir/results.txt"
