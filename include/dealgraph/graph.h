/* dealgraph: the partnership graph. Aggregates relation records over a
 * corpus, computes node metrics with igraph and writes it in several formats.
 * Only graph.c and export_*.c talk to igraph. */
#ifndef DEALGRAPH_GRAPH_H
#define DEALGRAPH_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <dealgraph/diag.h>
#include <dealgraph/relation.h>
#include <dealgraph/status.h>

typedef struct dg_graph_opts {
    const char *since, *until; /* YYYY-MM-DD, inclusive; NULL: no bound.
                                  A record without a date passes only when
                                  neither bound is set. */
    const char *const *types;  /* NULL-terminated relation types to keep; NULL: all */
    unsigned status_mask;      /* bit (1 << dg_rel_status) per status to keep; 0: all */
    size_t min_weight;         /* drop edges with fewer supporting documents; 0 or 1: keep all */
    bool rollup;               /* merge organizations into their parents */
    bool undirected;           /* export every edge as undirected */
    size_t max_sources;        /* cap on document ids kept per edge; 0: default (20) */
} dg_graph_opts;

typedef struct dg_graph dg_graph;

/* New empty graph accumulating under opts (copied; strings are copied). */
dg_status dg_graph_new(const dg_graph_opts *opts, dg_graph **out);
void dg_graph_free(dg_graph *g);

/* Adds one relation record; records the filters reject are ignored. The
 * result does not depend on the order of calls. */
dg_status dg_graph_add(dg_graph *g, const dg_relation *r);

/* Builds the igraph graph and its metrics (degree, weighted degree,
 * PageRank, betweenness, community). Call once, after the last add. */
dg_status dg_graph_finish(dg_graph *g, dg_diags *diags);

size_t dg_graph_vertex_count(const dg_graph *g);
size_t dg_graph_edge_count(const dg_graph *g);

typedef enum dg_format {
    DG_FMT_GRAPHML = 0,
    DG_FMT_JSON,   /* node-link JSON (networkx, d3) */
    DG_FMT_CSV,    /* PATH is the nodes file; edges go beside it (see README) */
    DG_FMT_DOT,
    DG_FMT_GEXF,
    DG_FMT__COUNT
} dg_format;

/* Format from a name ("graphml", "json", "csv", "dot", "gexf") or from a
 * file ending; false when unknown. */
bool dg_format_parse(const char *name, dg_format *out);
bool dg_format_from_path(const char *path, dg_format *out);

/* Writes the finished graph to path atomically (a temporary file beside it,
 * then rename). DG_EIO on a write error, with a diagnostic naming the path. */
dg_status dg_graph_write(const dg_graph *g, const char *path, dg_format fmt,
                         dg_diags *diags);

/* Prints the leading organizations by each measure, community sizes and
 * counts by relation type and status. */
dg_status dg_graph_print_stats(const dg_graph *g, FILE *f, size_t top);

#endif
