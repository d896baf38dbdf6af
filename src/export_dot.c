/* Graphviz DOT export. Node ids are the quoted organization names; every
 * attribute is written (Graphviz ignores the ones it does not know, and
 * pydot/networkx keep them). In a digraph an undirected partnership gets
 * dir=none; with --undirected the whole graph is a `graph` with `--`. */
#include "graph_internal.h"

#include <string.h>

/* A DOT quoted string: quotes and backslashes escaped, a line break as \n
 * (control characters were already replaced when the records came in). */
static void quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        if (*s == '\n')
            fputs("\\n", f);
        else if (*s != '\r')
            fputc(*s, f);
    }
    fputc('"', f);
}

static void attr(FILE *f, const char *name, dg_i_atype t, const dg_i_value *v, bool first)
{
    char buf[64];
    fprintf(f, "%s%s=", first ? "" : ", ", name);
    switch (t) {
    case DG_I_STR: quoted(f, v->s); break;
    case DG_I_INT: fprintf(f, "%lld", v->i); break;
    case DG_I_REAL:
        dg_i_fmt_real(buf, sizeof buf, v->d);
        quoted(f, buf);
        break;
    case DG_I_BOOL: fputs(v->b ? "true" : "false", f); break;
    }
}

dg_status dg_i_export_dot(const dg_graph *g, FILE *f, dg_diags *diags)
{
    (void)diags;
    bool und = dg_i_graph_undirected(g);
    dg_i_value val;
    fprintf(f, "%s dealgraph {\n", und ? "graph" : "digraph");
    for (size_t i = 0; i < g->nv; i++) {
        fputs("  ", f);
        quoted(f, g->v[i].name);
        fputs(" [", f);
        for (size_t a = 0; a < dg_i_nvattrs; a++) {
            dg_i_vattr_get(g, i, a, &val);
            attr(f, dg_i_vattrs[a].name, dg_i_vattrs[a].type, &val, a == 0);
        }
        fputs("];\n", f);
    }
    for (size_t i = 0; i < g->ne; i++) {
        fputs("  ", f);
        quoted(f, g->v[g->e[i].src].name);
        fputs(und ? " -- " : " -> ", f);
        quoted(f, g->v[g->e[i].tgt].name);
        fputs(" [", f);
        for (size_t a = 0; a < dg_i_neattrs; a++) {
            dg_i_eattr_get(g, i, a, &val);
            attr(f, dg_i_eattrs[a].name, dg_i_eattrs[a].type, &val, a == 0);
        }
        if (!und && !g->e[i].directed)
            fputs(", dir=none", f);
        fputs("];\n", f);
    }
    fputs("}\n", f);
    return ferror(f) ? DG_EIO : DG_OK;
}
