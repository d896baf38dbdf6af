/* dealgraph: relation records, the unit that flows from the extractor to the
 * relations file and from relations files to the graph. */
#ifndef DEALGRAPH_RELATION_H
#define DEALGRAPH_RELATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <dealgraph/status.h>

/* The status of a relation, as far as the text supports it. */
typedef enum dg_rel_status {
    DG_ST_ANNOUNCED = 0,
    DG_ST_COMPLETED,
    DG_ST_PLANNED,
    DG_ST_RUMORED,
    DG_ST_ENDED,
    DG_ST_DENIED,
    DG_ST__COUNT
} dg_rel_status;

const char *dg_rel_status_str(dg_rel_status s);
/* Parses a status name; returns false when unknown. */
bool dg_rel_status_parse(const char *s, dg_rel_status *out);

/* One extracted relation. Every string is owned by the record and freed by
 * dg_relation_destroy. For a directed type parties = {source, target}. */
typedef struct dg_relation {
    char *doc;            /* document id */
    char *date;           /* document date YYYY-MM-DD, or NULL */
    char *type;           /* "partnership", "investment", "acquisition", or a user type */
    bool directed;
    dg_rel_status status;
    char **parties;       /* canonical names; nparties >= 2 */
    char **party_types;   /* parallel to parties; entries may be NULL */
    char **party_parents; /* parallel to parties; entries may be NULL */
    size_t nparties;
    bool has_amount;
    double amount;        /* in units of currency */
    char currency[4];     /* ISO 4217, "" when unknown */
    char *round;          /* "seed", "series a", "strategic", ... or NULL */
    bool has_stake;
    double stake_percent;
    char *sentence;       /* the evidence sentence as in the document */
    size_t start, end;    /* byte offsets of the sentence in the document text */
    char *rule;           /* rule id */
} dg_relation;

void dg_relation_destroy(dg_relation *r); /* accepts a zeroed record */
/* Deep copy of src into *dst. */
dg_status dg_relation_copy(dg_relation *dst, const dg_relation *src);

/* Writes r as one JSON object and a newline. Keys: doc, date, type, status,
 * parties, source, target (null when undirected), amount, currency, round,
 * stake_percent, sentence, start, end, rule, party_types, party_parents.
 * Returns DG_EIO on a write error. */
dg_status dg_relation_write_json(const dg_relation *r, FILE *f);

/* Parses one JSON line written by dg_relation_write_json into *out. On
 * failure returns DG_EJSON and sets *err to a new message (caller frees). */
dg_status dg_relation_parse_json(const char *line, size_t n, dg_relation *out,
                                 char **err);

/* A growable array of relations, owning its records. */
typedef struct dg_relations {
    dg_relation *v;
    size_t n, cap;
} dg_relations;

void dg_relations_init(dg_relations *rs);
void dg_relations_destroy(dg_relations *rs);
void dg_relations_clear(dg_relations *rs);
/* Moves *r into the array (r is zeroed). */
dg_status dg_relations_push(dg_relations *rs, dg_relation *r);

#endif
