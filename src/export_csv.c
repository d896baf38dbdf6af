/* CSV export: two RFC 4180 tables (CRLF line ends, a header row, fields
 * quoted when they hold a comma, a quote or a line break, quotes doubled).
 * PATH receives the nodes; the edges go beside it (dg_i_csv_edges_path).
 * Both files are written atomically; the nodes file is committed only after
 * the edges file is, so a failure leaves neither half-new pair behind. With
 * PATH "-" both tables go to standard output, separated by an empty line. */
#include "graph_internal.h"

#include <dealgraph/outfile.h>

#include <stdlib.h>
#include <string.h>

char *dg_i_csv_edges_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *hit = NULL;
    for (const char *p = base; (p = strstr(p, "nodes")); p++)
        hit = p;
    size_t n = strlen(path);
    char *out = malloc(n + sizeof ".edges.csv");
    if (!out)
        return NULL;
    if (hit) {
        size_t at = (size_t)(hit - path);
        memcpy(out, path, at);
        memcpy(out + at, "edges", 5);
        strcpy(out + at + 5, hit + 5);
        return out;
    }
    size_t keep = n;
    if (n - (size_t)(base - path) > 4 && strcasecmp(path + n - 4, ".csv") == 0)
        keep = n - 4;
    memcpy(out, path, keep);
    strcpy(out + keep, ".edges.csv");
    return out;
}

static void field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void value(FILE *f, dg_i_atype t, const dg_i_value *v)
{
    char buf[64];
    switch (t) {
    case DG_I_STR: field(f, v->s); return;
    case DG_I_INT: fprintf(f, "%lld", v->i); return;
    case DG_I_REAL: dg_i_fmt_real(buf, sizeof buf, v->d); fputs(buf, f); return;
    case DG_I_BOOL: fputs(v->b ? "true" : "false", f); return;
    }
}

static void write_nodes(const dg_graph *g, FILE *f)
{
    dg_i_value val;
    fputs("id", f);
    for (size_t a = 0; a < dg_i_nvattrs; a++)
        fprintf(f, ",%s", dg_i_vattrs[a].name);
    fputs("\r\n", f);
    for (size_t i = 0; i < g->nv; i++) {
        field(f, g->v[i].name);
        for (size_t a = 0; a < dg_i_nvattrs; a++) {
            fputc(',', f);
            dg_i_vattr_get(g, i, a, &val);
            value(f, dg_i_vattrs[a].type, &val);
        }
        fputs("\r\n", f);
    }
}

static void write_edges(const dg_graph *g, FILE *f)
{
    dg_i_value val;
    fputs("source,target", f);
    for (size_t a = 0; a < dg_i_neattrs; a++)
        fprintf(f, ",%s", dg_i_eattrs[a].name);
    fputs("\r\n", f);
    for (size_t i = 0; i < g->ne; i++) {
        field(f, g->v[g->e[i].src].name);
        fputc(',', f);
        field(f, g->v[g->e[i].tgt].name);
        for (size_t a = 0; a < dg_i_neattrs; a++) {
            fputc(',', f);
            dg_i_eattr_get(g, i, a, &val);
            value(f, dg_i_eattrs[a].type, &val);
        }
        fputs("\r\n", f);
    }
}

dg_status dg_i_export_csv(const dg_graph *g, const char *path, dg_diags *diags)
{
    dg_status st = DG_OK;
    dg_outfile *nodes = NULL, *edges = NULL;
    char *epath = NULL;
    if (strcmp(path, "-") == 0) {
        DG_TRY(dg_outfile_open(path, &nodes, diags));
        FILE *f = dg_outfile_stream(nodes);
        write_nodes(g, f);
        fputs("\r\n", f);
        write_edges(g, f);
        dg_outfile *o = nodes;
        nodes = NULL;
        DG_TRY(dg_outfile_commit(o, diags));
        goto cleanup;
    }
    if (!(epath = dg_i_csv_edges_path(path)))
        DG_TRY(DG_ENOMEM);
    DG_TRY(dg_outfile_open(path, &nodes, diags));
    DG_TRY(dg_outfile_open(epath, &edges, diags));
    write_nodes(g, dg_outfile_stream(nodes));
    write_edges(g, dg_outfile_stream(edges));
    dg_outfile *o = edges;
    edges = NULL;
    DG_TRY(dg_outfile_commit(o, diags));
    o = nodes;
    nodes = NULL;
    DG_TRY(dg_outfile_commit(o, diags));
cleanup:
    dg_outfile_abort(nodes);
    dg_outfile_abort(edges);
    free(epath);
    return st;
}
