/* Helpers shared by the subcommands. */
#include "cli.h"

#include <stdio.h>

dg_ruleset *dg_cli_load_rules(const char *const *dirs, size_t ndirs, bool verbose,
                              const char *cmd)
{
    static const char *const dflt[] = {"rules"};
    if (ndirs == 0) {
        dirs = dflt;
        ndirs = 1;
    }
    dg_diags *d = dg_diags_new();
    if (!d) {
        fprintf(stderr, "dealgraph %s: out of memory\n", cmd);
        return NULL;
    }
    dg_ruleset *rs = NULL;
    dg_status st = dg_ruleset_load(dirs, ndirs, d, &rs);
    if (st != DG_OK || verbose)
        dg_diags_print(d, stderr);
    if (st != DG_OK)
        fprintf(stderr, "dealgraph %s: the rules did not load (%zu error%s); nothing was read\n",
                cmd, dg_diags_errors(d), dg_diags_errors(d) == 1 ? "" : "s");
    dg_diags_free(d);
    return rs;
}
