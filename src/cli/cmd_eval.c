/* `dealgraph eval`: precision, recall and F1 of extraction output against a
 * gold file. Thin: arguments -> dg_eval -> print. */
#include "cli.h"

#include <dealgraph/eval.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char eval_usage[] =
    "usage: dealgraph eval --gold FILE [--split dev|test|all] [--rules DIR]...\n"
    "                      [--resamples N] [--json] [--verbose]\n"
    "                      RELATIONS.jsonl [ENTITIES.jsonl]\n"
    "\n"
    "Scores the relations (and, when given, the entities) written by\n"
    "`dealgraph extract` against a gold JSON Lines file, per relation type\n"
    "(pairs of organizations per document), with status, amount, round and\n"
    "stake accuracy over the matched pairs and organization P/R/F1. Each\n"
    "figure comes with a 95% interval from resampling the documents, which\n"
    "says how much a corpus of this size can tell apart.\n"
    "\n"
    "  --gold FILE      gold standard (required)\n"
    "  --split NAME     dev, test or all (default all)\n"
    "  --rules DIR      rule directory whose organization lists fold names\n"
    "                   (repeatable; default rules)\n"
    "  --resamples N    resamples behind the intervals (default 1000; 0: none)\n"
    "  --json           print the figures as one JSON object\n"
    "  -v, --verbose    list every false positive, false negative and\n"
    "                   attribute mismatch with its document id\n"
    "  -h, --help       this text\n";

enum { OPT_GOLD = 1, OPT_SPLIT, OPT_RULES, OPT_JSON, OPT_RESAMPLES };

int dg_cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"gold", required_argument, NULL, OPT_GOLD},
        {"split", required_argument, NULL, OPT_SPLIT},
        {"rules", required_argument, NULL, OPT_RULES},
        {"json", no_argument, NULL, OPT_JSON},
        {"resamples", required_argument, NULL, OPT_RESAMPLES},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *gold = NULL, *split = "all";
    const char **dirs = NULL;
    size_t ndirs = 0;
    bool json = false, verbose = false;
    unsigned long resamples = DG_EVAL_RESAMPLES;
    int rc = DG_EXIT_FAIL;
    dg_status st;
    dg_diags *diags = dg_diags_new();
    dg_ruleset *rs = NULL;
    dg_eval *ev = NULL;
    dg_eval_result res;
    dg_eval_result_init(&res);
    if (!diags || !(dirs = calloc((size_t)argc + 1, sizeof *dirs))) {
        fprintf(stderr, "dealgraph eval: out of memory\n");
        goto cleanup;
    }

    optind = 1;
    opterr = 1;
    int c;
    while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_GOLD: gold = optarg; break;
        case OPT_SPLIT: split = optarg; break;
        case OPT_RULES: dirs[ndirs++] = optarg; break;
        case OPT_JSON: json = true; break;
        case OPT_RESAMPLES: {
            char *end;
            errno = 0;
            resamples = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-' || resamples > 100000) {
                fprintf(stderr, "dealgraph eval: --resamples takes 0 to 100000, not '%s'\n",
                        optarg);
                rc = DG_EXIT_USAGE;
                goto cleanup;
            }
            break;
        }
        case 'v': verbose = true; break;
        case 'h':
            fputs(eval_usage, stdout);
            rc = DG_EXIT_OK;
            goto cleanup;
        default:
            fputs(eval_usage, stderr);
            rc = DG_EXIT_USAGE;
            goto cleanup;
        }
    }
    int npos = argc - optind;
    if (!gold || npos < 1 || npos > 2) {
        fprintf(stderr, "dealgraph eval: %s\n",
                !gold ? "--gold FILE is required" : "give RELATIONS.jsonl and optionally ENTITIES.jsonl");
        fputs(eval_usage, stderr);
        rc = DG_EXIT_USAGE;
        goto cleanup;
    }
    if (strcmp(split, "dev") != 0 && strcmp(split, "test") != 0 && strcmp(split, "all") != 0) {
        fprintf(stderr, "dealgraph eval: --split must be dev, test or all, not '%s'\n", split);
        rc = DG_EXIT_USAGE;
        goto cleanup;
    }
    if (ndirs == 0)
        dirs[ndirs++] = "rules";

    st = dg_ruleset_load(dirs, ndirs, diags, &rs);
    if (st != DG_OK) {
        dg_diags_print(diags, stderr);
        fprintf(stderr, "dealgraph eval: cannot load rules: %s\n", dg_status_str(st));
        goto cleanup;
    }
    dg_diags_clear(diags); /* rule warnings are `rules check`'s business */
    if ((st = dg_eval_new(rs, &ev)) != DG_OK)
        goto fail;
    dg_eval_set_resamples(ev, (unsigned)resamples);
    if ((st = dg_eval_load_gold(ev, gold, diags)) != DG_OK)
        goto fail;
    if ((st = dg_eval_load_relations(ev, argv[optind], diags)) != DG_OK)
        goto fail;
    if (npos == 2 && (st = dg_eval_load_entities(ev, argv[optind + 1], diags)) != DG_OK)
        goto fail;
    if ((st = dg_eval_score(ev, split, &res)) != DG_OK)
        goto fail;
    st = json ? dg_eval_result_write_json(&res, stdout, verbose)
              : dg_eval_result_print(&res, stdout, verbose);
    if (st != DG_OK)
        goto fail;
    rc = DG_EXIT_OK;
    goto cleanup;

fail:
    dg_diags_print(diags, stderr);
    fprintf(stderr, "dealgraph eval: %s\n", dg_status_str(st));
cleanup:
    dg_eval_result_destroy(&res);
    dg_eval_free(ev);
    dg_ruleset_free(rs);
    dg_diags_free(diags);
    free(dirs);
    return rc;
}
