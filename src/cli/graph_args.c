/* Graph options shared by `extract`, `graph` and `stats`: outputs, filters
 * and aggregation switches, parsed into a dg_graph_opts. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_GRAPHML = 1000,
    OPT_JSON,
    OPT_CSV,
    OPT_DOT,
    OPT_GEXF,
    OPT_OUTPUT,
    OPT_FORMAT,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_TYPE,
    OPT_STATUS,
    OPT_MIN_WEIGHT,
    OPT_ROLLUP,
    OPT_UNDIRECTED,
    OPT_MAX_SOURCES,
};

const struct option dg_cli_graph_longopts[] = {
    {"graphml", required_argument, NULL, OPT_GRAPHML},
    {"json", required_argument, NULL, OPT_JSON},
    {"csv", required_argument, NULL, OPT_CSV},
    {"dot", required_argument, NULL, OPT_DOT},
    {"gexf", required_argument, NULL, OPT_GEXF},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"type", required_argument, NULL, OPT_TYPE},
    {"status", required_argument, NULL, OPT_STATUS},
    {"min-weight", required_argument, NULL, OPT_MIN_WEIGHT},
    {"rollup", no_argument, NULL, OPT_ROLLUP},
    {"undirected", no_argument, NULL, OPT_UNDIRECTED},
    {"max-sources", required_argument, NULL, OPT_MAX_SOURCES},
    {NULL, 0, NULL, 0},
};

const char dg_cli_graph_help[] =
    "  --graphml FILE      write the graph as GraphML (Gephi, Cytoscape, igraph, networkx)\n"
    "  --json FILE         write node-link JSON (networkx node_link_graph, d3)\n"
    "  --csv FILE          write nodes to FILE and edges beside it (nodes -> edges in\n"
    "                      the name, else FILE.edges.csv)\n"
    "  --dot FILE          write Graphviz DOT\n"
    "  --gexf FILE         write GEXF 1.3 with first/last seen dates (Gephi timeline)\n"
    "  --output FILE       write FILE in the --format given, else by its ending\n"
    "  --format NAME       graphml, json, csv, dot or gexf (for --output)\n"
    "  --since YYYY-MM-DD  keep records dated on or after this day\n"
    "  --until YYYY-MM-DD  keep records dated on or before this day\n"
    "  --type TYPE         keep these relation types (repeatable or comma-separated)\n"
    "  --status STATUS     keep these statuses: announced, completed, planned, rumored,\n"
    "                      ended, denied (repeatable or comma-separated)\n"
    "  --min-weight N      drop edges backed by fewer than N documents\n"
    "  --rollup            merge organizations into their parent organizations\n"
    "  --undirected        export every edge as undirected\n"
    "  --max-sources N     document ids kept per edge (default 20)\n";

typedef struct output {
    char *path;
    int fmt; /* dg_format, or -1: from --format or the file ending */
} output;

struct dg_cli_graph_args {
    dg_graph_opts opts;
    char *since, *until;
    char **types; /* NULL-terminated */
    size_t ntypes;
    output *out;
    size_t nout;
    int format; /* --format, -1 when not given */
};

dg_cli_graph_args *dg_cli_graph_args_new(void)
{
    dg_cli_graph_args *a = calloc(1, sizeof *a);
    if (a)
        a->format = -1;
    return a;
}

void dg_cli_graph_args_free(dg_cli_graph_args *a)
{
    if (!a)
        return;
    free(a->since);
    free(a->until);
    for (size_t i = 0; i < a->ntypes; i++)
        free(a->types[i]);
    free(a->types);
    for (size_t i = 0; i < a->nout; i++)
        free(a->out[i].path);
    free(a->out);
    free(a);
}

static bool valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    if (*s == '-' || *s == '\0')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *out = (size_t)v;
    return true;
}

static int add_output(dg_cli_graph_args *a, const char *path, int fmt)
{
    output *o = realloc(a->out, (a->nout + 1) * sizeof *o);
    if (!o)
        return -1;
    a->out = o;
    if (!(o[a->nout].path = strdup(path)))
        return -1;
    o[a->nout++].fmt = fmt;
    return 1;
}

static int add_type(dg_cli_graph_args *a, const char *t, size_t n)
{
    char **v = realloc(a->types, (a->ntypes + 2) * sizeof *v);
    if (!v)
        return -1;
    a->types = v;
    if (!(v[a->ntypes] = strndup(t, n)))
        return -1;
    v[++a->ntypes] = NULL;
    a->opts.types = (const char *const *)v;
    return 1;
}

static int oom(void)
{
    fprintf(stderr, "dealgraph: out of memory\n");
    return -1;
}

