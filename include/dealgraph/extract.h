/* dealgraph: extraction of organizations and relations from documents. */
#ifndef DEALGRAPH_EXTRACT_H
#define DEALGRAPH_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <dealgraph/diag.h>
#include <dealgraph/doc.h>
#include <dealgraph/relation.h>
#include <dealgraph/rules.h>
#include <dealgraph/status.h>

/* One organization mention. Strings are owned by the result. */
typedef struct dg_mention {
    size_t start, end;   /* byte offsets in the document text */
    char *canonical;
    char *surface;       /* the text as written */
    char *type;          /* may be NULL */
    char *parent;        /* may be NULL */
    char *rule;          /* list entry ("list:FILE:LINE") or rule id */
    char *resolved_from; /* the phrase that coreference resolved, or NULL */
    bool listed;         /* found through an organization list */
} dg_mention;

/* What extraction found in one document. Caller-owned: init / destroy;
 * dg_extract clears it first, so one result can be reused. */
typedef struct dg_doc_result {
    dg_relations rels;
    dg_mention *mentions;
    size_t nmentions, capmentions;
    size_t sentences;
    size_t repaired;   /* invalid UTF-8 sequences replaced */
    size_t limit_hits; /* regex matches stopped by pcre2 limits */
} dg_doc_result;

void dg_doc_result_init(dg_doc_result *r);
void dg_doc_result_destroy(dg_doc_result *r);
void dg_doc_result_clear(dg_doc_result *r);

/* Per-thread extraction state over a shared, immutable rule set. */
typedef struct dg_extractor dg_extractor;

/* rs must outlive the extractor. */
dg_status dg_extractor_new(const dg_ruleset *rs, dg_extractor **out);
/* An extractor over sibling's rule set that shares its compiled fast paths
 * (one anchored copy of each pattern for all threads instead of one per
 * thread). Siblings may run in parallel threads and be freed in any order. */
dg_status dg_extractor_new_sibling(dg_extractor *sibling, dg_extractor **out);
void dg_extractor_free(dg_extractor *x);

/* Extracts one document into res. Data problems (a regex limit hit) are
 * added to diags as warnings naming the document and rule, and extraction
 * goes on; only DG_ENOMEM is returned as an error. */
dg_status dg_extract(dg_extractor *x, const dg_doc *doc, dg_doc_result *res,
                     dg_diags *diags);

/* Rule costs. With profiling on, the extractor times every regex search a
 * rule makes (a few percent slower), so rule writers can see what a rule
 * costs on their corpus. */
typedef struct dg_rule_cost {
    const char *id, *kind, *file; /* owned by the rule set */
    unsigned line;
    double seconds;               /* wall time inside the rule's searches */
    unsigned long calls, matches; /* searches, and those that found a match */
} dg_rule_cost;
/* Turns profiling on; DG_ENOMEM when the counters cannot be allocated. */
dg_status dg_extractor_profile(dg_extractor *x);
/* The number of rules of the set: the length of a cost table. */
size_t dg_ruleset_rule_count(const dg_ruleset *rs);
/* Adds the extractor's counters to costs[0 .. dg_ruleset_rule_count) (the
 * caller allocates the table zeroed and may add several extractors into it;
 * names are filled in). Nothing is added when profiling is off. */
void dg_extractor_add_costs(const dg_extractor *x, dg_rule_cost *costs);

/* Writes a human-readable account of how the rule set reads text: for each
 * sentence the organizations (and the list entry or rule that found each),
 * the relations (rule id and file:line), and for each relation rule whose
 * trigger words occur but which did not fire, why not. */
dg_status dg_explain(dg_extractor *x, const char *text, size_t n, FILE *out);

/* Writes one mention as a JSON line with doc, canonical, surface, type,
 * start, end, rule, resolved_from. */
dg_status dg_mention_write_json(const dg_mention *m, const char *doc, FILE *f);

/* Runs every example and counterexample in the rule set through the whole
 * pipeline. Each failure is added to diags as "file:line: error: ...".
 * Sets the counts; returns DG_OK even when examples fail. */
dg_status dg_ruleset_run_examples(const dg_ruleset *rs, dg_diags *diags,
                                  size_t *passed, size_t *failed);

#endif
