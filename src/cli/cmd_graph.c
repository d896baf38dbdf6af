/* `dealgraph graph` and `dealgraph stats`: relations files in, graph out.
 * Reading relations files (rather than articles) is what lets a corpus be
 * extracted in shards and merged: the graph does not depend on the order
 * in which records arrive. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_TOP = 900 };

static const char graph_usage[] =
    "usage: dealgraph graph [OPTIONS] RELATIONS.jsonl...\n"
    "\n"
    "Builds the graph of organizations from relations files written by\n"
    "`dealgraph extract --relations` (\"-\" reads standard input) and writes it in\n"
    "the formats asked for. Shards extracted separately give the same graph as\n"
    "one run over the whole corpus. A bad line is reported as FILE:LINE and\n"
    "skipped (exit status 1). See docs/graph.md for the attributes.\n"
    "\n"
    "options:\n"
    "  -q, --quiet         no summary on standard error\n"
    "  -h, --help          show this help\n";

static const char stats_usage[] =
    "usage: dealgraph stats [OPTIONS] [--top N] RELATIONS.jsonl...\n"
    "\n"
    "Builds the graph from relations files (\"-\" reads standard input) and prints\n"
    "counts by relation type and status, the leading organizations by degree,\n"
    "weighted degree, PageRank and betweenness, and the communities.\n"
    "\n"
    "options:\n"
    "  --top N             organizations listed per measure (default 10)\n"
    "  -q, --quiet         no summary on standard error\n"
    "  -h, --help          show this help\n";

typedef struct readstats {
    size_t read, skipped;
} readstats;

/* Adds every record of one relations file to g. Returns DG_OK, or a failure
 * that stops the run (I/O, memory); bad lines are counted and reported. */
static dg_status read_file(const char *path, dg_graph *g, readstats *rs, const char *cmd)
{
    dg_status st = DG_OK;
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    if (!f) {
        fprintf(stderr, "dealgraph %s: %s: %s\n", cmd, name, strerror(errno));
        return DG_EIO;
    }
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        size_t k = 0;
        while (k < (size_t)n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == (size_t)n)
            continue; /* blank lines separate nothing; not an error */
        dg_relation r = {0};
        char *err = NULL;
        dg_status pst = dg_relation_parse_json(line, (size_t)n, &r, &err);
        if (pst == DG_ENOMEM) {
            free(err);
            st = DG_ENOMEM;
            goto cleanup;
        }
        if (pst != DG_OK) {
            fprintf(stderr, "%s:%lu: warning: %s; record skipped\n", name, lineno,
                    err ? err : dg_status_str(pst));
            free(err);
            rs->skipped++;
            continue;
        }
        rs->read++;
        st = dg_graph_add(g, &r);
        dg_relation_destroy(&r);
        if (st == DG_EINVAL) {
            fprintf(stderr, "%s:%lu: warning: unusable record; skipped\n", name, lineno);
            rs->read--;
            rs->skipped++;
            st = DG_OK;
        } else if (st != DG_OK) {
            goto cleanup;
        }
    }
    if (ferror(f)) {
        fprintf(stderr, "dealgraph %s: %s: read error: %s\n", cmd, name, strerror(errno));
        st = DG_EIO;
    }
cleanup:
    free(line);
    if (!is_stdin)
        fclose(f);
    return st;
}

