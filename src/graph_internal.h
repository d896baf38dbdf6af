/* dealgraph: what graph.c shares with the exporters (export_*.c). Not public.
 *
 * The finished graph is kept twice: as plain arrays (vertices sorted by name,
 * edges sorted by relation, source, target), which every exporter walks, and
 * as an igraph graph carrying the same attributes, which GraphML is written
 * from. The attribute tables below are the single list of names and types,
 * so every format says the same thing under the same name. */
#ifndef DG_GRAPH_INTERNAL_H
#define DG_GRAPH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <igraph.h>

#include <dealgraph/diag.h>
#include <dealgraph/graph.h>
#include <dealgraph/relation.h>
#include <dealgraph/status.h>

typedef struct dg_i_vertex {
    char *name;   /* canonical organization name (the label) */
    char *type;   /* most frequent party type, "" when unknown */
    char *parent; /* most frequent parent, "" when none (always "" after rollup) */
    char *first_seen, *last_seen; /* "" when no dated record names it */
    size_t mentions;  /* relation records naming it */
    size_t documents; /* distinct documents naming it */
    size_t degree;
    double strength; /* sum of incident edge weights (integral) */
    double pagerank, betweenness;
    size_t community; /* 0 is the largest community */
} dg_i_vertex;

typedef struct dg_i_edge {
    size_t src, tgt; /* vertex indexes; src < tgt by name when undirected */
    char *type;      /* relation type */
    bool directed;
    size_t weight; /* distinct supporting documents */
    char *first_seen, *last_seen;
    dg_rel_status status;
    char *status_history; /* "announced:2;completed:1" */
    bool has_amount;
    double amount_total;
    char currency[4];
    bool currency_mixed;
    char *evidence; /* "" when no record had a sentence */
    char *sources;  /* sorted doc ids joined with "|", capped */
    char *rules;    /* sorted rule ids joined with "|" */
} dg_i_edge;

typedef struct dg_i_fact dg_i_fact;
typedef struct dg_i_mention dg_i_mention;

struct dg_graph {
    /* options, deep-copied */
    dg_graph_opts opts;
    char *since, *until;
    char **types;
    /* accumulated input */
    dg_i_fact *facts;
    size_t nfacts, capfacts;
    dg_i_mention *mentions;
    size_t nmentions, capmentions;
    size_t nrecords;
    /* the finished graph */
    bool finished;
    dg_i_vertex *v;
    size_t nv;
    dg_i_edge *e;
    size_t ne;
    igraph_t ig;
    bool has_ig;
};

/* Attribute kinds as the exporters declare them. */
typedef enum dg_i_atype { DG_I_STR, DG_I_INT, DG_I_REAL, DG_I_BOOL } dg_i_atype;

typedef struct dg_i_attr {
    const char *name;
    dg_i_atype type;
} dg_i_attr;

typedef struct dg_i_value {
    const char *s; /* DG_I_STR: borrowed from the graph, never NULL */
    long long i;   /* DG_I_INT */
    double d;      /* DG_I_REAL */
    bool b;        /* DG_I_BOOL */
} dg_i_value;

/* The vertex attributes (label first) and edge attributes, in output order. */
extern const dg_i_attr dg_i_vattrs[];
extern const size_t dg_i_nvattrs;
extern const dg_i_attr dg_i_eattrs[];
extern const size_t dg_i_neattrs;

/* Value of attribute a (an index into the tables above) of vertex or edge i. */
void dg_i_vattr_get(const dg_graph *g, size_t i, size_t a, dg_i_value *out);
void dg_i_eattr_get(const dg_graph *g, size_t i, size_t a, dg_i_value *out);

/* true when the graph is exported as one undirected graph (--undirected). */
bool dg_i_graph_undirected(const dg_graph *g);

/* Installs the C attribute handler and a non-aborting error handler, once.
 * Every igraph user (graph.c, exporters, tests) calls it first. */
void dg_i_igraph_setup(void);

/* Formats a real the same way in every text format (shortest exact form). */
void dg_i_fmt_real(char *buf, size_t n, double d);

/* The exporters: write the finished graph g to f (already opened). Return
 * DG_EIO on a write error, DG_EGRAPH when igraph fails, DG_ENOMEM. */
dg_status dg_i_export_graphml(const dg_graph *g, FILE *f, dg_diags *diags);
dg_status dg_i_export_json(const dg_graph *g, FILE *f, dg_diags *diags);
dg_status dg_i_export_dot(const dg_graph *g, FILE *f, dg_diags *diags);
dg_status dg_i_export_gexf(const dg_graph *g, FILE *f, dg_diags *diags);
/* CSV writes two files itself: nodes to path, edges to dg_i_csv_edges_path. */
dg_status dg_i_export_csv(const dg_graph *g, const char *path, dg_diags *diags);
/* The edges file beside the nodes file path: "nodes" in the file name
 * replaced by "edges" (the last occurrence), else the name without ".csv"
 * plus ".edges.csv". New string (caller frees), NULL when out of memory. */
char *dg_i_csv_edges_path(const char *path);

#endif
