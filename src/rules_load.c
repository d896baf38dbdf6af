/* Rule files: reading, parsing every statement into the rule set, checking
 * and compiling. The loader recovers at the next statement and reports every
 * problem in every file as file:line:col; any error fails the load as a
 * whole, so a broken rule set never loads halfway. The language is
 * documented in rules/README.md. */
#include "rules_internal.h"
#include "rules_pattern.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uthash.h>

/* ---- small string helpers ---- */

static char *xstrndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims white space in place on [*s, *e). */
static void trim(const char **s, const char **e)
{
    while (*s < *e && is_space(**s))
        (*s)++;
    while (*e > *s && is_space((*e)[-1]))
        (*e)--;
}

/* ---- key sets ---- */

typedef struct keyent {
    char *key;
    UT_hash_handle hh;
} keyent;

struct dg_keyset {
    keyent *h;
};

dg_keyset *dg_i_keyset_new(void)
{
    return calloc(1, sizeof(dg_keyset));
}

dg_status dg_i_keyset_add(dg_keyset *ks, const char *key, size_t n)
{
    keyent *e = NULL;
    HASH_FIND(hh, ks->h, key, n, e);
    if (e)
        return DG_OK;
    e = malloc(sizeof *e);
    if (!e)
        return DG_ENOMEM;
    e->key = xstrndup(key, n);
    if (!e->key) {
        free(e);
        return DG_ENOMEM;
    }
    HASH_ADD_KEYPTR(hh, ks->h, e->key, n, e);
    return DG_OK;
}

bool dg_i_keyset_has(const dg_keyset *ks, const char *key, size_t n)
{
    keyent *e = NULL;
    if (!ks)
        return false;
    HASH_FIND(hh, ks->h, key, n, e);
    return e != NULL;
}

void dg_i_keyset_free(dg_keyset *ks)
{
    if (!ks)
        return;
    keyent *e, *t;
    HASH_ITER(hh, ks->h, e, t)
    {
        HASH_DEL(ks->h, e);
        free(e->key);
        free(e);
    }
    free(ks);
}

/* ---- the loader's working state ---- */

typedef struct loader {
    dg_ruleset *rs;
    dg_diags *diags;
    const char *file; /* current file (owned by rs->files) */
    size_t dir;       /* index of the directory being read */
    size_t *rule_dir; /* per rule: the directory it came from */
    size_t caprules, caplists, capmacros, capreltypes;
    size_t order;
    unsigned errors;
    /* organization names waiting for the lexicon: name, org, exact case, line */
    struct pending_name {
        char *name;
        size_t org;
        bool exact;
        const char *file;
        unsigned line, col;
    } *names;
    size_t nnames, capnames;
} loader;

