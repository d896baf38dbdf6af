/* Pattern expansion and compilation (rules_pattern.c): macros {NAME}, word
 * lists @NAME, slots {ORG:role}, spaces as \s+, pcre2 JIT, and error
 * offsets mapped back to file columns. */
#ifndef DG_RULES_PATTERN_H
#define DG_RULES_PATTERN_H

#include "rules_internal.h"

#include <dealgraph/diag.h>

/* Compiles pattern `src` of rule r, written at file:line:col. Problems are
 * added to diags and leave *ok false; only DG_ENOMEM is returned. */
dg_status dg_i_pattern_compile(const dg_ruleset *rs, const dg_rule *r, const char *src,
                               const char *file, unsigned line, unsigned col,
                               dg_pattern *out, dg_diags *diags, bool *ok);
void dg_i_pattern_destroy(dg_pattern *p);

/* Checks macro i on its own (expansion and a trial compile), reporting
 * problems at its definition and counting them in *errors. */
dg_status dg_i_macro_check(dg_ruleset *rs, size_t i, dg_diags *diags, unsigned *errors);

/* Regex fragments of the masked entity tokens. */
#define DG_RX_ORG "\\x01O\\d+\\x02"
#define DG_RX_MONEY "\\x01M\\d+\\x02"
#define DG_RX_PERCENT "\\x01P\\d+\\x02"

#endif
