/* `dealgraph explain`: how the rule set reads a text, sentence by sentence. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

static const char explain_usage[] =
    "usage: dealgraph explain [--rules DIR]... TEXT|FILE|-\n"
    "\n"
    "For each sentence prints the organizations found (with the list entry or\n"
    "rule that found each), the relations extracted (rule id and file:line) and,\n"
    "for each relation rule whose trigger words occur but which did not fire,\n"
    "why not: a missing organization, no pattern match, a veto, or a\n"
    "higher-priority rule that took the span. The argument is read as a file\n"
    "when one exists by that name, from standard input when it is -, and as\n"
    "the text itself otherwise (several words are joined by spaces).\n"
    "\n"
    "  --rules DIR   rule directory (repeatable; default rules)\n"
    "  -h, --help    this text\n";

/* Reads all of f into a new buffer; NULL on error (errno set). */
static char *slurp(FILE *f, size_t *n)
{
    size_t cap = 1 << 16, len = 0;
    char *b = malloc(cap);
    if (!b)
        return NULL;
    for (;;) {
        if (len + 1 >= cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                return NULL;
            }
            b = nb;
        }
        size_t got = fread(b + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(b);
        return NULL;
    }
    b[len] = 0;
    *n = len;
    return b;
}

/* Explains every document of one input file, each under a header line. */
static int explain_file(dg_extractor *x, const char *path)
{
    const char *paths[1] = {path};
    dg_reader *r = NULL;
    dg_diags *diags = NULL;
    int rc = DG_EXIT_FAIL;
    if (dg_reader_new(paths, 1, NULL, &r) != DG_OK || !(diags = dg_diags_new()))
        goto cleanup;
    for (;;) {
        dg_doc doc = {0};
        bool got = false;
        if (dg_reader_next(r, &doc, &got, diags) != DG_OK)
            goto cleanup;
        if (!got)
            break;
        printf("document %s\n", doc.id);
        dg_status st = dg_explain(x, doc.text, doc.len, stdout);
        dg_doc_destroy(&doc);
        if (st != DG_OK)
            goto cleanup;
    }
    dg_diags_print(diags, stderr);
    rc = dg_reader_stats_get(r)->skipped_total ? DG_EXIT_SKIPPED : DG_EXIT_OK;
cleanup:
    if (rc == DG_EXIT_FAIL)
        fprintf(stderr, "dealgraph explain: %s: out of memory\n", path);
    dg_diags_free(diags);
    dg_reader_free(r);
    return rc;
}

int dg_cmd_explain(int argc, char **argv)
{
    static const struct option longopts[] = {{"rules", required_argument, NULL, 'r'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    size_t ndirs = 0;
    int rc = DG_EXIT_FAIL;
    char *text = NULL;
    size_t n = 0;
    dg_ruleset *rs = NULL;
    dg_extractor *x = NULL;
    if (!dirs)
        return DG_EXIT_FAIL;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (c == 'r') {
            dirs[ndirs++] = optarg;
        } else if (c == 'h') {
            fputs(explain_usage, stdout);
            rc = DG_EXIT_OK;
            goto cleanup;
        } else {
            fputs(explain_usage, stderr);
            rc = DG_EXIT_USAGE;
            goto cleanup;
        }
    }
    if (optind >= argc) {
        fputs(explain_usage, stderr);
        rc = DG_EXIT_USAGE;
        goto cleanup;
    }
    struct stat sb;
    bool is_file = argc - optind == 1 && strcmp(argv[optind], "-") != 0 &&
                   stat(argv[optind], &sb) == 0 && S_ISREG(sb.st_mode);
    if (argc - optind == 1 && strcmp(argv[optind], "-") == 0) {
        text = slurp(stdin, &n);
    } else if (!is_file) {
        size_t len = 0;
        for (int i = optind; i < argc; i++)
            len += strlen(argv[i]) + 1;
        if ((text = malloc(len + 1))) {
            text[0] = 0;
            for (int i = optind; i < argc; i++) {
                if (i > optind)
                    strcat(text, " ");
                strcat(text, argv[i]);
            }
            n = strlen(text);
        }
    }
    if (!is_file && !text) {
        fprintf(stderr, "dealgraph explain: cannot read the text: %s\n", strerror(errno));
        goto cleanup;
    }
    if (!(rs = dg_cli_load_rules(dirs, ndirs, false, "explain"))) {
        rc = DG_EXIT_USAGE;
        goto cleanup;
    }
    if (dg_extractor_new(rs, &x) != DG_OK) {
        fprintf(stderr, "dealgraph explain: out of memory\n");
        goto cleanup;
    }
    if (is_file) {
        /* A file is read as extract reads it (front matter, BOM, JSON Lines),
         * so explain sees the same sentences and offsets. */
        rc = explain_file(x, argv[optind]);
        goto cleanup;
    }
    if (dg_explain(x, text, n, stdout) != DG_OK) {
        fprintf(stderr, "dealgraph explain: out of memory\n");
        goto cleanup;
    }
    rc = DG_EXIT_OK;
cleanup:
    dg_extractor_free(x);
    dg_ruleset_free(rs);
    free(text);
    free(dirs);
    return rc;
}
