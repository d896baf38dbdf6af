# make eval          extract corpus/ into out/eval/, then score it against
#                    corpus/gold.jsonl for the dev and the test split
# make eval-verbose  the same, listing every false positive and negative
#
# Low scores do not fail the target: the figures are the product. A failed
# extraction or a malformed gold file does.

EVAL_OUT  ?= out/eval
EVAL_GOLD ?= corpus/gold.jsonl
EVAL_RULES ?= rules

.PHONY: eval eval-verbose eval-extract

eval-extract: $(BIN)
	@mkdir -p $(EVAL_OUT)
	./$(BIN) extract --quiet --relations $(EVAL_OUT)/relations.jsonl \
	  --entities $(EVAL_OUT)/entities.jsonl corpus/articles/

define dg_eval_run
	@for split in dev test; do \
	  echo; echo "== $$split =="; \
	  ./$(BIN) eval --gold $(EVAL_GOLD) --rules $(EVAL_RULES) --split $$split $(1) \
	    $(EVAL_OUT)/relations.jsonl $(EVAL_OUT)/entities.jsonl || exit $$?; \
	done
endef

eval: eval-extract
	$(call dg_eval_run,)

eval-verbose: eval-extract
	$(call dg_eval_run,--verbose)
