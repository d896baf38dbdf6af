# dealgraph: hand-written GNU Makefile. `make V=1` shows the commands.
#
#   make            library and CLI (build/)
#   make demo       extract corpus/ into out/ and print the summary
#   make check      every test (unit, rule examples, sanitizers, end to end)
#   make eval       precision, recall and F1 against corpus/gold.jsonl
#   make bench      throughput and memory on a generated corpus
#   make deps       install the Debian packages the build and tests need

PKGS     := libutf8proc libpcre2-8 igraph jansson
TESTPKGS := check
DEBS     := build-essential pkg-config libutf8proc-dev libpcre2-dev libigraph-dev \
            libjansson-dev uthash-dev check clang libclang-rt-14-dev valgrind \
            python3 python3-networkx python3-igraph

CC      ?= cc
BUILD   ?= build
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ifeq ($(CI),true)
WARN    += -Werror
endif
CFLAGS  ?= -O2 -g
DGCFLAGS := -std=c11 -D_GNU_SOURCE -Iinclude -Isrc $(WARN) -MMD -MP \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
TESTLIBS := $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIBSRC  := $(sort $(wildcard src/*.c))
CLISRC  := $(sort $(wildcard src/cli/*.c))
TESTSRC := $(sort $(wildcard tests/unit/test_*.c))
LIBOBJ  := $(LIBSRC:%.c=$(BUILD)/%.o)
CLIOBJ  := $(CLISRC:%.c=$(BUILD)/%.o)
TESTOBJ := $(TESTSRC:%.c=$(BUILD)/%.o) $(BUILD)/tests/unit/main.o

LIB  := $(BUILD)/libdealgraph.a
BIN  := $(BUILD)/dealgraph
TBIN := $(BUILD)/dealgraph-tests

.PHONY: all deps need-deps demo check unit rules-test e2e eval bench sanitize fuzz clean format
all: $(BIN)

# Install what pkg-config cannot find (through sudo when not root).
deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEBS)

need-deps:
	@pkg-config --exists $(PKGS) $(TESTPKGS) && [ -f /usr/include/uthash.h ] \
	  && command -v clang >/dev/null && /usr/bin/python3 -c 'import networkx, igraph' 2>/dev/null \
	  || $(MAKE) --no-print-directory deps

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(DGCFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIBOBJ)
	$(if $(Q),@echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(CLIOBJ) $(LIB)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(CLIOBJ) $(LIB) $(LDLIBS)

# The unit-test runner: every tests/unit/test_*.c defines one or more
# `Suite *NAME_suite(void)`; the list is generated so a new file needs no edit here.
$(BUILD)/tests/unit/suites.h: $(TESTSRC)
	@mkdir -p $(dir $@)
	$(Q)grep -ho '^Suite \*[a-z0-9_]*_suite(void)' $(TESTSRC) | sed 's/^Suite \*\([a-z0-9_]*\)(void)/X(\1)/' > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/unit/main.o: tests/unit/main.c $(BUILD)/tests/unit/suites.h
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(DGCFLAGS) -I$(BUILD)/tests/unit $(CFLAGS) -c -o $@ $<

$(TBIN): $(TESTOBJ) $(LIB)
	$(if $(Q),@echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) -o $@ $(TESTOBJ) $(LIB) $(TESTLIBS) $(LDLIBS)

demo: need-deps
	$(Q)$(MAKE) --no-print-directory all
	@mkdir -p out
	./$(BIN) extract --graphml out/graph.graphml --relations out/relations.jsonl \
	  --entities out/entities.jsonl corpus/articles/

rules-test: $(BIN)
	./$(BIN) rules test rules/

# End-to-end tests: every tests/e2e/test_*.sh runs the CLI ($$DG_BIN) from the
# repository root in its own temporary directory ($$DG_TMP); exit 0 passes.
e2e: $(BIN)
	$(Q)DG_BIN=$(abspath $(BIN)) tests/e2e/run.sh

# Sanitizer build of the same tests, in its own tree.
sanitize:
	$(Q)$(MAKE) --no-print-directory BUILD=build-san CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  build-san/dealgraph-tests build-san/dealgraph
	DG_BIN=build-san/dealgraph ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  CK_VERBOSITY=minimal ./build-san/dealgraph-tests

check: need-deps
	$(Q)$(MAKE) --no-print-directory all $(TBIN)
	./$(BIN) rules check rules/
	./$(BIN) rules test rules/
	$(Q)$(MAKE) --no-print-directory sanitize
	$(Q)if [ -f tests/fuzz/Makefile.inc ]; then $(MAKE) --no-print-directory fuzz; fi
	$(Q)$(MAKE) --no-print-directory e2e
	DG_BIN=$(BIN) ./$(TBIN)

unit: $(TBIN) $(BIN)
	DG_BIN=$(BIN) ./$(TBIN)

-include tests/fuzz/Makefile.inc
-include tests/eval.mk
-include tests/bench/bench.mk

clean:
	rm -rf build build-san build-fuzz out

format:
	clang-format -i include/dealgraph/*.h src/*.c src/*.h src/cli/*.c tests/unit/*.c

-include $(LIBOBJ:.o=.d) $(CLIOBJ:.o=.d) $(TESTOBJ:.o=.d)
