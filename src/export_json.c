/* Node-link JSON export (the format of networkx's node_link_data and d3).
 *
 * Node ids are the organization names, so G.nodes["Microsoft"] works after
 * networkx.node_link_graph. "multigraph" is false unless two relation types
 * join the same (source, target): a simple graph would silently keep only
 * one of them, so then it is true and each link carries "key" = relation. */
#include "graph_internal.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

typedef struct pair {
    size_t a, b;
} pair;

static int cmp_pair(const void *pa, const void *pb)
{
    const pair *x = pa, *y = pb;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

static bool has_parallel(const dg_graph *g, bool *oom)
{
    pair *p = malloc((g->ne + 1) * sizeof *p);
    if (!p) {
        *oom = true;
        return false;
    }
    for (size_t i = 0; i < g->ne; i++)
        p[i] = (pair){g->e[i].src, g->e[i].tgt};
    qsort(p, g->ne, sizeof *p, cmp_pair);
    bool par = false;
    for (size_t i = 1; i < g->ne && !par; i++)
        par = p[i].a == p[i - 1].a && p[i].b == p[i - 1].b;
    free(p);
    return par;
}

static json_t *value_json(dg_i_atype t, const dg_i_value *v)
{
    switch (t) {
    case DG_I_STR: return json_string(v->s);
    case DG_I_INT: return json_integer((json_int_t)v->i);
    case DG_I_REAL: return json_real(v->d);
    case DG_I_BOOL: return json_boolean(v->b);
    }
    return NULL;
}

dg_status dg_i_export_json(const dg_graph *g, FILE *f, dg_diags *diags)
{
    (void)diags;
    dg_status st = DG_ENOMEM;
    bool oom = false;
    bool multi = has_parallel(g, &oom);
    json_t *root = json_object(), *nodes = json_array(), *links = json_array();
    if (oom || !root || !nodes || !links)
        goto cleanup;
    if (json_object_set_new(root, "directed", json_boolean(!dg_i_graph_undirected(g))) ||
        json_object_set_new(root, "multigraph", json_boolean(multi)) ||
        json_object_set_new(root, "graph", json_object()))
        goto cleanup;
    dg_i_value val;
    for (size_t i = 0; i < g->nv; i++) {
        json_t *n = json_object();
        if (!n || json_array_append_new(nodes, n) ||
            json_object_set_new(n, "id", json_string(g->v[i].name)))
            goto cleanup;
        for (size_t a = 0; a < dg_i_nvattrs; a++) {
            dg_i_vattr_get(g, i, a, &val);
            if (json_object_set_new(n, dg_i_vattrs[a].name, value_json(dg_i_vattrs[a].type, &val)))
                goto cleanup;
        }
    }
    for (size_t i = 0; i < g->ne; i++) {
        json_t *l = json_object();
        if (!l || json_array_append_new(links, l) ||
            json_object_set_new(l, "source", json_string(g->v[g->e[i].src].name)) ||
            json_object_set_new(l, "target", json_string(g->v[g->e[i].tgt].name)) ||
            (multi && json_object_set_new(l, "key", json_string(g->e[i].type))))
            goto cleanup;
        for (size_t a = 0; a < dg_i_neattrs; a++) {
            dg_i_eattr_get(g, i, a, &val);
            if (json_object_set_new(l, dg_i_eattrs[a].name, value_json(dg_i_eattrs[a].type, &val)))
                goto cleanup;
        }
    }
    if (json_object_set(root, "nodes", nodes) || json_object_set(root, "links", links))
        goto cleanup;
    st = DG_OK;
    if (json_dumpf(root, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) != 0 ||
        fputc('\n', f) == EOF || ferror(f))
        st = DG_EIO;
cleanup:
    json_decref(nodes);
    json_decref(links);
    json_decref(root);
    return st;
}