static void err(loader *L, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(loader *L, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(loader *L, dg_severity sev, unsigned line, unsigned col,
                   const char *fmt, va_list ap)
{
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    dg_diags_add(L->diags, sev, L->file, line, col, NULL, "%s", msg ? msg : "(out of memory)");
    free(msg);
    if (sev == DG_SEV_ERROR)
        L->errors++;
}

static void err(loader *L, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(L, DG_SEV_ERROR, line, col, fmt, ap);
    va_end(ap);
}

static void warn(loader *L, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(L, DG_SEV_WARNING, line, col, fmt, ap);
    va_end(ap);
}

#define GROW(arr, n, cap)                                                      \
    ((n) < (cap) ? 0                                                           \
                 : ((cap) = (cap) ? (cap) * 2 : 16,                            \
                    (arr) = realloc_or_keep((arr), (cap) * sizeof *(arr)),     \
                    (arr) ? 0 : -1))

static void *realloc_or_keep(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q)
        free(p); /* the load fails as a whole on out of memory */
    return q;
}

/* A line of a statement: its text and where it is. */
typedef struct srcline {
    const char *s, *e;
    unsigned line;
    unsigned col; /* column of s */
} srcline;

static unsigned col_of(const srcline *l, const char *p)
{
    return l->col + (unsigned)(p - l->s);
}

/* ---- comma lists (word lists, triggers, aliases) ---- */

/* Splits [s, e) on `sep` (outside double quotes); calls fn for each trimmed,
 * unquoted, non-empty item. Returns false on an unterminated quote. */
typedef bool (*item_fn)(loader *L, const srcline *l, const char *s, size_t n, void *ctx);

static bool split_items(loader *L, const srcline *l, const char *s, const char *e,
                        char sep, item_fn fn, void *ctx)
{
    const char *p = s;
    while (p <= e) {
        const char *q = p;
        bool quoted = false;
        while (q < e && is_space(*q))
            q++;
        const char *start = q;
        if (q < e && *q == '"') {
            const char *close = memchr(q + 1, '"', (size_t)(e - q - 1));
            if (!close) {
                err(L, l->line, col_of(l, q), "unterminated quote");
                return false;
            }
            quoted = true;
            if (!fn(L, l, q + 1, (size_t)(close - q - 1), ctx))
                return false;
            q = close + 1;
            while (q < e && *q != sep)
                q++;
        } else {
            while (q < e && *q != sep)
                q++;
            const char *is = start, *ie = q;
            trim(&is, &ie);
            if (ie > is && !fn(L, l, is, (size_t)(ie - is), ctx))
                return false;
        }
        (void)quoted;
        p = q + 1;
    }
    return true;
}

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static bool push_str(loader *L, const srcline *l, const char *s, size_t n, void *ctx)
{
    (void)L;
    (void)l;
    strvec *sv = ctx;
    if (GROW(sv->v, sv->n, sv->cap) != 0)
        return false;
    sv->v[sv->n] = xstrndup(s, n);
    return sv->v[sv->n++] != NULL;
}

static void strvec_free(strvec *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

/* ---- names and identifiers ---- */

static bool ident_ok(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

int dg_i_ruleset_list(const dg_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nlists; i++)
        if (strcmp(rs->lists[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int find_reltype(const dg_ruleset *rs, const char *name, size_t n)
{
    for (size_t i = 0; i < rs->nreltypes; i++)
        if (strlen(rs->reltypes[i].name) == n && strncmp(rs->reltypes[i].name, name, n) == 0)
            return (int)i;
    return -1;
}

static const char *const ORG_TYPES[] = {"company", "lab", "studio", "university",
                                        "investor", "bank", "government", "nonprofit",
                                        NULL};

static bool known_org_type(const char *s, size_t n)
{
    for (size_t i = 0; ORG_TYPES[i]; i++)
        if (strlen(ORG_TYPES[i]) == n && strncmp(ORG_TYPES[i], s, n) == 0)
            return true;
    return false;
}

/* ---- statement: org ---- */

static bool add_pending(loader *L, const char *name, size_t n, size_t org, bool exact,
                        unsigned line, unsigned col)
{
    if (GROW(L->names, L->nnames, L->capnames) != 0)
        return false;
    char *c = xstrndup(name, n);
    if (!c)
        return false;
    L->names[L->nnames++] = (struct pending_name){c, org, exact, L->file, line, col};
    return true;
}

typedef struct alias_ctx {
    size_t org;
    bool exact;
} alias_ctx;

static bool alias_item(loader *L, const srcline *l, const char *s, size_t n, void *ctx)
{
    alias_ctx *a = ctx;
    return add_pending(L, s, n, a->org, a->exact, l->line, col_of(l, s));
}

static bool valid_date(const char *s, size_t n)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static int parse_org(loader *L, const srcline *l, const char *p)
{
    dg_ruleset *rs = L->rs;
    if (GROW(rs->orgs, rs->norgs, rs->caporgs) != 0)
        return -1;
    size_t oi = rs->norgs;
    dg_org o = {0};
    o.file = (char *)L->file;
    o.line = l->line;
    /* fields separated by '|' */
    const char *f[64];
    const char *fe[64];
    size_t nf = 0;
    const char *q = p;
    while (nf < 64) {
        const char *bar = memchr(q, '|', (size_t)(l->e - q));
        f[nf] = q;
        fe[nf] = bar ? bar : l->e;
        nf++;
        if (!bar)
            break;
        q = bar + 1;
    }
    for (size_t i = 0; i < nf; i++)
        trim(&f[i], &fe[i]);
    if (fe[0] == f[0]) {
        err(L, l->line, col_of(l, f[0]), "org: missing canonical name");
        return 0;
    }
    if (memchr(f[0], ';', (size_t)(fe[0] - f[0]))) {
        err(L, l->line, col_of(l, f[0]),
            "org: ';' in the canonical name (aliases go in the third field)");
        return 0;
    }
    o.canonical = xstrndup(f[0], (size_t)(fe[0] - f[0]));
    if (!o.canonical)
        return -1;
    bool ok = true;
    if (nf > 1 && fe[1] > f[1]) {
        if (!known_org_type(f[1], (size_t)(fe[1] - f[1]))) {
            err(L, l->line, col_of(l, f[1]),
                "org: unknown type '%.*s' (company, lab, studio, university, investor, "
                "bank, government, nonprofit)",
                (int)(fe[1] - f[1]), f[1]);
            ok = false;
        }
        o.type = xstrndup(f[1], (size_t)(fe[1] - f[1]));
    }
    strvec formerly = {0};
    for (size_t i = 3; i < nf && ok; i++) {
        if (fe[i] == f[i])
            continue;
        const char *eq = memchr(f[i], '=', (size_t)(fe[i] - f[i]));
        size_t kl = eq ? (size_t)(eq - f[i]) : (size_t)(fe[i] - f[i]);
        const char *v = eq ? eq + 1 : fe[i];
        size_t vl = (size_t)(fe[i] - v);
        if (!eq && kl == 6 && strncmp(f[i], "strict", 6) == 0) {
            o.strict = true;
        } else if (eq && kl == 6 && strncmp(f[i], "parent", 6) == 0) {
            free(o.parent); /* a repeated field: the last one holds */
            o.parent = xstrndup(v, vl);
        } else if (eq && kl == 6 && strncmp(f[i], "sector", 6) == 0) {
            free(o.sector); /* a repeated field: the last one holds */
            o.sector = xstrndup(v, vl);
        } else if (eq && kl == 7 && strncmp(f[i], "country", 7) == 0) {
            free(o.country); /* a repeated field: the last one holds */
            o.country = xstrndup(v, vl);
        } else if (eq && kl == 8 && strncmp(f[i], "formerly", 8) == 0) {
            const char *at = memchr(v, '@', vl);
            if (!at || !valid_date(at + 1, (size_t)(fe[i] - at - 1)) || at == v) {
                err(L, l->line, col_of(l, v),
                    "org: formerly= takes OLDNAME@YYYY-MM-DD (the date the new name "
                    "took effect)");
                ok = false;
            } else if (!add_pending(L, v, (size_t)(at - v), oi, o.strict, l->line,
                                    col_of(l, v))) {
                return -1;
            }
        } else {
            err(L, l->line, col_of(l, f[i]),
                "org: unknown field '%.*s' (parent=, sector=, country=, formerly=, "
                "strict)",
                (int)(fe[i] - f[i]), f[i]);
            ok = false;
        }
    }
    strvec_free(&formerly);
    if (!ok) {
        free(o.canonical);
        free(o.type);
        free(o.parent);
        free(o.sector);
        free(o.country);
        return 0;
    }
    rs->orgs[rs->norgs++] = o;
    if (!add_pending(L, f[0], (size_t)(fe[0] - f[0]), oi, o.strict, l->line, col_of(l, f[0])))
        return -1;
    if (nf > 2) {
        alias_ctx a = {oi, o.strict};
        if (!split_items(L, l, f[2], fe[2], ';', alias_item, &a))
            return L->errors ? 0 : -1;
    }
    return 0;
}

/* ---- statements with "NAME = value" ---- */

/* Parses "NAME = rest" after the keyword; returns false (reported) when the
 * form is wrong. */
static bool name_eq(loader *L, const srcline *l, const char *p, const char *kw,
                    const char **name, size_t *nlen, const char **rest)
{
    const char *q = p;
    while (q < l->e && !is_space(*q) && *q != '=')
        q++;
    *name = p;
    *nlen = (size_t)(q - p);
    while (q < l->e && is_space(*q))
        q++;
    if (*nlen == 0 || q >= l->e || *q != '=') {
        err(L, l->line, col_of(l, q < l->e ? q : p), "%s: expected '%s NAME = ...'", kw, kw);
        return false;
    }
    if (!ident_ok(*name, *nlen)) {
        err(L, l->line, col_of(l, p), "%s: bad name '%.*s' (letters, digits, _ - .)", kw,
            (int)*nlen, *name);
        return false;
    }
    q++;
    while (q < l->e && is_space(*q))
        q++;
    *rest = q;
    return true;
}

static int parse_words(loader *L, const srcline *lines, size_t nl, const char *p)
{
    dg_ruleset *rs = L->rs;
    const char *name, *rest;
    size_t nlen;
    if (!name_eq(L, &lines[0], p, "words", &name, &nlen, &rest))
        return 0;
    for (size_t i = 0; i < rs->nlists; i++)
        if (strlen(rs->lists[i].name) == nlen && strncmp(rs->lists[i].name, name, nlen) == 0) {
            /* a later file extends a list of the same name */
            /* split_items may move the array: store it back on every path */
            strvec sv = {rs->lists[i].items, rs->lists[i].nitems, rs->lists[i].nitems};
            bool ok = split_items(L, &lines[0], rest, lines[0].e, ',', push_str, &sv);
            for (size_t k = 1; k < nl && ok; k++)
                ok = split_items(L, &lines[k], lines[k].s, lines[k].e, ',', push_str, &sv);
            rs->lists[i].items = sv.v;
            rs->lists[i].nitems = sv.n;
            return ok ? 0 : L->errors ? 0 : -1;
        }
    strvec sv = {0};
    if (!split_items(L, &lines[0], rest, lines[0].e, ',', push_str, &sv))
        goto fail;
    for (size_t k = 1; k < nl; k++)
        if (!split_items(L, &lines[k], lines[k].s, lines[k].e, ',', push_str, &sv))
            goto fail;
    if (sv.n == 0) {
        err(L, lines[0].line, col_of(&lines[0], name), "words: list '%.*s' is empty",
            (int)nlen, name);
        strvec_free(&sv);
        return 0;
    }
    if (GROW(rs->lists, rs->nlists, L->caplists) != 0) {
        strvec_free(&sv);
        return -1;
    }
    dg_wordlist *w = &rs->lists[rs->nlists++];
    memset(w, 0, sizeof *w);
    w->name = xstrndup(name, nlen);
    w->items = sv.v;
    w->nitems = sv.n;
    w->file = (char *)L->file;
    w->line = lines[0].line;
    return w->name ? 0 : -1;
fail:
    strvec_free(&sv);
    return L->errors ? 0 : -1;
}

static int parse_define(loader *L, const srcline *l, const char *p)
{
    dg_ruleset *rs = L->rs;
    const char *name, *rest;
    size_t nlen;
    if (!name_eq(L, l, p, "define", &name, &nlen, &rest))
        return 0;
    if (rest >= l->e) {
        err(L, l->line, col_of(l, rest), "define: empty body");
        return 0;
    }
    for (size_t i = 0; i < rs->nmacros; i++)
        if (strlen(rs->macros[i].name) == nlen && strncmp(rs->macros[i].name, name, nlen) == 0) {
            if (strcmp(rs->macros[i].file, L->file) == 0 || L->dir == 0) {
                err(L, l->line, col_of(l, name),
                    "define: '%.*s' is already defined at %s:%u", (int)nlen, name,
                    rs->macros[i].file, rs->macros[i].line);
                return 0;
            }
        }
    if (GROW(rs->macros, rs->nmacros, L->capmacros) != 0)
        return -1;
    dg_macro *m = &rs->macros[rs->nmacros++];
    m->name = xstrndup(name, nlen);
    m->body = xstrndup(rest, (size_t)(l->e - rest));
    m->file = (char *)L->file;
    m->line = l->line;
    m->col = col_of(l, rest);
    m->state = 0;
    return m->name && m->body ? 0 : -1;
}

static int parse_reltype(loader *L, const srcline *l, const char *p)
{
    dg_ruleset *rs = L->rs;
    const char *q = p;
    while (q < l->e && !is_space(*q))
        q++;
    size_t nlen = (size_t)(q - p);
    const char *d = q, *de = l->e;
    trim(&d, &de);
    bool directed;
    if (de - d == 8 && strncmp(d, "directed", 8) == 0)
        directed = true;
    else if (de - d == 10 && strncmp(d, "undirected", 10) == 0)
        directed = false;
    else {
        err(L, l->line, col_of(l, d < l->e ? d : p),
            "reltype: expected 'reltype NAME directed|undirected'");
        return 0;
    }
    if (!ident_ok(p, nlen)) {
        err(L, l->line, col_of(l, p), "reltype: bad name");
        return 0;
    }
    int have = find_reltype(rs, p, nlen);
    if (have >= 0) {
        if (rs->reltypes[have].directed != directed)
            err(L, l->line, col_of(l, d), "reltype: '%.*s' was declared %s before",
                (int)nlen, p, rs->reltypes[have].directed ? "directed" : "undirected");
        return 0;
    }
    if (rs->nreltypes >= 64) {
        err(L, l->line, col_of(l, p), "reltype: at most 64 relation types");
        return 0;
    }
    if (GROW(rs->reltypes, rs->nreltypes, L->capreltypes) != 0)
        return -1;
    rs->reltypes[rs->nreltypes].name = xstrndup(p, nlen);
    rs->reltypes[rs->nreltypes].directed = directed;
    return rs->reltypes[rs->nreltypes++].name ? 0 : -1;
}

enum { TABLE_CURRENCY, TABLE_SCALE, TABLE_COUNTRY };

typedef struct table_ctx {
    dg_ruleset *rs;
    char code[4];
    double mult;
    int kind; /* TABLE_* */
} table_ctx;

static bool table_item(loader *L, const srcline *l, const char *s, size_t n, void *ctx)
{
    (void)L;
    (void)l;
    table_ctx *t = ctx;
    dg_buf k;
    dg_buf_init(&k);
    if (dg_fold_append(&k, s, n) != DG_OK) {
        dg_buf_destroy(&k);
        return false;
    }
    char *key = xstrndup(k.p ? k.p : "", k.len);
    dg_buf_destroy(&k);
    if (!key)
        return false;
    if (t->kind != TABLE_SCALE) {
        /* currencies and countries: a word and its code */
        dg_currency_word **tab =
            t->kind == TABLE_CURRENCY ? &t->rs->currencies : &t->rs->countries;
        size_t *nt = t->kind == TABLE_CURRENCY ? &t->rs->ncurrencies : &t->rs->ncountries;
        dg_currency_word *v = realloc(*tab, (*nt + 1) * sizeof *v);
        if (!v) {
            free(key);
            return false;
        }
        *tab = v;
        v[*nt].key = key;
        memcpy(v[*nt].code, t->code, 4);
        (*nt)++;
    } else {
        dg_scale_word *v = realloc(t->rs->scales, (t->rs->nscales + 1) * sizeof *v);
        if (!v) {
            free(key);
            return false;
        }
        t->rs->scales = v;
        v[t->rs->nscales].key = key;
        v[t->rs->nscales].mult = t->mult;
        t->rs->nscales++;
    }
    return true;
}

static int parse_table(loader *L, const srcline *lines, size_t nl, const char *p, int kind)
{
    const char *name, *rest;
    size_t nlen;
    const char *kw = kind == TABLE_CURRENCY ? "currency"
                     : kind == TABLE_SCALE  ? "scale"
                                            : "country";
    if (!name_eq(L, &lines[0], p, kw, &name, &nlen, &rest))
        return 0;
    table_ctx t = {L->rs, {0}, 0, kind};
    if (kind == TABLE_COUNTRY) {
        if (nlen != 2 || !isupper((unsigned char)name[0]) || !isupper((unsigned char)name[1])) {
            err(L, lines[0].line, col_of(&lines[0], name),
                "country: '%.*s' is not an ISO 3166 code (two capital letters)", (int)nlen,
                name);
            return 0;
        }
        memcpy(t.code, name, 2);
    } else if (kind == TABLE_CURRENCY) {
        if (nlen != 3 || !isupper((unsigned char)name[0]) || !isupper((unsigned char)name[1]) ||
            !isupper((unsigned char)name[2])) {
            err(L, lines[0].line, col_of(&lines[0], name),
                "currency: '%.*s' is not an ISO 4217 code (three capital letters)",
                (int)nlen, name);
            return 0;
        }
        memcpy(t.code, name, 3);
    } else {
        char buf[64];
        char *end;
        if (nlen >= sizeof buf) {
            err(L, lines[0].line, col_of(&lines[0], name), "scale: bad number");
            return 0;
        }
        memcpy(buf, name, nlen);
        buf[nlen] = 0;
        t.mult = strtod(buf, &end);
        if (*end || !(t.mult > 0)) {
            err(L, lines[0].line, col_of(&lines[0], name),
                "scale: '%s' is not a positive number", buf);
            return 0;
        }
    }
    if (!split_items(L, &lines[0], rest, lines[0].e, ',', table_item, &t))
        return L->errors ? 0 : -1;
    for (size_t k = 1; k < nl; k++)
        if (!split_items(L, &lines[k], lines[k].s, lines[k].e, ',', table_item, &t))
            return L->errors ? 0 : -1;
    return 0;
}

static bool abbrev_item(loader *L, const srcline *l, const char *s, size_t n, void *ctx)
{
    (void)L;
    (void)l;
    dg_ruleset *rs = ctx;
    char **v = realloc(rs->abbrevs, (rs->nabbrevs + 2) * sizeof *v);
    if (!v)
        return false;
    rs->abbrevs = v;
    v[rs->nabbrevs] = xstrndup(s, n);
    if (!v[rs->nabbrevs])
        return false;
    v[++rs->nabbrevs] = NULL;
    return true;
}

/* ---- blocks: rule, veto, cue, orgpattern, coref, money, percent, fact ---- */

static const char *const KIND_WORDS[DG_RK__COUNT] = {
    "rule", "veto", "cue", "orgpattern", "coref", "money", "percent", "fact"};

const char *dg_i_kind_word(dg_rule_kind k)
{
    return (unsigned)k < DG_RK__COUNT ? KIND_WORDS[k] : "rule";
}

/* A property that takes one of the words opts (NULL-terminated; "prefer
 * sentence|earlier"): the index of the word, or -1 after an error at the
 * value that lists them. */
static int one_of(loader *L, const srcline *l, const char *v, const char *key,
                  const char *const *opts)
{
    size_t vl = (size_t)(l->e - v);
    size_t n = 0;
    for (; opts[n]; n++)
        if (vl == strlen(opts[n]) && strncmp(v, opts[n], vl) == 0)
            return (int)n;
    char list[128];
    size_t used = 0;
    for (size_t i = 0; i < n && used < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 i == 0 ? "" : i + 1 == n ? " or " : ", ", opts[i]);
    err(L, l->line, col_of(l, v), "%s: expected %s", key, list);
    return -1;
}

/* "inherit amount, round, stake": what a relation rule's relations take
 * from the document's facts when the match itself does not give it. */
static bool inherit_item(loader *L, const srcline *l, const char *s, size_t n, void *ctx)
{
    dg_rule *r = ctx;
    if (n == 6 && strncmp(s, "amount", 6) == 0)
        r->inherit |= DG_INHERIT_AMOUNT;
    else if (n == 5 && strncmp(s, "round", 5) == 0)
        r->inherit |= DG_INHERIT_ROUND;
    else if (n == 5 && strncmp(s, "stake", 5) == 0)
        r->inherit |= DG_INHERIT_STAKE;
    else
        err(L, l->line, col_of(l, s), "inherit: unknown value '%.*s' (amount, round, stake)",
            (int)n, s);
    return true;
}

static bool parse_inherit(loader *L, const srcline *l, const char *v, dg_rule *r)
{
    unsigned errs = L->errors;
    split_items(L, l, v, l->e, ',', inherit_item, r);
    return L->errors == errs;
}

/* Parses an expectation "TYPE A -> B; key value; ..." or "org NAME". */
static bool parse_expect(loader *L, const srcline *l, const char *s, const char *e,
                         dg_example *ex)
{
    trim(&s, &e);
    ex->has_expect = true;
    const char *sp = s;
    while (sp < e && !is_space(*sp))
        sp++;
    if (sp - s == 3 && strncmp(s, "org", 3) == 0) {
        const char *n = sp, *ne = e;
        trim(&n, &ne);
        if (n == ne) {
            err(L, l->line, col_of(l, sp), "example: 'org' needs a name");
            return false;
        }
        ex->expect_org = true;
        ex->org_name = xstrndup(n, (size_t)(ne - n));
        return ex->org_name != NULL;
    }
    if (sp == s) {
        err(L, l->line, col_of(l, s), "example: expected 'TYPE A -> B' or 'TYPE A + B'");
        return false;
    }
    dg_expect_rel *r = &ex->rel;
    r->type = xstrndup(s, (size_t)(sp - s));
    const char *semi = memchr(sp, ';', (size_t)(e - sp));
    const char *pe = semi ? semi : e;
    /* parties */
    const char *arrow = NULL;
    for (const char *q = sp; q + 1 < pe; q++)
        if (q[0] == '-' && q[1] == '>') {
            arrow = q;
            break;
        }
    strvec parts = {0};
    if (arrow) {
        r->directed = true;
        const char *a = sp, *ae = arrow, *b = arrow + 2, *be = pe;
        trim(&a, &ae);
        trim(&b, &be);
        if (a == ae || b == be) {
            err(L, l->line, col_of(l, arrow), "example: 'A -> B' needs two names");
            return false;
        }
        push_str(L, l, a, (size_t)(ae - a), &parts);
        push_str(L, l, b, (size_t)(be - b), &parts);
    } else {
        const char *q = sp;
        while (q < pe) {
            const char *plus = q;
            while (plus < pe && !(plus[0] == '+' && (plus == q || is_space(plus[-1]))))
                plus++;
            const char *a = q, *ae = plus;
            trim(&a, &ae);
            if (ae > a)
                push_str(L, l, a, (size_t)(ae - a), &parts);
            q = plus + 1;
        }
        if (parts.n < 2) {
            err(L, l->line, col_of(l, sp), "example: expected 'TYPE A -> B' or 'TYPE A + B'");
            strvec_free(&parts);
            return false;
        }
    }
    r->parties = parts.v;
    r->nparties = parts.n;
    /* options */
    while (semi) {
        const char *o = semi + 1;
        semi = memchr(o, ';', (size_t)(e - o));
        const char *oe = semi ? semi : e;
        trim(&o, &oe);
        const char *k = o;
        while (o < oe && !is_space(*o))
            o++;
        size_t kl = (size_t)(o - k);
        trim(&o, &oe);
        char val[128];
        size_t vl = (size_t)(oe - o) < sizeof val - 1 ? (size_t)(oe - o) : sizeof val - 1;
        memcpy(val, o, vl);
        val[vl] = 0;
        if (kl == 6 && strncmp(k, "status", 6) == 0) {
            if (!dg_rel_status_parse(val, &r->status)) {
                err(L, l->line, col_of(l, o), "example: unknown status '%s'", val);
                return false;
            }
            r->has_status = true;
        } else if (kl == 6 && strncmp(k, "amount", 6) == 0) {
            char *end;
            r->amount = strtod(val, &end);
            while (is_space(*end))
                end++;
            if (end == val || strlen(end) != 3) {
                err(L, l->line, col_of(l, o),
                    "example: amount takes a number and a currency code (amount 1.5e9 USD)");
                return false;
            }
            memcpy(r->currency, end, 4);
            r->has_amount = true;
        } else if (kl == 5 && strncmp(k, "round", 5) == 0) {
            r->round = xstrndup(o, (size_t)(oe - o));
        } else if (kl == 5 && strncmp(k, "stake", 5) == 0) {
            char *end;
            r->stake = strtod(val, &end);
            r->has_stake = end != val;
        } else {
            err(L, l->line, col_of(l, k),
                "example: unknown field '%.*s' (status, amount, round, stake)", (int)kl, k);
            return false;
        }
    }
    return true;
}

/* Frees what an example owns; also a partly parsed one (fields NULL or set). */
static void example_destroy(dg_example *ex)
{
    free(ex->text);
    free(ex->org_name);
    free(ex->rel.type);
    for (size_t k = 0; k < ex->rel.nparties; k++)
        free(ex->rel.parties[k]);
    free(ex->rel.parties);
    free(ex->rel.round);
}

static int add_example(loader *L, dg_rule *r, const srcline *l, const char *v, bool counter)
{
    dg_example ex = {0};
    ex.line = l->line;
    ex.counter = counter;
    const char *e = l->e;
    const char *arrow = NULL;
    for (const char *q = v; q + 1 < e; q++)
        if (q[0] == '=' && q[1] == '>')
            arrow = q;
    const char *te = arrow ? arrow : e;
    const char *ts = v;
    trim(&ts, &te);
    if (ts == te) {
        err(L, l->line, col_of(l, v), "%s: empty sentence", counter ? "counter" : "example");
        return 0;
    }
    if (counter && arrow) {
        err(L, l->line, col_of(l, arrow), "counter: a counterexample has no '=>'");
        return 0;
    }
    ex.text = xstrndup(ts, (size_t)(te - ts));
    if (!ex.text)
        return -1;
    if (arrow && !parse_expect(L, l, arrow + 2, e, &ex)) {
        example_destroy(&ex);
        return 0;
    }
    dg_example *nv = realloc(r->examples, (r->nexamples + 1) * sizeof *nv);
    if (!nv) {
        example_destroy(&ex);
        return -1;
    }
    r->examples = nv;
    nv[r->nexamples++] = ex;
    return 0;
}

/* Types list for vetoes and cues, resolved after all files are read (a type
 * may be declared in a later file): kept as text until then. */
typedef struct pending_types {
    size_t rule;
    strvec names;
    const char *file;
    unsigned line, col;
} pending_types;

static pending_types *g_unused; /* placeholder to keep the struct used */

static void rule_destroy(dg_rule *r);

static int parse_block(loader *L, const srcline *lines, size_t nl, dg_rule_kind kind,
                       const char *p, strvec *typenames, unsigned *types_col,
                       unsigned *type_line, strvec *patsrc, unsigned **patpos,
                       strvec *rejects)
{
    dg_ruleset *rs = L->rs;
    const srcline *l0 = &lines[0];
    const char *idend = p;
    while (idend < l0->e && !is_space(*idend))
        idend++;
    if (idend == p || !ident_ok(p, (size_t)(idend - p))) {
        err(L, l0->line, col_of(l0, p), "%s: expected an id (letters, digits, _ - .)",
            KIND_WORDS[kind]);
        return 0;
    }
    const char *rest = idend;
    while (rest < l0->e && is_space(*rest))
        rest++;
    if (rest < l0->e) {
        err(L, l0->line, col_of(l0, rest),
            "%s: unexpected text after the id (properties go on indented lines)",
            KIND_WORDS[kind]);
        return 0;
    }
    if (GROW(rs->rules, rs->nrules, L->caprules) != 0)
        return -1;
    size_t *rd = realloc(L->rule_dir, L->caprules * sizeof *rd);
    if (!rd)
        return -1;
    L->rule_dir = rd;
    dg_rule *r = &rs->rules[rs->nrules];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->id = xstrndup(p, (size_t)(idend - p));
    r->file = (char *)L->file;
    r->line = l0->line;
    r->reltype = -1;
    r->majority_type = -1;
    r->typemask = ~(uint64_t)0;
    r->order = L->order++;
    r->count = 1;
    if (!r->id)
        return -1;
    unsigned errs0 = L->errors;
    size_t npat = 0;
    for (size_t k = 1; k < nl; k++) {
        const srcline *l = &lines[k];
        const char *kw = l->s;
        const char *ke = kw;
        while (ke < l->e && !is_space(*ke))
            ke++;
        const char *v = ke;
        while (v < l->e && is_space(*v))
            v++;
        size_t kl = (size_t)(ke - kw);
#define KW(w) (kl == sizeof(w) - 1 && strncmp(kw, w, kl) == 0)
        if (v >= l->e && !KW("always")) {
            err(L, l->line, col_of(l, kw), "%.*s: missing value", (int)kl, kw);
            continue;
        }
        if (KW("pattern")) {
            push_str(L, l, v, (size_t)(l->e - v), patsrc);
            unsigned *pp = realloc(*patpos, (npat + 1) * 2 * sizeof *pp);
            if (!pp)
                return -1;
            *patpos = pp;
            pp[npat * 2] = l->line;
            pp[npat * 2 + 1] = col_of(l, v);
            npat++;
        } else if (KW("priority")) {
            char *end;
            long pr = strtol(v, &end, 10);
            if (end != l->e || pr < -1000 || pr > 1000) {
                err(L, l->line, col_of(l, v), "priority: expected a whole number from -1000 to 1000");
                continue;
            }
            r->priority = (int)pr;
        } else if (KW("trigger")) {
            strvec sv = {r->triggers, r->ntriggers, r->ntriggers};
            bool ok = split_items(L, l, v, l->e, ',', push_str, &sv);
            /* The vector may have moved even when an item failed: the rule
             * owns whatever was pushed, so rule_destroy frees it. */
            r->triggers = sv.v;
            r->ntriggers = sv.n;
            if (!ok) {
                rule_destroy(r);
                return L->errors ? 0 : -1;
            }
        } else if (KW("always")) {
            r->always = true;
        } else if (KW("example") || KW("counter")) {
            if (add_example(L, r, l, v, KW("counter")) != 0)
                return -1;
        } else if (KW("status") &&
                   (kind == DG_RK_RELATION || kind == DG_RK_CUE || kind == DG_RK_FACT)) {
            char val[32];
            size_t vl = (size_t)(l->e - v);
            if (vl >= sizeof val || (memcpy(val, v, vl), val[vl] = 0, !dg_rel_status_parse(val, &r->status))) {
                err(L, l->line, col_of(l, v),
                    "status: unknown status '%.*s' (announced, completed, planned, rumored, "
                    "ended, denied)",
                    (int)vl, v);
                continue;
            }
            r->has_status = true;
        } else if (KW("type") && (kind == DG_RK_RELATION || kind == DG_RK_FACT)) {
            typenames->n ? (void)0 : (void)0;
            push_str(L, l, v, (size_t)(l->e - v), typenames);
            *types_col = col_of(l, v);
            *type_line = l->line;
        } else if (KW("types") && (kind == DG_RK_VETO || kind == DG_RK_CUE)) {
            if (!split_items(L, l, v, l->e, ',', push_str, typenames))
                {
                rule_destroy(r);
                return L->errors ? 0 : -1;
            }
            *types_col = col_of(l, v);
            *type_line = l->line;
        } else if (KW("type") && (kind == DG_RK_ORGPATTERN || kind == DG_RK_COREF)) {
            const char *te = l->e;
            if (kind == DG_RK_ORGPATTERN && !known_org_type(v, (size_t)(te - v))) {
                err(L, l->line, col_of(l, v), "type: unknown organization type '%.*s'",
                    (int)(te - v), v);
                continue;
            }
            free(r->orgtype);
            r->orgtype = xstrndup(v, (size_t)(te - v));
        } else if (KW("sector") && kind == DG_RK_COREF) {
            free(r->sector);
            r->sector = xstrndup(v, (size_t)(l->e - v));
        } else if (KW("count") && kind == DG_RK_COREF) {
            char *end;
            long c = strtol(v, &end, 10);
            if (end != l->e || c < 1 || c > 8) {
                err(L, l->line, col_of(l, v), "count: expected a number from 1 to 8");
                continue;
            }
            r->count = (int)c;
        } else if (KW("prefer") && kind == DG_RK_COREF) {
            static const char *const opts[] = {"sentence", "earlier", NULL};
            int w = one_of(L, l, v, "prefer", opts);
            if (w >= 0)
                r->earlier_first = w == 1;
        } else if (KW("resolve") && kind == DG_RK_COREF) {
            static const char *const opts[] = {"subject", "recent", "object", NULL};
            int w = one_of(L, l, v, "resolve", opts);
            if (w >= 0)
                r->resolve = w == 0 ? DG_RESOLVE_SUBJECT
                             : w == 1 ? DG_RESOLVE_RECENT
                                      : DG_RESOLVE_OBJECT;
        } else if (KW("role") && kind == DG_RK_COREF) {
            static const char *const opts[] = {"target", "any", NULL};
            int w = one_of(L, l, v, "role", opts);
            if (w >= 0)
                r->role_target = w == 0;
        } else if (KW("majority") && kind == DG_RK_RELATION) {
            free(r->majority_name);
            r->majority_name = xstrndup(v, (size_t)(l->e - v));
            r->majority_line = l->line;
            r->majority_col = col_of(l, v);
        } else if (KW("inherit") && kind == DG_RK_RELATION) {
            if (!parse_inherit(L, l, v, r))
                continue;
        } else if (KW("reject") && kind == DG_RK_ORGPATTERN) {
            if (!split_items(L, l, v, l->e, ',', push_str, rejects))
                {
                rule_destroy(r);
                return L->errors ? 0 : -1;
            }
        } else if (KW("overlap") && kind == DG_RK_RELATION) {
            size_t vl = (size_t)(l->e - v);
            if (vl == 6 && strncmp(v, "shared", 6) == 0)
                r->overlap_shared = true;
            else if (!(vl == 9 && strncmp(v, "exclusive", 9) == 0))
                err(L, l->line, col_of(l, v), "overlap: expected exclusive or shared");
        } else {
            err(L, l->line, col_of(l, kw), "%s %s: unknown property '%.*s'",
                KIND_WORDS[kind], r->id, (int)kl, kw);
        }
#undef KW
    }
    if (npat == 0)
        err(L, l0->line, 1, "%s %s: no pattern", KIND_WORDS[kind], r->id);
    if (kind == DG_RK_RELATION && typenames->n == 0)
        err(L, l0->line, 1, "rule %s: no type (add an indented line 'type partnership')", r->id);
    if (kind == DG_RK_FACT && typenames->n == 0)
        err(L, l0->line, 1, "fact %s: no type (add an indented line 'type investment')", r->id);
    if (kind == DG_RK_CUE && !r->has_status)
        err(L, l0->line, 1, "cue %s: no status", r->id);
    L->rule_dir[rs->nrules] = L->dir;
    rs->nrules++;
    (void)errs0;
    (void)g_unused;
    return 0;
}

/* ---- files ---- */

typedef struct pending_block {
    size_t rule;
    strvec typenames;
    unsigned types_col, type_line;
    strvec patsrc;
    unsigned *patpos;
    strvec rejects;
    const char *file;
} pending_block;

typedef struct blocks {
    pending_block *v;
    size_t n, cap;
} blocks;

static int parse_statement(loader *L, const srcline *lines, size_t nl, blocks *B)
{
    const srcline *l = &lines[0];
    const char *kw = l->s, *ke = kw;
    while (ke < l->e && !is_space(*ke))
        ke++;
    const char *p = ke;
    while (p < l->e && is_space(*p))
        p++;
    size_t kl = (size_t)(ke - kw);
#define KW(w) (kl == sizeof(w) - 1 && strncmp(kw, w, kl) == 0)
    if (KW("org")) {
        if (nl > 1)
            err(L, lines[1].line, lines[1].col, "org: one line a statement (no indented lines)");
        return parse_org(L, l, p);
    }
    if (KW("words"))
        return parse_words(L, lines, nl, p);
    if (KW("define")) {
        if (nl > 1)
            err(L, lines[1].line, lines[1].col, "define: one line a statement");
        return parse_define(L, l, p);
    }
    if (KW("reltype"))
        return parse_reltype(L, l, p);
    if (KW("currency"))
        return parse_table(L, lines, nl, p, TABLE_CURRENCY);
    if (KW("scale"))
        return parse_table(L, lines, nl, p, TABLE_SCALE);
    if (KW("country"))
        return parse_table(L, lines, nl, p, TABLE_COUNTRY);
    if (KW("abbrev")) {
        for (size_t k = 0; k < nl; k++)
            if (!split_items(L, &lines[k], k ? lines[k].s : p, lines[k].e, ',', abbrev_item,
                             L->rs))
                return L->errors ? 0 : -1;
        return 0;
    }
    for (int k = 0; k < DG_RK__COUNT; k++)
        if (kl == strlen(KIND_WORDS[k]) && strncmp(kw, KIND_WORDS[k], kl) == 0) {
            if (GROW(B->v, B->n, B->cap) != 0)
                return -1;
            pending_block *pb = &B->v[B->n];
            memset(pb, 0, sizeof *pb);
            size_t before = L->rs->nrules;
            int r = parse_block(L, lines, nl, (dg_rule_kind)k, p, &pb->typenames,
                                &pb->types_col, &pb->type_line, &pb->patsrc, &pb->patpos,
                                &pb->rejects);
            if (L->rs->nrules > before) {
                pb->rule = before;
                pb->file = L->file;
                B->n++;
            } else {
                strvec_free(&pb->typenames);
                strvec_free(&pb->patsrc);
                free(pb->patpos);
                strvec_free(&pb->rejects);
            }
            return r;
        }
#undef KW
    err(L, l->line, l->col,
        "unknown statement '%.*s' (org, words, define, reltype, currency, scale, country, "
        "abbrev, rule, veto, cue, orgpattern, coref, money, percent, fact)",
        (int)kl, kw);
    return 0;
}

static int parse_file(loader *L, const char *path, blocks *B)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        dg_diags_add(L->diags, DG_SEV_ERROR, path, 0, 0, NULL, "cannot open: %s",
                     strerror(errno));
        L->errors++;
        return 0;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + got + 1 > cap) {
            cap = (len + got + 1) * 2;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
        }
        memcpy(buf + len, chunk, got);
        len += got;
    }
    bool rerr = ferror(f);
    fclose(f);
    if (rerr) {
        dg_diags_add(L->diags, DG_SEV_ERROR, path, 0, 0, NULL, "read error");
        L->errors++;
        free(buf);
        return 0;
    }
    if (!buf)
        return 0;
    buf[len] = 0;
    if (!dg_utf8_valid(buf, len)) {
        /* find the line */
        unsigned line = 1;
        size_t i = 0, ls = 0;
        while (i < len) {
            size_t j = i;
            while (j < len && buf[j] != '\n')
                j++;
            if (!dg_utf8_valid(buf + i, j - i)) {
                size_t k = i;
                while (k < j && dg_utf8_valid(buf + i, k - i + 1))
                    k++;
                err(L, line, (unsigned)(k - ls + 1), "invalid UTF-8 in a rule file");
                break;
            }
            i = j + 1;
            ls = i;
            line++;
        }
        free(buf);
        return 0;
    }
    size_t off = 0;
    if (len >= 3 && (unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB &&
        (unsigned char)buf[2] == 0xBF)
        off = 3;
    /* Lines, then statements: a statement starts at column 1 and continues
     * over the indented lines after it; comments and blank lines end nothing. */
    srcline *lines = NULL;
    size_t nlines = 0, caplines = 0;
    unsigned lineno = 0;
    int rc = 0;
    for (size_t i = off; i <= len;) {
        size_t j = i;
        while (j < len && buf[j] != '\n')
            j++;
        lineno++;
        const char *s = buf + i, *e = buf + j;
        if (e > s && e[-1] == '\r')
            e--;
        const char *t = s;
        while (t < e && is_space(*t))
            t++;
        bool blank = t == e || *t == '#';
        if (!blank) {
            bool cont = t > s;
            if (!cont && nlines) {
                if (parse_statement(L, lines, nlines, B) != 0) {
                    rc = -1;
                    break;
                }
                nlines = 0;
            }
            if (cont && nlines == 0) {
                err(L, lineno, 1, "indented line outside a statement");
            } else {
                const char *te = e;
                while (te > t && is_space(te[-1]))
                    te--;
                if (nlines == caplines) {
                    caplines = caplines ? caplines * 2 : 32;
                    srcline *nl = realloc(lines, caplines * sizeof *nl);
                    if (!nl) {
                        rc = -1;
                        break;
                    }
                    lines = nl;
                }
                lines[nlines++] = (srcline){t, te, lineno, (unsigned)(t - s) + 1};
            }
        }
        if (j >= len)
            break;
        i = j + 1;
    }
    if (rc == 0 && nlines)
        rc = parse_statement(L, lines, nlines, B);
    free(lines);
    /* Statements keep pointers into buf only during parsing: every kept string
     * was copied. */
    free(buf);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Collects *.rules below dir, sorted by path. */
static int collect(loader *L, const char *dir, strvec *out, int depth)
{
    if (depth > 32) {
        dg_diags_add(L->diags, DG_SEV_ERROR, dir, 0, 0, NULL, "directories nested too deep (a symlink loop?)");
        L->errors++;
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d) {
        dg_diags_add(L->diags, DG_SEV_ERROR, dir, 0, 0, NULL, "cannot open rules directory: %s",
                     strerror(errno));
        L->errors++;
        return 0;
    }
    strvec names = {0};
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char *path = NULL;
        size_t dl = strlen(dir);
        bool slash = dl > 0 && dir[dl - 1] == '/';
        if (asprintf(&path, slash ? "%s%s" : "%s/%s", dir, de->d_name) < 0) {
            closedir(d);
            strvec_free(&names);
            return -1;
        }
        if (GROW(names.v, names.n, names.cap) != 0) {
            free(path);
            closedir(d);
            return -1;
        }
        names.v[names.n++] = path;
    }
    closedir(d);
    qsort(names.v, names.n, sizeof *names.v, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        struct stat st;
        if (stat(names.v[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = collect(L, names.v[i], out, depth + 1);
        } else {
            size_t n = strlen(names.v[i]);
            if (n > 6 && strcmp(names.v[i] + n - 6, ".rules") == 0) {
                if (GROW(out->v, out->n, out->cap) != 0) {
                    rc = -1;
                    break;
                }
                out->v[out->n++] = names.v[i];
                names.v[i] = NULL;
            }
        }
    }
    strvec_free(&names);
    return rc;
}

/* ---- after all files: resolve, compile, index ---- */

static void rule_destroy(dg_rule *r)
{
    free(r->id);
    for (size_t i = 0; i < r->ntriggers; i++)
        free(r->triggers[i]);
    free(r->triggers);
    for (size_t i = 0; i < r->npats; i++)
        dg_i_pattern_destroy(&r->pats[i]);
    free(r->pats);
    free(r->orgtype);
    free(r->sector);
    free(r->majority_name);
    free(r->reject_lists);
    for (size_t i = 0; i < r->nexamples; i++)
        example_destroy(&r->examples[i]);
    free(r->examples);
}

static int cmp_rule(const void *a, const void *b)
{
    const dg_rule *x = a, *y = b;
    if (x->kind != y->kind)
        return (int)x->kind - (int)y->kind;
    if (x->priority != y->priority)
        return y->priority - x->priority;
    return x->order < y->order ? -1 : x->order > y->order;
}

static dg_status finish(loader *L, blocks *B)
{
    dg_ruleset *rs = L->rs;
    dg_status st = DG_OK;
    /* Overrides: a rule id seen in a later directory replaces the earlier
     * one; twice in one directory is an error. */
    bool *dead = calloc(rs->nrules ? rs->nrules : 1, sizeof *dead);
    if (!dead)
        return DG_ENOMEM;
    for (size_t i = 0; i < rs->nrules; i++)
        for (size_t j = i + 1; j < rs->nrules; j++) {
            if (dead[i] || strcmp(rs->rules[i].id, rs->rules[j].id) != 0)
                continue;
            if (L->rule_dir[i] == L->rule_dir[j]) {
                L->file = rs->rules[j].file;
                err(L, rs->rules[j].line, 1 + (unsigned)strlen(KIND_WORDS[rs->rules[j].kind]) + 1,
                    "duplicate id '%s' (first defined at %s:%u)", rs->rules[j].id,
                    rs->rules[i].file, rs->rules[i].line);
            } else {
                dead[i] = true;
            }
        }
    /* Word lists: fold keys. */
    for (size_t i = 0; i < rs->nlists; i++) {
        dg_wordlist *w = &rs->lists[i];
        w->keys = dg_i_keyset_new();
        if (!w->keys) {
            st = DG_ENOMEM;
            goto cleanup;
        }
        dg_buf k;
        dg_buf_init(&k);
        for (size_t j = 0; j < w->nitems; j++) {
            k.len = 0;
            if (dg_fold_append(&k, w->items[j], strlen(w->items[j])) != DG_OK ||
                dg_i_keyset_add(w->keys, k.p ? k.p : "", k.len) != DG_OK) {
                dg_buf_destroy(&k);
                st = DG_ENOMEM;
                goto cleanup;
            }
        }
        dg_buf_destroy(&k);
    }
    rs->legal_suffix_list = dg_i_ruleset_list(rs, "LEGAL_SUFFIX");
    /* Macros are checked on their own so an error inside one is reported
     * where it is written, once. */
    for (size_t i = 0; i < rs->nmacros; i++) {
        st = dg_i_macro_check(rs, i, L->diags, &L->errors);
        if (st != DG_OK)
            goto cleanup;
    }
    /* Blocks: types, reject lists, patterns. */
    for (size_t b = 0; b < B->n; b++) {
        pending_block *pb = &B->v[b];
        dg_rule *r = &rs->rules[pb->rule];
        L->file = pb->file;
        if (dead[pb->rule])
            continue;
        if ((r->kind == DG_RK_RELATION || r->kind == DG_RK_FACT) && pb->typenames.n) {
            const char *t = pb->typenames.v[0];
            r->reltype = find_reltype(rs, t, strlen(t));
            if (r->reltype < 0)
                err(L, pb->type_line, pb->types_col,
                    "%s %s: unknown relation type '%s' (declare it: 'reltype %s "
                    "directed|undirected')",
                    KIND_WORDS[r->kind], r->id, t, t);
            else if (r->kind == DG_RK_FACT && !rs->reltypes[r->reltype].directed)
                err(L, pb->type_line, pb->types_col,
                    "fact %s: type '%s' is undirected: facts attach to a target, so the type "
                    "must be directed",
                    r->id, t);
        }
        if (r->majority_name) {
            r->majority_type = find_reltype(rs, r->majority_name, strlen(r->majority_name));
            if (r->majority_type < 0)
                err(L, r->majority_line, r->majority_col,
                    "rule %s: majority: unknown relation type '%s'", r->id, r->majority_name);
            else if (!rs->reltypes[r->majority_type].directed ||
                     (r->reltype >= 0 && !rs->reltypes[r->reltype].directed))
                err(L, r->majority_line, r->majority_col,
                    "rule %s: majority: both the rule's type and '%s' must be directed", r->id,
                    r->majority_name);
        }
        if ((r->kind == DG_RK_VETO || r->kind == DG_RK_CUE) && pb->typenames.n) {
            r->typemask = 0;
            for (size_t k = 0; k < pb->typenames.n; k++) {
                int t = find_reltype(rs, pb->typenames.v[k], strlen(pb->typenames.v[k]));
                if (t < 0)
                    err(L, pb->type_line, pb->types_col, "%s %s: unknown relation type '%s'",
                        KIND_WORDS[r->kind], r->id, pb->typenames.v[k]);
                else
                    r->typemask |= (uint64_t)1 << t;
            }
        }
        if (pb->rejects.n) {
            r->reject_lists = calloc(pb->rejects.n, sizeof(int));
            if (!r->reject_lists) {
                st = DG_ENOMEM;
                goto cleanup;
            }
            for (size_t k = 0; k < pb->rejects.n; k++) {
                const char *nm = pb->rejects.v[k][0] == '@' ? pb->rejects.v[k] + 1 : pb->rejects.v[k];
                int li = dg_i_ruleset_list(rs, nm);
                if (li < 0)
                    err(L, r->line, 1, "orgpattern %s: reject names unknown word list '%s'",
                        r->id, nm);
                r->reject_lists[r->nreject++] = li;
            }
        }
        r->pats = calloc(pb->patsrc.n ? pb->patsrc.n : 1, sizeof *r->pats);
        if (!r->pats) {
            st = DG_ENOMEM;
            goto cleanup;
        }
        for (size_t k = 0; k < pb->patsrc.n; k++) {
            dg_pattern *pt = &r->pats[r->npats];
            bool ok = false;
            st = dg_i_pattern_compile(rs, r, pb->patsrc.v[k], pb->file, pb->patpos[k * 2],
                                      pb->patpos[k * 2 + 1], pt, L->diags, &ok);
            if (st != DG_OK)
                goto cleanup;
            if (ok)
                r->npats++;
            else
                L->errors++;
        }
        if (r->kind == DG_RK_RELATION && r->reltype >= 0) {
            for (size_t k = 0; k < r->npats; k++) {
                dg_pattern *pt = &r->pats[k];
                bool src = false, tgt = false;
                size_t party = 0;
                for (size_t s = 0; s < pt->nslots; s++) {
                    if (pt->slots[s].role == DG_ROLE_SOURCE) src = true;
                    if (pt->slots[s].role == DG_ROLE_TARGET) tgt = true;
                    if (pt->slots[s].role == DG_ROLE_PARTY)
                        party += pt->slots[s].kind == DG_SLOT_ORGS ? 2 : 1;
                }
                bool directed = rs->reltypes[r->reltype].directed;
                if (directed && !(src && tgt))
                    err(L, pt->line, pt->col,
                        "rule %s: type '%s' is directed: the pattern needs {ORG:source} "
                        "and {ORG:target}",
                        r->id, rs->reltypes[r->reltype].name);
                if (!directed && party < 2)
                    err(L, pt->line, pt->col,
                        "rule %s: type '%s' is undirected: the pattern needs two "
                        "{ORG:party} slots or one {ORGS:party}",
                        r->id, rs->reltypes[r->reltype].name);
            }
        }
        if (r->kind == DG_RK_FACT && !r->has_status)
            for (size_t k = 0; k < r->npats; k++) {
                bool value = false;
                for (size_t q = 0; q < r->pats[k].nslots; q++) {
                    dg_role ro = r->pats[k].slots[q].role;
                    value |= ro == DG_ROLE_AMOUNT || ro == DG_ROLE_ROUND || ro == DG_ROLE_STAKE;
                }
                if (!value)
                    err(L, r->pats[k].line, r->pats[k].col,
                        "fact %s: the pattern states nothing: it needs {MONEY:amount}, "
                        "{PERCENT:stake} or a {MACRO:round}, or the fact a status",
                        r->id);
            }
        if (r->ntriggers == 0 && !r->always && r->kind != DG_RK_ORGPATTERN)
            warn(L, r->line, 1,
                 "%s %s: no trigger words: it runs on every sentence (add 'trigger' or "
                 "'always')",
                 KIND_WORDS[r->kind], r->id);
        if (r->nexamples == 0 && r->kind != DG_RK_MONEY && r->kind != DG_RK_PERCENT)
            warn(L, r->line, 1, "%s %s: no example", KIND_WORDS[r->kind], r->id);
        if (r->ntriggers == 0)
            r->always = true;
    }
    /* Drop overridden rules, then sort by kind, priority and load order. */
    size_t w = 0;
    for (size_t i = 0; i < rs->nrules; i++) {
        if (dead[i]) {
            rule_destroy(&rs->rules[i]);
            continue;
        }
        rs->rules[w++] = rs->rules[i];
    }
    rs->nrules = w;
    if (rs->nrules)
        qsort(rs->rules, rs->nrules, sizeof *rs->rules, cmp_rule);
    for (int k = 0, i = 0; k <= DG_RK__COUNT; k++) {
        while ((size_t)i < rs->nrules && (int)rs->rules[i].kind < k)
            i++;
        rs->kind_start[k] = (size_t)i;
    }
    rs->kind_start[DG_RK__COUNT] = rs->nrules;
    /* Shadowing: the same pattern and type under a rule that comes first. */
    for (size_t i = 0; i < rs->nrules; i++)
        for (size_t j = i + 1; j < rs->nrules; j++) {
            dg_rule *a = &rs->rules[i], *b2 = &rs->rules[j];
            if (a->kind != b2->kind || a->reltype != b2->reltype || a->npats == 0 ||
                b2->npats == 0)
                continue;
            for (size_t pa = 0; pa < a->npats; pa++)
                for (size_t pb2 = 0; pb2 < b2->npats; pb2++)
                    if (strcmp(a->pats[pa].expanded, b2->pats[pb2].expanded) == 0) {
                        L->file = b2->file;
                        warn(L, b2->pats[pb2].line, b2->pats[pb2].col,
                             "%s %s: pattern is shadowed by %s (%s:%u), which has the same "
                             "pattern and comes first",
                             KIND_WORDS[b2->kind], b2->id, a->id, a->file, a->pats[pa].line);
                    }
        }
    /* Lexicon: names, suffixes, triggers. */
    rs->lex = dg_i_lexicon_new();
    if (!rs->lex) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < L->nnames; i++) {
        struct pending_name *pn = &L->names[i];
        size_t other = 0;
        dg_status s2 = dg_i_lexicon_add_name(rs->lex, pn->name, pn->org, pn->exact, &other);
        if (s2 == DG_ENOMEM) {
            st = s2;
            goto cleanup;
        }
        if (s2 == DG_EINVAL) {
            L->file = pn->file;
            warn(L, pn->line, pn->col, "name '%s' already belongs to %s (%s:%u); kept there",
                 pn->name, rs->orgs[other].canonical, rs->orgs[other].file,
                 rs->orgs[other].line);
        }
    }
    rs->naliases = dg_i_lexicon_names(rs->lex);
    if (rs->legal_suffix_list >= 0) {
        dg_wordlist *ls = &rs->lists[rs->legal_suffix_list];
        for (size_t i = 0; i < ls->nitems; i++) {
            DG_TRY(dg_i_lexicon_add_suffix(rs->lex, ls->items[i]));
            /* ", Inc." and ", Ltd." are written with a comma too */
            char *c = NULL;
            if (asprintf(&c, ", %s", ls->items[i]) < 0) {
                st = DG_ENOMEM;
                goto cleanup;
            }
            st = dg_i_lexicon_add_suffix(rs->lex, c);
            free(c);
            if (st != DG_OK)
                goto cleanup;
        }
    }
    for (size_t i = 0; i < rs->nrules; i++) {
        dg_rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->ntriggers; k++)
            DG_TRY(dg_i_lexicon_add_trigger(rs->lex, r->triggers[k], i));
        for (size_t k = 0; k < r->npats; k++) {
            uint32_t c = 0;
            pcre2_pattern_info(r->pats[k].code, PCRE2_INFO_CAPTURECOUNT, &c);
            if (c + 1 > rs->max_groups)
                rs->max_groups = c + 1;
        }
        rs->nexamples += r->nexamples;
    }
cleanup:
    free(dead);
    return st;
}

static const char *const BUILTIN_ABBREVS[] = {
    "Inc.", "Corp.", "Co.", "Ltd.", "Plc.", "LLC.", "L.P.", "Bros.", "Mr.", "Mrs.", "Ms.",
    "Dr.", "Prof.", "Sr.", "Jr.", "St.", "No.", "vs.", "etc.", "e.g.", "i.e.", "U.S.",
    "U.K.", "U.N.", "E.U.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.",
    "Sept.", "Oct.", "Nov.", "Dec.", "approx.", "est.", "Gov.", "Sen.", "Rep.", "Gen.",
    "Ave.", "Dept.", "Univ.", "S.A.", "N.V.", "A.G.", "S.p.A.", "K.K.", NULL};

dg_status dg_ruleset_load(const char *const *dirs, size_t ndirs, dg_diags *diags,
                          dg_ruleset **out)
{
    *out = NULL;
    dg_status st = DG_OK;
    dg_ruleset *rs = calloc(1, sizeof *rs);
    if (!rs)
        return DG_ENOMEM;
    rs->legal_suffix_list = -1;
    loader L = {0};
    L.rs = rs;
    L.diags = diags;
    blocks B = {0};
    for (size_t i = 0; BUILTIN_ABBREVS[i]; i++)
        if (!abbrev_item(&L, NULL, BUILTIN_ABBREVS[i], strlen(BUILTIN_ABBREVS[i]), rs)) {
            st = DG_ENOMEM;
            goto cleanup;
        }
    for (size_t d = 0; d < ndirs; d++) {
        strvec files = {0};
        L.dir = d;
        if (collect(&L, dirs[d], &files, 0) != 0) {
            strvec_free(&files);
            st = DG_ENOMEM;
            goto cleanup;
        }
        if (files.n == 0 && L.errors == 0) {
            dg_diags_add(diags, DG_SEV_WARNING, dirs[d], 0, 0, NULL, "no *.rules files here");
        }
        for (size_t i = 0; i < files.n; i++) {
            char **nf = realloc(rs->files, (rs->nfiles + 1) * sizeof *nf);
            if (!nf) {
                strvec_free(&files);
                st = DG_ENOMEM;
                goto cleanup;
            }
            rs->files = nf;
            rs->files[rs->nfiles++] = files.v[i];
            files.v[i] = NULL;
            L.file = rs->files[rs->nfiles - 1];
            if (parse_file(&L, L.file, &B) != 0) {
                strvec_free(&files);
                st = DG_ENOMEM;
                goto cleanup;
            }
        }
        strvec_free(&files);
    }
    st = finish(&L, &B);
    if (st == DG_OK && (L.errors || dg_diags_errors(diags)))
        st = DG_ESYNTAX;
cleanup:
    for (size_t b = 0; b < B.n; b++) {
        strvec_free(&B.v[b].typenames);
        strvec_free(&B.v[b].patsrc);
        free(B.v[b].patpos);
        strvec_free(&B.v[b].rejects);
    }
    free(B.v);
    for (size_t i = 0; i < L.nnames; i++)
        free(L.names[i].name);
    free(L.names);
    free(L.rule_dir);
    if (st != DG_OK) {
        dg_ruleset_free(rs);
        return st;
    }
    *out = rs;
    return DG_OK;
}

void dg_ruleset_free(dg_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nrules; i++)
        rule_destroy(&rs->rules[i]);
    free(rs->rules);
    for (size_t i = 0; i < rs->norgs; i++) {
        dg_org *o = &rs->orgs[i];
        free(o->canonical);
        free(o->type);
        free(o->parent);
        free(o->sector);
        free(o->country);
    }
    free(rs->orgs);
    dg_i_lexicon_free(rs->lex);
    for (size_t i = 0; i < rs->nreltypes; i++)
        free(rs->reltypes[i].name);
    free(rs->reltypes);
    for (size_t i = 0; i < rs->nlists; i++) {
        for (size_t j = 0; j < rs->lists[i].nitems; j++)
            free(rs->lists[i].items[j]);
        free(rs->lists[i].items);
        free(rs->lists[i].name);
        dg_i_keyset_free(rs->lists[i].keys);
    }
    free(rs->lists);
    for (size_t i = 0; i < rs->nmacros; i++) {
        free(rs->macros[i].name);
        free(rs->macros[i].body);
    }
    free(rs->macros);
    for (size_t i = 0; i < rs->ncurrencies; i++)
        free(rs->currencies[i].key);
    free(rs->currencies);
    for (size_t i = 0; i < rs->ncountries; i++)
        free(rs->countries[i].key);
    free(rs->countries);
    for (size_t i = 0; i < rs->nscales; i++)
        free(rs->scales[i].key);
    free(rs->scales);
    for (size_t i = 0; i < rs->nabbrevs; i++)
        free(rs->abbrevs[i]);
    free(rs->abbrevs);
    for (size_t i = 0; i < rs->nfiles; i++)
        free(rs->files[i]);
    free(rs->files);
    free(rs);
}

void dg_ruleset_info_get(const dg_ruleset *rs, dg_ruleset_info *o)
{
    memset(o, 0, sizeof *o);
    o->files = rs->nfiles;
    o->orgs = rs->norgs;
    o->aliases = rs->naliases;
    o->org_patterns = rs->kind_start[DG_RK_ORGPATTERN + 1] - rs->kind_start[DG_RK_ORGPATTERN];
    o->corefs = rs->kind_start[DG_RK_COREF + 1] - rs->kind_start[DG_RK_COREF];
    o->relation_rules = rs->kind_start[DG_RK_RELATION + 1] - rs->kind_start[DG_RK_RELATION];
    o->vetoes = rs->kind_start[DG_RK_VETO + 1] - rs->kind_start[DG_RK_VETO];
    o->cues = rs->kind_start[DG_RK_CUE + 1] - rs->kind_start[DG_RK_CUE];
    o->facts = rs->kind_start[DG_RK_FACT + 1] - rs->kind_start[DG_RK_FACT];
    o->examples = rs->nexamples;
    o->reltypes = rs->nreltypes;
}

size_t dg_ruleset_reltype_count(const dg_ruleset *rs)
{
    return rs->nreltypes;
}

const char *dg_ruleset_reltype(const dg_ruleset *rs, size_t i, bool *directed)
{
    if (i >= rs->nreltypes)
        return NULL;
    if (directed)
        *directed = rs->reltypes[i].directed;
    return rs->reltypes[i].name;
}

static const char *table_code(const dg_currency_word *v, size_t nv, const char *key, size_t n)
{
    for (size_t i = 0; i < nv; i++)
        if (strlen(v[i].key) == n && memcmp(v[i].key, key, n) == 0)
            return v[i].code;
    return NULL;
}

const char *dg_i_currency(const dg_ruleset *rs, const char *key, size_t n)
{
    return table_code(rs->currencies, rs->ncurrencies, key, n);
}

const char *dg_i_country(const dg_ruleset *rs, const char *key, size_t n)
{
    return table_code(rs->countries, rs->ncountries, key, n);
}

double dg_i_scale(const dg_ruleset *rs, const char *key, size_t n)
{
    for (size_t i = 0; i < rs->nscales; i++)
        if (strlen(rs->scales[i].key) == n && memcmp(rs->scales[i].key, key, n) == 0)
            return rs->scales[i].mult;
    return 0;
}

char *dg_ruleset_org_key(const dg_ruleset *rs, const char *name)
{
    dg_tokens t;
    dg_tokens_init(&t);
    dg_buf out;
    dg_buf_init(&out);
    char *res = NULL;
    if (dg_tokenize(&t, name, strlen(name)) != DG_OK)
        goto cleanup;
    size_t n = t.n;
    /* drop a possessive and trailing legal suffixes (and their commas) */
    if (n >= 2 && t.v[n - 2].key_len == 1 && t.keys.p[t.v[n - 2].key] == '\'' &&
        t.v[n - 1].key_len == 1 && t.keys.p[t.v[n - 1].key] == 's')
        n -= 2;
    const dg_keyset *suf =
        rs && rs->legal_suffix_list >= 0 ? rs->lists[rs->legal_suffix_list].keys : NULL;
    for (bool again = true; again && n > 1;) {
        again = false;
        /* try the longest suffix made of the last 1..4 tokens */
        for (size_t k = n - 1 > 4 ? 4 : n - 1; k >= 1; k--) {
            dg_buf s;
            dg_buf_init(&s);
            for (size_t i = n - k; i < n; i++) {
                if (i > n - k && (t.v[i].flags & DG_TOK_SPACE_BEFORE))
                    dg_buf_putc(&s, ' ');
                dg_buf_append(&s, t.keys.p + t.v[i].key, t.v[i].key_len);
            }
            bool hit = suf && s.len && dg_i_keyset_has(suf, s.p, s.len);
            dg_buf_destroy(&s);
            if (hit) {
                n -= k;
                while (n > 1 && t.v[n - 1].key_len == 1 && t.keys.p[t.v[n - 1].key] == ',')
                    n--;
                again = true;
                break;
            }
        }
    }
    /* and a leading article: the extractor reads "The CrownX" as CrownX */
    size_t first = n >= 2 && t.v[0].key_len == 3 && memcmp(t.keys.p + t.v[0].key, "the", 3) == 0;
    for (size_t i = first; i < n; i++) {
        if (i > first && (t.v[i].flags & DG_TOK_SPACE_BEFORE))
            dg_buf_putc(&out, ' ');
        dg_buf_append(&out, t.keys.p + t.v[i].key, t.v[i].key_len);
    }
    res = strdup(dg_buf_cstr(&out));
cleanup:
    dg_tokens_destroy(&t);
    dg_buf_destroy(&out);
    return res;
}

const char *dg_ruleset_canonical(const dg_ruleset *rs, const char *name, const char **type,
                                 const char **parent)
{
    long o = dg_i_lexicon_find(rs->lex, name, strlen(name));
    if (o < 0) {
        /* "Acme Robotics's" or "ACME Robotics Inc" spelled another way */
        char *key = dg_ruleset_org_key(rs, name);
        if (key) {
            o = dg_i_lexicon_find(rs->lex, key, strlen(key));
            free(key);
        }
    }
    if (o < 0)
        return NULL;
    if (type)
        *type = rs->orgs[o].type;
    if (parent)
        *parent = rs->orgs[o].parent;
    return rs->orgs[o].canonical;
}
