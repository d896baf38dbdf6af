/* dealgraph: the command-line entry point. Dispatches to a subcommand. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: dealgraph COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Reads business news and builds a graph of who partners with, invests in\n"
    "and acquires whom.\n"
    "\n"
    "commands:\n"
    "  extract   extract relations from articles; write relations, entities, graph\n"
    "  graph     build the graph from relations files (merge extracted shards)\n"
    "  stats     print graph measures: leading organizations, communities, counts\n"
    "  rules     check or test rule files (rules check|test [DIR...])\n"
    "  explain   show how the rules read a text, sentence by sentence\n"
    "  eval      score relations and entities against a gold file\n"
    "\n"
    "`dealgraph COMMAND --help` describes each command. Exit status: 0 all well,\n"
    "1 some documents or records skipped (or rule examples failed), 2 usage or\n"
    "rule errors, 3 other failures (I/O, memory).\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return DG_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return DG_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("dealgraph %s\n", DG_VERSION);
        return DG_EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"extract", dg_cmd_extract}, {"graph", dg_cmd_graph},
                {"stats", dg_cmd_stats},     {"rules", dg_cmd_rules},
                {"explain", dg_cmd_explain}, {"eval", dg_cmd_eval}};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
        if (strcmp(cmd, cmds[i].name) == 0)
            return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "dealgraph: unknown command '%s'\n\n%s", cmd, usage);
    return DG_EXIT_USAGE;
}