int dg_cli_graph_args_handle(dg_cli_graph_args *a, int code, const char *arg)
{
    dg_format fmt;
    switch (code) {
    case OPT_GRAPHML: return add_output(a, arg, DG_FMT_GRAPHML) < 0 ? oom() : 1;
    case OPT_JSON: return add_output(a, arg, DG_FMT_JSON) < 0 ? oom() : 1;
    case OPT_CSV: return add_output(a, arg, DG_FMT_CSV) < 0 ? oom() : 1;
    case OPT_DOT: return add_output(a, arg, DG_FMT_DOT) < 0 ? oom() : 1;
    case OPT_GEXF: return add_output(a, arg, DG_FMT_GEXF) < 0 ? oom() : 1;
    case OPT_OUTPUT: return add_output(a, arg, -1) < 0 ? oom() : 1;
    case OPT_FORMAT:
        if (!dg_format_parse(arg, &fmt)) {
            fprintf(stderr, "dealgraph: --format takes graphml, json, csv, dot or gexf, "
                            "not '%s'\n", arg);
            return -1;
        }
        a->format = (int)fmt;
        return 1;
    case OPT_SINCE:
    case OPT_UNTIL: {
        if (!valid_date(arg)) {
            fprintf(stderr, "dealgraph: --%s takes a date YYYY-MM-DD, not '%s'\n",
                    code == OPT_SINCE ? "since" : "until", arg);
            return -1;
        }
        char **slot = code == OPT_SINCE ? &a->since : &a->until;
        free(*slot);
        if (!(*slot = strdup(arg)))
            return oom();
        a->opts.since = a->since;
        a->opts.until = a->until;
        return 1;
    }
    case OPT_TYPE:
    case OPT_STATUS:
        for (const char *p = arg;;) {
            size_t n = strcspn(p, ",");
            if (n == 0) {
                fprintf(stderr, "dealgraph: --%s: empty name in '%s'\n",
                        code == OPT_TYPE ? "type" : "status", arg);
                return -1;
            }
            if (code == OPT_TYPE) {
                if (add_type(a, p, n) < 0)
                    return oom();
            } else {
                char name[32];
                dg_rel_status s;
                snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), p);
                if (n >= sizeof name || !dg_rel_status_parse(name, &s)) {
                    fprintf(stderr, "dealgraph: --status takes announced, completed, planned, "
                                    "rumored, ended or denied, not '%.*s'\n", (int)n, p);
                    return -1;
                }
                a->opts.status_mask |= 1u << s;
            }
            if (!p[n])
                break;
            p += n + 1;
        }
        return 1;
    case OPT_MIN_WEIGHT:
    case OPT_MAX_SOURCES: {
        size_t v;
        if (!parse_size(arg, &v) || (code == OPT_MAX_SOURCES && v == 0)) {
            fprintf(stderr, "dealgraph: --%s takes a %snumber, not '%s'\n",
                    code == OPT_MIN_WEIGHT ? "min-weight" : "max-sources",
                    code == OPT_MAX_SOURCES ? "positive " : "", arg);
            return -1;
        }
        if (code == OPT_MIN_WEIGHT)
            a->opts.min_weight = v;
        else
            a->opts.max_sources = v;
        return 1;
    }
    case OPT_ROLLUP: a->opts.rollup = true; return 1;
    case OPT_UNDIRECTED: a->opts.undirected = true; return 1;
    default: return 0;
    }
}

const dg_graph_opts *dg_cli_graph_args_opts(const dg_cli_graph_args *a)
{
    return &a->opts;
}

bool dg_cli_graph_args_wanted(const dg_cli_graph_args *a)
{
    return a && a->nout > 0;
}

int dg_cli_graph_write_outputs(const dg_cli_graph_args *a, dg_graph *g, dg_diags *diags)
{
    /* Messages go to a local list printed here, so a caller that prints its
     * own list afterwards does not show them twice. */
    (void)diags;
    int rc = 0;
    dg_diags *d = dg_diags_new();
    if (!d)
        return oom(), 1;
    for (size_t i = 0; i < a->nout; i++) {
        dg_format fmt;
        if (a->out[i].fmt >= 0)
            fmt = (dg_format)a->out[i].fmt;
        else if (a->format >= 0)
            fmt = (dg_format)a->format;
        else if (!dg_format_from_path(a->out[i].path, &fmt)) {
            fprintf(stderr, "dealgraph: %s: cannot tell the graph format from the name; "
                            "give --format\n", a->out[i].path);
            rc = 1;
            goto cleanup;
        }
    }
    dg_status st = dg_graph_finish(g, d);
    if (st != DG_OK) {
        dg_diags_print(d, stderr);
        fprintf(stderr, "dealgraph: cannot build the graph: %s\n", dg_status_str(st));
        rc = 1;
        goto cleanup;
    }
    for (size_t i = 0; i < a->nout; i++) {
        dg_format fmt;
        if (a->out[i].fmt >= 0)
            fmt = (dg_format)a->out[i].fmt;
        else if (a->format >= 0)
            fmt = (dg_format)a->format;
        else
            dg_format_from_path(a->out[i].path, &fmt);
        st = dg_graph_write(g, a->out[i].path, fmt, d);
        if (st != DG_OK) {
            dg_diags_print(d, stderr);
            dg_diags_clear(d);
            fprintf(stderr, "dealgraph: %s: graph not written (%s)\n", a->out[i].path,
                    dg_status_str(st));
            rc = 1;
        }
    }
cleanup:
    dg_diags_free(d);
    return rc;
}