static int run(int argc, char **argv, bool stats)
{
    const char *cmd = stats ? "stats" : "graph";
    const char *usage = stats ? stats_usage : graph_usage;
    static const struct option own[] = {
        {"top", required_argument, NULL, OPT_TOP},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
    };
    size_t nown = sizeof own / sizeof *own, ngraph = 0;
    while (dg_cli_graph_longopts[ngraph].name)
        ngraph++;
    struct option *longopts = calloc(nown + ngraph + 1, sizeof *longopts);
    dg_cli_graph_args *ga = dg_cli_graph_args_new();
    dg_graph *g = NULL;
    dg_diags *d = dg_diags_new();
    int rc = DG_EXIT_FAIL;
    size_t top = 10;
    bool quiet = false;
    readstats rs = {0};
    if (!longopts || !ga || !d) {
        fprintf(stderr, "dealgraph %s: out of memory\n", cmd);
        goto cleanup;
    }
    /* graph has no --top: leave it out so getopt rejects it */
    memcpy(longopts, stats ? own : own + 1, (stats ? nown : nown - 1) * sizeof *longopts);
    memcpy(longopts + (stats ? nown : nown - 1), dg_cli_graph_longopts,
           ngraph * sizeof *longopts);

    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'q': quiet = true; break;
        case 'h':
            fputs(usage, stdout);
            fputs("\ngraph options:\n", stdout);
            fputs(dg_cli_graph_help, stdout);
            rc = DG_EXIT_OK;
            goto cleanup;
        case OPT_TOP: {
            char *end;
            errno = 0;
            unsigned long v = strtoul(optarg, &end, 10);
            if (errno || *end || !*optarg || *optarg == '-') {
                fprintf(stderr, "dealgraph stats: --top takes a number, not '%s'\n", optarg);
                rc = DG_EXIT_USAGE;
                goto cleanup;
            }
            top = (size_t)v;
            break;
        }
        default: {
            int h = c >= 1000 ? dg_cli_graph_args_handle(ga, c, optarg) : 0;
            if (h == 1)
                break;
            if (h == 0)
                fprintf(stderr, "(`dealgraph %s --help` lists the options)\n", cmd);
            rc = DG_EXIT_USAGE;
            goto cleanup;
        }
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "dealgraph %s: no relations file (give files, or - for stdin)\n\n%s",
                cmd, usage);
        rc = DG_EXIT_USAGE;
        goto cleanup;
    }
    if (!stats && !dg_cli_graph_args_wanted(ga)) {
        fprintf(stderr, "dealgraph graph: no output: give --graphml, --json, --csv, --dot, "
                        "--gexf or --output\n");
        rc = DG_EXIT_USAGE;
        goto cleanup;
    }
    if (dg_graph_new(dg_cli_graph_args_opts(ga), &g) != DG_OK) {
        fprintf(stderr, "dealgraph %s: out of memory\n", cmd);
        goto cleanup;
    }
    for (int i = optind; i < argc; i++) {
        dg_status st = read_file(argv[i], g, &rs, cmd);
        if (st != DG_OK) {
            if (st != DG_EIO)
                fprintf(stderr, "dealgraph %s: %s: %s\n", cmd, argv[i], dg_status_str(st));
            goto cleanup;
        }
    }
    if (dg_cli_graph_args_wanted(ga)) {
        if (dg_cli_graph_write_outputs(ga, g, d) != 0)
            goto cleanup;
    } else {
        dg_status st = dg_graph_finish(g, d);
        if (st != DG_OK) {
            dg_diags_print(d, stderr);
            fprintf(stderr, "dealgraph %s: %s\n", cmd, dg_status_str(st));
            goto cleanup;
        }
    }
    if (stats && dg_graph_print_stats(g, stdout, top) != DG_OK) {
        fprintf(stderr, "dealgraph stats: cannot write to standard output\n");
        goto cleanup;
    }
    if (!quiet)
        fprintf(stderr, "dealgraph %s: %zu record%s read, %zu skipped; %zu vertices, %zu edges\n",
                cmd, rs.read, rs.read == 1 ? "" : "s", rs.skipped, dg_graph_vertex_count(g),
                dg_graph_edge_count(g));
    rc = rs.skipped ? DG_EXIT_SKIPPED : DG_EXIT_OK;
cleanup:
    if (fflush(stdout) != 0 && rc != DG_EXIT_USAGE)
        rc = DG_EXIT_FAIL;
    dg_graph_free(g);
    dg_diags_free(d);
    dg_cli_graph_args_free(ga);
    free(longopts);
    return rc;
}

int dg_cmd_graph(int argc, char **argv)
{
    return run(argc, argv, false);
}

int dg_cmd_stats(int argc, char **argv)
{
    return run(argc, argv, true);
}
