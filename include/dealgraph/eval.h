/* dealgraph: evaluation of extraction output against a gold standard.
 *
 * Gold (JSON Lines, one article a line):
 *   {"doc":"dg-001","split":"dev","orgs":["A24","Google"],
 *    "relations":[{"type":"partnership","parties":["A","B"],"status":"announced"},
 *                 {"type":"investment","source":"A","target":"B","status":"announced",
 *                  "amount":null,"currency":null,"round":null,"stake_percent":null}]}
 * System output: the relations JSON Lines of `dealgraph extract --relations`
 * and, optionally, the entities JSON Lines of `--entities`.
 *
 * Names on both sides are reduced to one key: the canonical name of the
 * organization lists when a list holds the name, else the name itself, then
 * the organization fold key (dg_ruleset_org_key). Relations are scored per
 * document on pairs of keys: an undirected type gives every unordered pair of
 * its parties, a directed type the ordered (source, target) pair. Counts are
 * micro-averaged over the documents of the chosen split; system records for
 * documents outside it are ignored. */
#ifndef DEALGRAPH_EVAL_H
#define DEALGRAPH_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <dealgraph/diag.h>
#include <dealgraph/rules.h>
#include <dealgraph/status.h>

/* Gold, system records and the rule set used to fold names. */
typedef struct dg_eval dg_eval;

/* New evaluator. rs (may be NULL: names are then compared by plain fold key
 * and every organization counts as unlisted) is borrowed and must outlive
 * the evaluator. */
dg_status dg_eval_new(const dg_ruleset *rs, dg_eval **out);
void dg_eval_free(dg_eval *e); /* accepts NULL */

/* Resamples of the documents for the 95% intervals dg_eval_score gives
 * every figure (default DG_EVAL_RESAMPLES; 0: no intervals). The draw is
 * seeded, so the same input gives the same intervals. */
#define DG_EVAL_RESAMPLES 1000u
void dg_eval_set_resamples(dg_eval *e, unsigned n);

/* Loads a gold file (may be called more than once; a document seen twice is
 * an error). Every problem is added to diags as "file:line: error: ...";
 * when any occurs the load fails with DG_EJSON (or DG_EIO when the file
 * cannot be read, DG_EINVAL for a duplicate document). */
dg_status dg_eval_load_gold(dg_eval *e, const char *path, dg_diags *diags);

/* Loads system relations written by dg_relation_write_json. Blank lines are
 * skipped; a malformed line is reported as above and fails the load. */
dg_status dg_eval_load_relations(dg_eval *e, const char *path, dg_diags *diags);

/* Loads system organization mentions (keys doc, canonical, surface and,
 * when present, listed). Organizations are scored only after this. */
dg_status dg_eval_load_entities(dg_eval *e, const char *path, dg_diags *diags);

/* A 95% interval of a figure from a bootstrap over documents (set false
 * when resampling was off or the figure has nothing to count). */
typedef struct dg_eval_ci {
    double lo, hi;
    bool set;
} dg_eval_ci;

/* Counts for one category (a relation type, all types, organizations). */
typedef struct dg_eval_counts {
    size_t gold, sys;     /* distinct pairs (or organizations) on each side */
    size_t tp, fp, fn;
    double p, r, f1;      /* 0 when the denominator is 0 */
    dg_eval_ci p_ci, r_ci, f1_ci;
} dg_eval_counts;

typedef struct dg_eval_type {
    char *type;
    dg_eval_counts c;
} dg_eval_type;

/* A share: num agreeing out of den considered. */
typedef struct dg_eval_ratio {
    size_t num, den;
    dg_eval_ci ci;
} dg_eval_ratio;

/* One disagreement, for rule writers. */
typedef enum dg_eval_err_kind {
    DG_EVAL_FP = 0,   /* system relation pair not in gold */
    DG_EVAL_FN,       /* gold relation pair the system missed */
    DG_EVAL_STATUS,   /* matched pair, other status */
    DG_EVAL_AMOUNT,   /* matched pair, other amount or currency */
    DG_EVAL_ROUND,    /* matched pair, other round */
    DG_EVAL_STAKE,    /* matched pair, other stake */
    DG_EVAL_ORG_FP,   /* organization found but not in gold */
    DG_EVAL_ORG_FN    /* gold organization not found */
} dg_eval_err_kind;

typedef struct dg_eval_error {
    dg_eval_err_kind kind;
    char *doc;
    char *type;     /* relation type; NULL for organizations */
    char *a, *b;    /* names as written (b NULL for organizations); for a
                       directed pair a is the source */
    bool directed;
    char *gold_val; /* for STATUS/AMOUNT/ROUND/STAKE: the two values as text */
    char *sys_val;
    char *sentence; /* the system's evidence sentence (FP and mismatches), or NULL */
} dg_eval_error;

/* The figures of one scoring run. Caller-owned: init / destroy. */
typedef struct dg_eval_result {
    char *split;            /* "dev", "test" or "all" */
    size_t docs;            /* gold documents in the split */
    dg_eval_type *types;    /* declared types first (rule set order), then others sorted */
    size_t ntypes;
    dg_eval_counts all;     /* every type together */
    dg_eval_ratio status;   /* matched pairs whose status equals gold's */
    dg_eval_ratio amount;   /* matched directed pairs where gold or system has an
                               amount: both amount (relative difference < 0.5%)
                               and currency agree */
    size_t amount_both_none;/* matched directed pairs with no amount on either
                               side: agreement, but not in amount.den */
    dg_eval_ratio round;    /* matched pairs where gold gives a round */
    dg_eval_ratio stake;    /* matched pairs where gold gives a stake */
    bool has_orgs;          /* entities were loaded */
    dg_eval_counts orgs;    /* every organization */
    dg_eval_counts unlisted;/* organizations that no list holds */
    unsigned resamples;     /* behind the intervals; 0: none */
    dg_eval_error *errors;  /* sorted by doc, then kind */
    size_t nerrors;
} dg_eval_result;

void dg_eval_result_init(dg_eval_result *r);
void dg_eval_result_destroy(dg_eval_result *r);

/* Scores the loaded system records against the gold documents of split
 * ("dev", "test", or "all" / NULL for every document) into res (cleared
 * first). Returns DG_EINVAL for an unknown split, DG_ENOMEM. */
dg_status dg_eval_score(const dg_eval *e, const char *split, dg_eval_result *res);

/* The counts of one type, or NULL when the type occurs on neither side. */
const dg_eval_counts *dg_eval_result_type(const dg_eval_result *r, const char *type);

/* share as a fraction; 0 when den is 0. */
double dg_eval_ratio_value(dg_eval_ratio q);

/* Prints the table (type, gold, system, TP, FP, FN, P, R, F1), the
 * attribute accuracies and the organization lines; with verbose, every
 * disagreement a line with its document id. */
dg_status dg_eval_result_print(const dg_eval_result *r, FILE *f, bool verbose);

/* Writes the figures as one JSON object and a newline (with verbose, the
 * disagreements too under "errors"). */
dg_status dg_eval_result_write_json(const dg_eval_result *r, FILE *f, bool verbose);

#endif
