/* dealgraph: rule sets. Rule files (*.rules) are read from one or more
 * directories, parsed, checked and compiled with pcre2 (JIT) into an
 * immutable rule set that threads share. The language is documented in
 * rules/README.md. */
#ifndef DEALGRAPH_RULES_H
#define DEALGRAPH_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include <dealgraph/diag.h>
#include <dealgraph/status.h>

typedef struct dg_ruleset dg_ruleset;

/* Loads every *.rules file below each directory (recursively, sorted by
 * path; a later directory overrides an earlier one by rule id). Every
 * problem in every file is added to diags as "file:line:col"; when any is an
 * error the load fails as a whole with DG_ESYNTAX or DG_EREGEX and *out is
 * NULL. Warnings (shadowed rules, missing examples, ...) do not fail it. */
dg_status dg_ruleset_load(const char *const *dirs, size_t ndirs, dg_diags *diags,
                          dg_ruleset **out);
void dg_ruleset_free(dg_ruleset *rs);

typedef struct dg_ruleset_info {
    size_t files, orgs, aliases, org_patterns, corefs, relation_rules, vetoes,
        cues, facts, examples, reltypes;
} dg_ruleset_info;

void dg_ruleset_info_get(const dg_ruleset *rs, dg_ruleset_info *out);

/* Relation types the rule set declares, and whether each is directed. */
size_t dg_ruleset_reltype_count(const dg_ruleset *rs);
const char *dg_ruleset_reltype(const dg_ruleset *rs, size_t i, bool *directed);

/* Looks up an organization by any of its names (fold-key match, legal
 * suffixes ignored). Returns its canonical name (borrowed, valid while rs
 * lives) or NULL; type and parent may be NULL. */
const char *dg_ruleset_canonical(const dg_ruleset *rs, const char *name,
                                 const char **type, const char **parent);

/* The fold key used to merge organizations: the name's fold key with legal
 * suffixes (the LEGAL_SUFFIX list) and a trailing possessive removed.
 * Returns a new string (caller frees) or NULL on out of memory. */
char *dg_ruleset_org_key(const dg_ruleset *rs, const char *name);

#endif
