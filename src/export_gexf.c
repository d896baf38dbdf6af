/* GEXF 1.3 export for Gephi: a dynamic graph (timeformat "date") whose
 * nodes and edges live from first_seen to last_seen, so Gephi's timeline
 * can replay how the network grew. Attribute declarations carry GEXF types
 * (long, double, boolean, string); label and weight are native GEXF fields.
 *
 * In a directed graph a partnership is an edge of type "mutual": GEXF allows
 * mixed "undirected" edges, but networkx refuses those in a directed graph,
 * and "mutual" says the same thing to Gephi. */
#include "graph_internal.h"

#include <string.h>

static void xml(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default: fputc(*s, f); break;
        }
    }
}

static const char *gexf_type(dg_i_atype t)
{
    switch (t) {
    case DG_I_STR: return "string";
    case DG_I_INT: return "long";
    case DG_I_REAL: return "double";
    case DG_I_BOOL: return "boolean";
    }
    return "string";
}

/* label and weight are native GEXF fields, not attvalues */
static bool native(const char *name)
{
    return strcmp(name, "label") == 0 || strcmp(name, "weight") == 0;
}

static void declare(FILE *f, const char *cls, const dg_i_attr *t, size_t n)
{
    fprintf(f, "    <attributes class=\"%s\" mode=\"static\">\n", cls);
    for (size_t a = 0; a < n; a++)
        if (!native(t[a].name))
            fprintf(f, "      <attribute id=\"%s%zu\" title=\"%s\" type=\"%s\"/>\n", cls, a,
                    t[a].name, gexf_type(t[a].type));
    fputs("    </attributes>\n", f);
}

static void attvalue(FILE *f, const char *cls, size_t a, dg_i_atype t, const dg_i_value *v)
{
    char buf[64];
    fprintf(f, "          <attvalue for=\"%s%zu\" value=\"", cls, a);
    switch (t) {
    case DG_I_STR: xml(f, v->s); break;
    case DG_I_INT: fprintf(f, "%lld", v->i); break;
    case DG_I_REAL:
        dg_i_fmt_real(buf, sizeof buf, v->d);
        fputs(buf, f);
        break;
    case DG_I_BOOL: fputs(v->b ? "true" : "false", f); break;
    }
    fputs("\"/>\n", f);
}

static void span(FILE *f, const char *first, const char *last)
{
    if (*first && *last)
        fprintf(f, " start=\"%s\" end=\"%s\"", first, last);
}

dg_status dg_i_export_gexf(const dg_graph *g, FILE *f, dg_diags *diags)
{
    (void)diags;
    bool und = dg_i_graph_undirected(g);
    dg_i_value val;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<gexf xmlns=\"http://gexf.net/1.3\" "
          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
          "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" "
          "version=\"1.3\">\n"
          "  <meta>\n    <creator>dealgraph</creator>\n"
          "    <description>organizations and their partnerships, investments and "
          "acquisitions</description>\n  </meta>\n",
          f);
    fprintf(f, "  <graph mode=\"dynamic\" defaultedgetype=\"%s\" timeformat=\"date\">\n",
            und ? "undirected" : "directed");
    declare(f, "node", dg_i_vattrs, dg_i_nvattrs);
    declare(f, "edge", dg_i_eattrs, dg_i_neattrs);
    fputs("    <nodes>\n", f);
    for (size_t i = 0; i < g->nv; i++) {
        const dg_i_vertex *v = &g->v[i];
        fprintf(f, "      <node id=\"n%zu\" label=\"", i);
        xml(f, v->name);
        fputc('"', f);
        span(f, v->first_seen, v->last_seen);
        fputs(">\n        <attvalues>\n", f);
        for (size_t a = 0; a < dg_i_nvattrs; a++) {
            if (native(dg_i_vattrs[a].name))
                continue;
            dg_i_vattr_get(g, i, a, &val);
            attvalue(f, "node", a, dg_i_vattrs[a].type, &val);
        }
        fputs("        </attvalues>\n      </node>\n", f);
    }
    fputs("    </nodes>\n    <edges>\n", f);
    for (size_t i = 0; i < g->ne; i++) {
        const dg_i_edge *e = &g->e[i];
        fprintf(f, "      <edge id=\"e%zu\" source=\"n%zu\" target=\"n%zu\" type=\"%s\" "
                   "weight=\"%zu\" label=\"",
                i, e->src, e->tgt, und ? "undirected" : e->directed ? "directed" : "mutual",
                e->weight);
        xml(f, e->type);
        fputc('"', f);
        span(f, e->first_seen, e->last_seen);
        fputs(">\n        <attvalues>\n", f);
        for (size_t a = 0; a < dg_i_neattrs; a++) {
            if (native(dg_i_eattrs[a].name))
                continue;
            dg_i_eattr_get(g, i, a, &val);
            attvalue(f, "edge", a, dg_i_eattrs[a].type, &val);
        }
        fputs("        </attvalues>\n      </edge>\n", f);
    }
    fputs("    </edges>\n  </graph>\n</gexf>\n", f);
    return ferror(f) ? DG_EIO : DG_OK;
}
