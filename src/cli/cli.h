/* dealgraph CLI: internal interface between the subcommands. The CLI is a
 * thin layer: it parses arguments, calls the library and prints. */
#ifndef DEALGRAPH_CLI_H
#define DEALGRAPH_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include <dealgraph/dealgraph.h>

/* Exit codes shared by every subcommand. */
enum { DG_EXIT_OK = 0, DG_EXIT_SKIPPED = 1, DG_EXIT_USAGE = 2, DG_EXIT_FAIL = 3 };

/* Subcommands: each takes argv with argv[0] the subcommand name. */
int dg_cmd_extract(int argc, char **argv);
int dg_cmd_graph(int argc, char **argv);
int dg_cmd_stats(int argc, char **argv);
int dg_cmd_rules(int argc, char **argv);
int dg_cmd_explain(int argc, char **argv);
int dg_cmd_eval(int argc, char **argv);

/* Loads the rule set from dirs (the default "rules" when ndirs is 0),
 * printing every diagnostic (warnings only when verbose) to stderr. Returns
 * NULL after printing when the set does not load. */
dg_ruleset *dg_cli_load_rules(const char *const *dirs, size_t ndirs, bool verbose,
                              const char *cmd);

/* Graph options shared by `extract` and `graph` (src/cli/graph_args.c). */
typedef struct dg_cli_graph_args dg_cli_graph_args;

dg_cli_graph_args *dg_cli_graph_args_new(void);
void dg_cli_graph_args_free(dg_cli_graph_args *a);
/* getopt_long table of the graph options, ended by a zero entry; every code
 * is >= 1000 so it cannot clash with a subcommand's own short options. */
extern const struct option dg_cli_graph_longopts[];
/* Help text for those options, one option a line, indented two spaces. */
extern const char dg_cli_graph_help[];
/* Handles one getopt_long code: 1 when it was a graph option, 0 when it is
 * not one, -1 when its value is bad (a message has been printed). */
int dg_cli_graph_args_handle(dg_cli_graph_args *a, int code, const char *arg);
/* The options for dg_graph_new, valid while a lives. */
const dg_graph_opts *dg_cli_graph_args_opts(const dg_cli_graph_args *a);
/* true when at least one graph output was requested. */
bool dg_cli_graph_args_wanted(const dg_cli_graph_args *a);
/* Finishes g and writes every requested output. Returns 0, or non-zero after
 * printing what failed. */
int dg_cli_graph_write_outputs(const dg_cli_graph_args *a, dg_graph *g, dg_diags *diags);

#endif
