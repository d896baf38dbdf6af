# make bench   throughput and memory of `dealgraph extract` on a generated
#              corpus (BENCH_MB MiB, default 512; BENCH_SEED; BENCH_THREADS,
#              default nproc), beside a plain pcre2 JIT scan of the same bytes.
#              Results: $(BUILD)/bench/results.txt. Not part of `make check`.
#
# make bench-tools  only the generator, the yardstick and the timer

BENCH_MB      ?= 512
BENCH_SEED    ?= 42
BENCH_THREADS ?= $(shell nproc 2>/dev/null || echo 2)
BENCH_DIR     := $(BUILD)/bench
BENCH_CFLAGS  := -std=c11 -D_GNU_SOURCE $(WARN) -O2 -g
BENCH_TOOLS   := $(BENCH_DIR)/gen $(BENCH_DIR)/scan $(BENCH_DIR)/rss

.PHONY: bench bench-tools

$(BENCH_DIR)/gen: tests/bench/gen.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $@")
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/rss: tests/bench/rss.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $@")
	$(Q)$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/scan: tests/bench/scan.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $@")
	$(Q)$(CC) $(BENCH_CFLAGS) $(shell pkg-config --cflags libpcre2-8) -o $@ $< \
	  $(shell pkg-config --libs libpcre2-8)

bench-tools: $(BENCH_TOOLS)

# Release flags for the measured binary, whatever CFLAGS the tree was
# configured with.
bench: $(BENCH_TOOLS)
	$(Q)$(MAKE) --no-print-directory all CFLAGS="-O2 -g"
	$(Q)tests/bench/bench.sh $(BIN) $(BENCH_DIR) $(BENCH_MB) $(BENCH_THREADS) $(BENCH_SEED)
