/* GraphML export through igraph_write_graph_graphml.
 *
 * igraph's C attribute handler knows only one numeric type, so its writer
 * declares every number attr.type="double" and networkx, Gephi and Cytoscape
 * then read counts such as weight or degree as 2.0. The output goes through
 * a memory stream first and the <key> declarations of the integer attributes
 * (the DG_I_INT entries of the attribute tables) are changed to "long"; their
 * values are whole numbers, which igraph prints without a fraction. */
#include "graph_internal.h"

#include <stdlib.h>
#include <string.h>

/* true when the <key .../> line declares an integer attribute. */
static bool is_int_key(const char *line, size_t n)
{
    const char *f = memmem(line, n, " for=\"", 6);
    const char *a = memmem(line, n, " attr.name=\"", 12);
    if (!f || !a)
        return false;
    bool node = strncmp(f + 6, "node\"", 5) == 0;
    const dg_i_attr *t = node ? dg_i_vattrs : dg_i_eattrs;
    size_t nt = node ? dg_i_nvattrs : dg_i_neattrs;
    const char *name = a + 12;
    const char *q = memchr(name, '"', n - (size_t)(name - line));
    if (!q)
        return false;
    for (size_t i = 0; i < nt; i++)
        if (t[i].type == DG_I_INT && strlen(t[i].name) == (size_t)(q - name) &&
            memcmp(t[i].name, name, (size_t)(q - name)) == 0)
            return true;
    return false;
}

dg_status dg_i_export_graphml(const dg_graph *g, FILE *f, dg_diags *diags)
{
    dg_status st = DG_OK;
    char *buf = NULL;
    size_t len = 0;
    dg_i_igraph_setup();
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return DG_ENOMEM;
    igraph_error_t err = igraph_write_graph_graphml(&g->ig, mem, true);
    if (fclose(mem) != 0 && err == IGRAPH_SUCCESS)
        err = IGRAPH_ENOMEM;
    if (err != IGRAPH_SUCCESS) {
        if (diags)
            dg_diags_add(diags, DG_SEV_ERROR, NULL, 0, 0, NULL,
                         "igraph_write_graph_graphml: %s", igraph_strerror(err));
        st = err == IGRAPH_ENOMEM ? DG_ENOMEM : DG_EGRAPH;
        goto cleanup;
    }
    static const char dbl[] = "attr.type=\"double\"";
    for (size_t i = 0; i < len;) {
        const char *line = buf + i;
        const char *nl = memchr(line, '\n', len - i);
        size_t n = nl ? (size_t)(nl - line) + 1 : len - i;
        const char *key = memmem(line, n, "<key ", 5);
        const char *ty = key ? memmem(line, n, dbl, sizeof dbl - 1) : NULL;
        if (ty && is_int_key(line, n)) {
            fwrite(line, 1, (size_t)(ty - line), f);
            fputs("attr.type=\"long\"", f);
            fwrite(ty + sizeof dbl - 1, 1, n - (size_t)(ty - line) - (sizeof dbl - 1), f);
        } else {
            fwrite(line, 1, n, f);
        }
        i += n;
    }
    if (ferror(f))
        st = DG_EIO;
cleanup:
    free(buf);
    return st;
}
