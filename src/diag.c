/* Diagnostics: a growable list of located messages. */
#include <dealgraph/diag.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct dg_diags {
    dg_diag *v;
    size_t n, cap;
    size_t errors;
    int oom; /* an entry was lost to out of memory: reported, not hidden */
};

dg_diags *dg_diags_new(void)
{
    return calloc(1, sizeof(dg_diags));
}

static void entry_free(dg_diag *e)
{
    free(e->file);
    free(e->rule_id);
    free(e->msg);
}

void dg_diags_clear(dg_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        entry_free(&d->v[i]);
    d->n = 0;
    d->errors = 0;
}

void dg_diags_free(dg_diags *d)
{
    if (!d)
        return;
    dg_diags_clear(d);
    free(d->v);
    free(d);
}

static int reserve(dg_diags *d, size_t more)
{
    if (d->n + more <= d->cap)
        return 0;
    size_t cap = d->cap ? d->cap * 2 : 16;
    while (cap < d->n + more)
        cap *= 2;
    dg_diag *v = realloc(d->v, cap * sizeof *v);
    if (!v)
        return -1;
    d->v = v;
    d->cap = cap;
    return 0;
}

void dg_diags_add(dg_diags *d, dg_severity sev, const char *file, unsigned line,
                  unsigned col, const char *rule_id, const char *fmt, ...)
{
    if (!d)
        return;
    if (reserve(d, 1) != 0) {
        d->oom = 1;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    int r = vasprintf(&msg, fmt, ap);
    va_end(ap);
    dg_diag e = {sev, file ? strdup(file) : NULL, line, col,
                 rule_id ? strdup(rule_id) : NULL, r >= 0 ? msg : NULL};
    if (r < 0 || (file && !e.file) || (rule_id && !e.rule_id)) {
        if (r >= 0)
            free(msg);
        free(e.file);
        free(e.rule_id);
        d->oom = 1;
        return;
    }
    d->v[d->n++] = e;
    if (sev == DG_SEV_ERROR)
        d->errors++;
}

void dg_diags_append(dg_diags *dst, dg_diags *src)
{
    if (!dst || !src || src->n == 0)
        return;
    if (reserve(dst, src->n) != 0) {
        dst->oom = 1;
        dg_diags_clear(src);
        return;
    }
    memcpy(dst->v + dst->n, src->v, src->n * sizeof *src->v);
    dst->n += src->n;
    dst->errors += src->errors;
    dst->oom |= src->oom;
    src->n = 0;
    src->errors = 0;
    src->oom = 0;
}

size_t dg_diags_count(const dg_diags *d)
{
    return d ? d->n : 0;
}

size_t dg_diags_errors(const dg_diags *d)
{
    return d ? d->errors : 0;
}

int dg_diags_oom(const dg_diags *d)
{
    return d ? d->oom : 0;
}

const dg_diag *dg_diags_get(const dg_diags *d, size_t i)
{
    return d && i < d->n ? &d->v[i] : NULL;
}

static const char *sev_str(dg_severity s)
{
    return s == DG_SEV_ERROR ? "error" : s == DG_SEV_WARNING ? "warning" : "note";
}

void dg_diag_fprint(const dg_diag *e, FILE *f)
{
    if (e->file) {
        fputs(e->file, f);
        if (e->line) {
            fprintf(f, ":%u", e->line);
            if (e->col)
                fprintf(f, ":%u", e->col);
        }
        fputs(": ", f);
    }
    fprintf(f, "%s: %s", sev_str(e->sev), e->msg ? e->msg : "");
}

void dg_diags_print(const dg_diags *d, FILE *f)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        dg_diag_fprint(&d->v[i], f);
        fputc('\n', f);
    }
    if (d->oom)
        fputs("dealgraph: warning: some diagnostics were lost to out of memory\n", f);
}
