/* `dealgraph rules check|test [DIR...]`: compile rule files and report every
 * problem as file:line:col, or run the examples written beside the rules. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rules_usage[] =
    "usage: dealgraph rules check [DIR...]\n"
    "       dealgraph rules test [DIR...]\n"
    "\n"
    "check  parses and compiles every *.rules file below the directories (later\n"
    "       directories override earlier ones by rule id; default: rules) and\n"
    "       prints every problem as file:line:col: error|warning: message.\n"
    "       Exit 2 when there is an error.\n"
    "test   runs every example and counterexample written beside the rules\n"
    "       through the whole extractor and prints each failure as file:line.\n"
    "       Exit 1 when an example fails, 2 when the rules do not load.\n";

static int rules_check(const char *const *dirs, size_t ndirs)
{
    dg_diags *d = dg_diags_new();
    if (!d)
        return DG_EXIT_FAIL;
    dg_ruleset *rs = NULL;
    dg_status st = dg_ruleset_load(dirs, ndirs, d, &rs);
    dg_diags_print(d, stdout);
    size_t nerr = dg_diags_errors(d), nwarn = dg_diags_count(d) - nerr;
    if (st != DG_OK) {
        printf("rules check: %zu error%s, %zu warning%s\n", nerr, nerr == 1 ? "" : "s", nwarn,
               nwarn == 1 ? "" : "s");
        dg_diags_free(d);
        return DG_EXIT_USAGE;
    }
    dg_ruleset_info info;
    dg_ruleset_info_get(rs, &info);
    printf("rules check: %zu files, %zu organizations (%zu names), %zu organization patterns, "
           "%zu coreference rules, %zu relation rules, %zu vetoes, %zu cues, %zu facts, "
           "%zu relation types, %zu examples; 0 errors, %zu warning%s\n",
           info.files, info.orgs, info.aliases, info.org_patterns, info.corefs,
           info.relation_rules, info.vetoes, info.cues, info.facts, info.reltypes, info.examples,
           nwarn,
           nwarn == 1 ? "" : "s");
    dg_ruleset_free(rs);
    dg_diags_free(d);
    return DG_EXIT_OK;
}

static int rules_test(const char *const *dirs, size_t ndirs)
{
    dg_ruleset *rs = dg_cli_load_rules(dirs, ndirs, false, "rules test");
    if (!rs)
        return DG_EXIT_USAGE;
    dg_diags *d = dg_diags_new();
    size_t passed = 0, failed = 0;
    dg_status st = d ? dg_ruleset_run_examples(rs, d, &passed, &failed) : DG_ENOMEM;
    int rc;
    if (st != DG_OK) {
        fprintf(stderr, "dealgraph rules test: %s\n", dg_status_str(st));
        rc = DG_EXIT_FAIL;
    } else {
        dg_diags_print(d, stdout);
        printf("rules test: %zu example%s passed, %zu failed\n", passed, passed == 1 ? "" : "s",
               failed);
        rc = failed ? DG_EXIT_SKIPPED : DG_EXIT_OK;
    }
    dg_diags_free(d);
    dg_ruleset_free(rs);
    return rc;
}

int dg_cmd_rules(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(rules_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? DG_EXIT_USAGE : DG_EXIT_OK;
    }
    static const char *const dflt[] = {"rules"};
    const char *const *dirs = (const char *const *)argv + 2;
    size_t ndirs = (size_t)argc - 2;
    if (ndirs == 0) {
        dirs = dflt;
        ndirs = 1;
    }
    if (strcmp(argv[1], "check") == 0)
        return rules_check(dirs, ndirs);
    if (strcmp(argv[1], "test") == 0)
        return rules_test(dirs, ndirs);
    fprintf(stderr, "dealgraph rules: unknown action '%s' (check or test)\n\n%s", argv[1],
            rules_usage);
    return DG_EXIT_USAGE;
}
