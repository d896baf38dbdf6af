/* dealgraph: diagnostics, printed as "file:line:col: severity: message". */
#ifndef DEALGRAPH_DIAG_H
#define DEALGRAPH_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum dg_severity { DG_SEV_NOTE, DG_SEV_WARNING, DG_SEV_ERROR } dg_severity;

typedef struct dg_diag {
    dg_severity sev;
    char *file;    /* may be NULL */
    unsigned line; /* 1-based; 0 when unknown */
    unsigned col;  /* 1-based; 0 when unknown */
    char *rule_id; /* may be NULL */
    char *msg;
} dg_diag;

/* A growable list of diagnostics. Not thread-safe: give each thread its own
 * list and merge with dg_diags_append. */
typedef struct dg_diags dg_diags;

/* New empty list, or NULL when out of memory. Free with dg_diags_free. */
dg_diags *dg_diags_new(void);
void dg_diags_free(dg_diags *d); /* accepts NULL */

/* Adds one diagnostic; file and rule_id may be NULL and are copied. Out of
 * memory is remembered and reported by dg_diags_oom, never lost silently. */
void dg_diags_add(dg_diags *d, dg_severity sev, const char *file, unsigned line,
                  unsigned col, const char *rule_id, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Moves every entry of src to the end of dst; src is left empty. */
void dg_diags_append(dg_diags *dst, dg_diags *src);
void dg_diags_clear(dg_diags *d);

size_t dg_diags_count(const dg_diags *d);
size_t dg_diags_errors(const dg_diags *d);
int dg_diags_oom(const dg_diags *d);
/* Entry i (0-based), borrowed until the list changes. */
const dg_diag *dg_diags_get(const dg_diags *d, size_t i);

/* Formats one entry as "file:line:col: error: msg" (parts that are unknown
 * are left out) without a newline. */
void dg_diag_fprint(const dg_diag *e, FILE *f);
/* Prints every entry, one a line. */
void dg_diags_print(const dg_diags *d, FILE *f);

#endif
