/* Evaluation against a gold standard: names are folded to organization keys,
 * relations become pairs of keys per document, and both sides are sorted and
 * merged. Sorting (instead of hashing every pair) keeps the output order
 * deterministic and the memory small. */
#include <dealgraph/eval.h>

#include "eval_internal.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <uthash.h>

#include <dealgraph/relation.h>
#include <dealgraph/text.h>

/* One pair of organizations of one relation record, on either side. */
typedef struct pair {
    char *doc, *type;
    char *ka, *kb;   /* keys; undirected pairs have ka < kb */
    char *na, *nb;   /* names to show */
    bool directed;
    char *status;    /* NULL when gold gives none */
    bool has_amount;
    double amount;
    char currency[4];
    char *round;
    bool has_stake;
    double stake;
    char *sentence;  /* system only */
    size_t seq;      /* input order: the first of duplicates wins */
} pair;

typedef struct org {
    char *doc, *key, *name;
    bool unlisted;
    size_t seq;
} org;

typedef struct gdoc {
    char *id;
    char *split; /* may be NULL */
    UT_hash_handle hh;
} gdoc;

typedef struct pairs {
    pair *v;
    size_t n, cap;
} pairs;

typedef struct orgs {
    org *v;
    size_t n, cap;
} orgs;

struct dg_eval {
    const dg_ruleset *rs;
    gdoc *docs; /* uthash by id */
    pairs gold, sys;
    orgs gold_orgs, sys_orgs;
    bool has_entities;
    unsigned resamples;
};

/* ---- small helpers ---- */

static char *xstrdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void pair_free(pair *p)
{
    free(p->doc);
    free(p->type);
    free(p->ka);
    free(p->kb);
    free(p->na);
    free(p->nb);
    free(p->status);
    free(p->round);
    free(p->sentence);
}

static void org_free(org *o)
{
    free(o->doc);
    free(o->key);
    free(o->name);
}

static dg_status pairs_push(pairs *ps, pair *p)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 64;
        pair *v = realloc(ps->v, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        ps->v = v;
        ps->cap = cap;
    }
    p->seq = ps->n;
    ps->v[ps->n++] = *p;
    memset(p, 0, sizeof *p);
    return DG_OK;
}

static dg_status orgs_push(orgs *os, org *o)
{
    if (os->n == os->cap) {
        size_t cap = os->cap ? os->cap * 2 : 64;
        org *v = realloc(os->v, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        os->v = v;
        os->cap = cap;
    }
    o->seq = os->n;
    os->v[os->n++] = *o;
    memset(o, 0, sizeof *o);
    return DG_OK;
}

dg_status dg_eval_new(const dg_ruleset *rs, dg_eval **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return DG_ENOMEM;
    (*out)->rs = rs;
    (*out)->resamples = DG_EVAL_RESAMPLES;
    return DG_OK;
}

void dg_eval_set_resamples(dg_eval *e, unsigned n)
{
    e->resamples = n;
}

void dg_eval_free(dg_eval *e)
{
    if (!e)
        return;
    gdoc *d, *tmp;
    HASH_ITER(hh, e->docs, d, tmp) {
        HASH_DEL(e->docs, d);
        free(d->id);
        free(d->split);
        free(d);
    }
    for (size_t i = 0; i < e->gold.n; i++)
        pair_free(&e->gold.v[i]);
    for (size_t i = 0; i < e->sys.n; i++)
        pair_free(&e->sys.v[i]);
    for (size_t i = 0; i < e->gold_orgs.n; i++)
        org_free(&e->gold_orgs.v[i]);
    for (size_t i = 0; i < e->sys_orgs.n; i++)
        org_free(&e->sys_orgs.v[i]);
    free(e->gold.v);
    free(e->sys.v);
    free(e->gold_orgs.v);
    free(e->sys_orgs.v);
    free(e);
}

/* The comparison key of a name and the name to show. A listed name becomes
 * its list's canonical name first, so every alias lands on one key. *listed
 * tells whether a list holds the name. */
static dg_status name_key(const dg_eval *e, const char *name, char **key,
                          char **shown, bool *listed)
{
    *key = NULL;
    *shown = NULL;
    *listed = false;
    const char *canon = NULL;
    if (e->rs)
        canon = dg_ruleset_canonical(e->rs, name, NULL, NULL);
    *listed = canon != NULL;
    const char *base = canon ? canon : name;
    if (e->rs) {
        *key = dg_ruleset_org_key(e->rs, base);
    } else {
        dg_buf b;
        dg_buf_init(&b);
        if (dg_fold_append(&b, base, strlen(base)) == DG_OK)
            *key = strdup(dg_buf_cstr(&b));
        dg_buf_destroy(&b);
    }
    *shown = strdup(base);
    if (!*key || !*shown) {
        free(*key);
        free(*shown);
        *key = *shown = NULL;
        return DG_ENOMEM;
    }
    return DG_OK;
}

/* Whether the rule set declares type, and its direction. */
static bool declared_direction(const dg_eval *e, const char *type, bool *directed)
{
    if (!e->rs)
        return false;
    size_t n = dg_ruleset_reltype_count(e->rs);
    for (size_t i = 0; i < n; i++) {
        bool d = false;
        const char *t = dg_ruleset_reltype(e->rs, i, &d);
        if (t && strcmp(t, type) == 0) {
            *directed = d;
            return true;
        }
    }
    return false;
}

/* Attributes shared by every pair of one record. */
typedef struct rec_attrs {
    const char *doc, *type, *status, *round, *sentence;
    bool has_amount, has_stake;
    double amount, stake;
    const char *currency;
} rec_attrs;

static dg_status push_pair(const dg_eval *e, pairs *ps, const rec_attrs *a,
                           bool directed, const char *x, const char *y)
{
    dg_status st = DG_OK;
    pair p = {0};
    bool lx, ly;
    char *kx = NULL, *nx = NULL, *ky = NULL, *ny = NULL;
    DG_TRY(name_key(e, x, &kx, &nx, &lx));
    DG_TRY(name_key(e, y, &ky, &ny, &ly));
    if (strcmp(kx, ky) == 0 || !*kx || !*ky)
        goto cleanup; /* a relation of an organization with itself says nothing */
    if (!directed && strcmp(kx, ky) > 0) {
        char *t = kx; kx = ky; ky = t;
        t = nx; nx = ny; ny = t;
    }
    p.ka = kx; p.kb = ky; p.na = nx; p.nb = ny;
    kx = ky = nx = ny = NULL;
    p.doc = xstrdup(a->doc);
    p.type = xstrdup(a->type);
    p.status = xstrdup(a->status);
    p.round = xstrdup(a->round);
    p.sentence = xstrdup(a->sentence);
    if (!p.doc || !p.type || (a->status && !p.status) || (a->round && !p.round) ||
        (a->sentence && !p.sentence)) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    p.directed = directed;
    p.has_amount = a->has_amount;
    p.amount = a->amount;
    p.has_stake = a->has_stake;
    p.stake = a->stake;
    if (a->currency) {
        size_t i = 0;
        for (; i < 3 && a->currency[i]; i++)
            p.currency[i] = (char)(a->currency[i] >= 'a' && a->currency[i] <= 'z'
                                       ? a->currency[i] - 32 : a->currency[i]);
        p.currency[i] = '\0';
    }
    DG_TRY(pairs_push(ps, &p));
cleanup:
    pair_free(&p);
    free(kx);
    free(nx);
    free(ky);
    free(ny);
    return st;
}

/* Expands one record into pairs: (source, target) when directed, every
 * unordered pair of parties otherwise. */
static dg_status push_record(const dg_eval *e, pairs *ps, const rec_attrs *a,
                             bool directed, const char *const *parties, size_t n)
{
    dg_status st = DG_OK;
    if (directed) {
        if (n >= 2)
            DG_TRY(push_pair(e, ps, a, true, parties[0], parties[1]));
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            DG_TRY(push_pair(e, ps, a, false, parties[i], parties[j]));
cleanup:
    return st;
}

/* Reads path line by line, calling fn for each non-blank line. */
typedef dg_status (*line_fn)(dg_eval *e, const char *path, unsigned long lineno,
                             const char *line, size_t n, dg_diags *diags);

static dg_status each_line(dg_eval *e, const char *path, line_fn fn, dg_diags *diags)
{
    dg_status st = DG_OK;
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    size_t errors_before = dg_diags_errors(diags);
    FILE *f = fopen(path, "r");
    if (!f) {
        dg_diags_add(diags, DG_SEV_ERROR, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        return DG_EIO;
    }
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t n = (size_t)len;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' ||
                     line[n - 1] == '\t'))
            n--;
        size_t i = 0;
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == n)
            continue;
        line[n] = '\0';
        dg_status s = fn(e, path, lineno, line + i, n - i, diags);
        if (s == DG_ENOMEM) {
            st = s;
            goto cleanup;
        }
        if (s != DG_OK && st == DG_OK)
            st = s; /* keep reading: report every bad line at once */
    }
    if (ferror(f)) {
        dg_diags_add(diags, DG_SEV_ERROR, path, 0, 0, NULL, "read error");
        st = DG_EIO;
    }
    if (st == DG_OK && dg_diags_errors(diags) > errors_before)
        st = DG_EJSON;
cleanup:
    free(line);
    fclose(f);
    return st;
}

/* ---- gold ---- */

static const char *opt_str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool opt_num(json_t *o, const char *k, double *out)
{
    json_t *v = json_object_get(o, k);
    if (!json_is_number(v))
        return false;
    *out = json_number_value(v);
    return true;
}

static dg_status gold_relation(dg_eval *e, const char *path, unsigned long lineno,
                               const char *doc, json_t *r, size_t idx, dg_diags *diags)
{
    dg_status st = DG_OK;
    const char *names[64];
    size_t n = 0;
    const char *type = opt_str(r, "type");
    if (!json_is_object(r) || !type) {
        dg_diags_add(diags, DG_SEV_ERROR, path, lineno, 0, NULL,
                     "%s: relation %zu: an object with a string \"type\" expected", doc, idx + 1);
        return DG_EJSON;
    }
    const char *src = opt_str(r, "source"), *tgt = opt_str(r, "target");
    json_t *parties = json_object_get(r, "parties");
    if (src && tgt) {
        names[0] = src;
        names[1] = tgt;
        n = 2;
    } else if (json_is_array(parties)) {
        size_t i;
        json_t *v;
        json_array_foreach(parties, i, v) {
            if (!json_is_string(v) || n == 64) {
                dg_diags_add(diags, DG_SEV_ERROR, path, lineno, 0, NULL,
                             "%s: relation %zu: parties must be at most 64 strings", doc, idx + 1);
                return DG_EJSON;
            }
            names[n++] = json_string_value(v);
        }
    }
    if (n < 2) {
        dg_diags_add(diags, DG_SEV_ERROR, path, lineno, 0, NULL,
                     "%s: relation %zu (%s): needs \"source\" and \"target\" or two or more \"parties\"",
                     doc, idx + 1, type);
        return DG_EJSON;
    }
    bool directed = src && tgt;
    declared_direction(e, type, &directed);
    rec_attrs a = {.doc = doc, .type = type, .status = opt_str(r, "status"),
                   .round = opt_str(r, "round"), .currency = opt_str(r, "currency")};
    a.has_amount = opt_num(r, "amount", &a.amount);
    a.has_stake = opt_num(r, "stake_percent", &a.stake);
    DG_TRY(push_record(e, &e->gold, &a, directed, names, n));
cleanup:
    return st;
}

static dg_status gold_line(dg_eval *e, const char *path, unsigned long lineno,
                           const char *line, size_t n, dg_diags *diags)
{
    dg_status st = DG_OK;
    json_error_t jerr;
    json_t *o = json_loadb(line, n, 0, &jerr);
    gdoc *d = NULL;
    if (!json_is_object(o)) {
        dg_diags_add(diags, DG_SEV_ERROR, path, lineno, o ? 0 : (unsigned)jerr.column, NULL,
                     "%s", o ? "a JSON object expected" : jerr.text);
        st = DG_EJSON;
        goto cleanup;
    }
    const char *id = opt_str(o, "doc");
    if (!id) {
        dg_diags_add(diags, DG_SEV_ERROR, path, lineno, 0, NULL, "missing string \"doc\"");
        st = DG_EJSON;
        goto cleanup;
    }
    HASH_FIND_STR(e->docs, id, d);
    if (d) {
        dg_diags_add(diags, DG_SEV_ERROR, path, lineno, 0, NULL, "document %s seen twice", id);
        d = NULL;
        st = DG_EINVAL;
        goto cleanup;
    }
    d = calloc(1, sizeof *d);
    if (!d || !(d->id = strdup(id))) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    const char *split = opt_str(o, "split");
    if (split && !(d->split = strdup(split))) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    HASH_ADD_KEYPTR(hh, e->docs, d->id, strlen(d->id), d);
    d = NULL;

    size_t i;
    json_t *v;
    json_t *names = json_object_get(o, "orgs");
    if (names && !json_is_array(names)) {
        dg_diags_add(diags, DG_SEV_ERROR, path, lineno, 0, NULL, "%s: \"orgs\" must be an array", id);
        st = DG_EJSON;
    }
    json_array_foreach(names, i, v) {
        if (!json_is_string(v))
            continue;
        org g = {0};
        DG_TRY(name_key(e, json_string_value(v), &g.key, &g.name, &g.unlisted));
        g.unlisted = !g.unlisted;
        if (!(g.doc = strdup(id))) {
            org_free(&g);
            st = DG_ENOMEM;
            goto cleanup;
        }
        dg_status s = orgs_push(&e->gold_orgs, &g);
        org_free(&g);
        DG_TRY(s);
    }
    json_t *rels = json_object_get(o, "relations");
    if (rels && !json_is_array(rels)) {
        dg_diags_add(diags, DG_SEV_ERROR, path, lineno, 0, NULL,
                     "%s: \"relations\" must be an array", id);
        st = DG_EJSON;
    }
    json_array_foreach(rels, i, v) {
        dg_status s = gold_relation(e, path, lineno, id, v, i, diags);
        if (s == DG_ENOMEM) {
            st = s;
            goto cleanup;
        }
        if (s != DG_OK)
            st = s;
    }
cleanup:
    if (d) {
        free(d->id);
        free(d->split);
        free(d);
    }
    json_decref(o);
    return st;
}

dg_status dg_eval_load_gold(dg_eval *e, const char *path, dg_diags *diags)
{
    return each_line(e, path, gold_line, diags);
}

/* ---- system ---- */

static dg_status relation_line(dg_eval *e, const char *path, unsigned long lineno,
                               const char *line, size_t n, dg_diags *diags)
{
    dg_status st = DG_OK;
    dg_relation r;
    memset(&r, 0, sizeof r);
    char *err = NULL;
    st = dg_relation_parse_json(line, n, &r, &err);
    if (st != DG_OK) {
        if (st != DG_ENOMEM)
            dg_diags_add(diags, DG_SEV_ERROR, path, lineno, 0, NULL, "%s",
                         err ? err : dg_status_str(st));
        goto cleanup;
    }
    if (!r.doc || !r.type)
        goto cleanup;
    bool directed = r.directed;
    declared_direction(e, r.type, &directed);
    rec_attrs a = {.doc = r.doc, .type = r.type, .status = dg_rel_status_str(r.status),
                   .round = r.round, .sentence = r.sentence, .currency = r.currency,
                   .has_amount = r.has_amount, .amount = r.amount,
                   .has_stake = r.has_stake, .stake = r.stake_percent};
    DG_TRY(push_record(e, &e->sys, &a, directed, (const char *const *)r.parties, r.nparties));
cleanup:
    free(err);
    dg_relation_destroy(&r);
    return st;
}

dg_status dg_eval_load_relations(dg_eval *e, const char *path, dg_diags *diags)
{
    return each_line(e, path, relation_line, diags);
}

static dg_status entity_line(dg_eval *e, const char *path, unsigned long lineno,
                             const char *line, size_t n, dg_diags *diags)
{
    dg_status st = DG_OK;
    json_error_t jerr;
    json_t *o = json_loadb(line, n, 0, &jerr);
    org g = {0};
    const char *doc = json_is_object(o) ? opt_str(o, "doc") : NULL;
    const char *name = json_is_object(o) ? opt_str(o, "canonical") : NULL;
    if (!name && json_is_object(o))
        name = opt_str(o, "surface");
    if (!doc || !name) {
        dg_diags_add(diags, DG_SEV_ERROR, path, lineno, o ? 0 : (unsigned)jerr.column, NULL,
                     "%s", o ? "an object with \"doc\" and \"canonical\" expected" : jerr.text);
        st = DG_EJSON;
        goto cleanup;
    }
    bool listed;
    DG_TRY(name_key(e, name, &g.key, &g.name, &listed));
    /* The extractor's own word wins when it says listed; otherwise the
     * rule set decides, exactly as for gold names, so both sides agree. */
    json_t *lv = json_object_get(o, "listed");
    if (json_is_true(lv))
        listed = true;
    g.unlisted = !listed;
    if (!(g.doc = strdup(doc))) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    DG_TRY(orgs_push(&e->sys_orgs, &g));
cleanup:
    org_free(&g);
    json_decref(o);
    return st;
}

dg_status dg_eval_load_entities(dg_eval *e, const char *path, dg_diags *diags)
{
    e->has_entities = true;
    return each_line(e, path, entity_line, diags);
}

/* ---- scoring ---- */

void dg_eval_result_init(dg_eval_result *r)
{
    memset(r, 0, sizeof *r);
}

static void error_free(dg_eval_error *x)
{
    free(x->doc);
    free(x->type);
    free(x->a);
    free(x->b);
    free(x->gold_val);
    free(x->sys_val);
    free(x->sentence);
}

void dg_eval_result_destroy(dg_eval_result *r)
{
    if (!r)
        return;
    free(r->split);
    for (size_t i = 0; i < r->ntypes; i++)
        free(r->types[i].type);
    free(r->types);
    for (size_t i = 0; i < r->nerrors; i++)
        error_free(&r->errors[i]);
    free(r->errors);
    memset(r, 0, sizeof *r);
}

double dg_eval_ratio_value(dg_eval_ratio q)
{
    return q.den ? (double)q.num / (double)q.den : 0.0;
}

const dg_eval_counts *dg_eval_result_type(const dg_eval_result *r, const char *type)
{
    for (size_t i = 0; i < r->ntypes; i++)
        if (strcmp(r->types[i].type, type) == 0)
            return &r->types[i].c;
    return NULL;
}

static void counts_finish(dg_eval_counts *c)
{
    c->p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0.0;
    c->r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0.0;
    c->f1 = c->p + c->r > 0 ? 2 * c->p * c->r / (c->p + c->r) : 0.0;
}

static bool in_split(const dg_eval *e, const char *doc, const char *split)
{
    gdoc *d = NULL;
    HASH_FIND_STR(e->docs, doc, d);
    if (!d)
        return false;
    return !split || (d->split && strcmp(d->split, split) == 0);
}

static int pair_cmp(const void *x, const void *y)
{
    const pair *a = *(const pair *const *)x, *b = *(const pair *const *)y;
    int c;
    if ((c = strcmp(a->doc, b->doc)) || (c = strcmp(a->type, b->type)) ||
        (c = strcmp(a->ka, b->ka)) || (c = strcmp(a->kb, b->kb)))
        return c;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static int pair_key_cmp(const pair *a, const pair *b)
{
    int c;
    if ((c = strcmp(a->doc, b->doc)) || (c = strcmp(a->type, b->type)) ||
        (c = strcmp(a->ka, b->ka)))
        return c;
    return strcmp(a->kb, b->kb);
}

static int org_cmp(const void *x, const void *y)
{
    const org *a = *(const org *const *)x, *b = *(const org *const *)y;
    int c;
    if ((c = strcmp(a->doc, b->doc)) || (c = strcmp(a->key, b->key)))
        return c;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* The distinct pairs of the split, sorted; *n is set to their count. The
 * array of pointers is new (caller frees), the pairs borrowed. */
static pair **select_pairs(const dg_eval *e, const pairs *ps, const char *split, size_t *n)
{
    pair **v = malloc((ps->n ? ps->n : 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < ps->n; i++)
        if (in_split(e, ps->v[i].doc, split))
            v[k++] = &ps->v[i];
    qsort(v, k, sizeof *v, pair_cmp);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (m == 0 || pair_key_cmp(v[m - 1], v[i]) != 0)
            v[m++] = v[i];
    *n = m;
    return v;
}

static org **select_orgs(const dg_eval *e, const orgs *os, const char *split,
                         bool unlisted_only, size_t *n)
{
    org **v = malloc((os->n ? os->n : 1) * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < os->n; i++)
        if ((!unlisted_only || os->v[i].unlisted) && in_split(e, os->v[i].doc, split))
            v[k++] = &os->v[i];
    qsort(v, k, sizeof *v, org_cmp);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (m == 0 || strcmp(v[m - 1]->doc, v[i]->doc) || strcmp(v[m - 1]->key, v[i]->key))
            v[m++] = v[i];
    *n = m;
    return v;
}

typedef struct errlist {
    dg_eval_error *v;
    size_t n, cap;
} errlist;

/* Per-document events for the bootstrap: the split's document ids, sorted,
 * give each event its document index. Count slots: all relations, the two
 * organization rows, then one per relation type (table order); ratio slots:
 * status, amount, round, stake. */
enum { SLOT_ALL = 0, SLOT_ORGS, SLOT_UNLISTED, SLOT_TYPE0 };
enum { RATIO_STATUS = 0, RATIO_AMOUNT, RATIO_ROUND, RATIO_STAKE, RATIO__COUNT };

typedef struct evctx {
    const char **ids;
    size_t n;
    dg_i_evlist list;
} evctx;

static int id_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static dg_status note(evctx *c, const char *doc, unsigned slot, dg_i_ev_kind kind)
{
    const char **hit = bsearch(&doc, c->ids, c->n, sizeof *c->ids, id_cmp);
    if (!hit) /* a system record of a document the gold file lacks */
        return DG_OK;
    return dg_i_ev_push(&c->list, (uint32_t)(hit - c->ids), slot, kind);
}

/* A ratio outcome: agreed or not. */
static dg_status note_ratio(evctx *c, const char *doc, unsigned slot, bool agreed)
{
    return note(c, doc, slot, agreed ? DG_I_EV_NUM : DG_I_EV_DEN);
}

static dg_status add_error(errlist *l, dg_eval_err_kind kind, const char *doc,
                           const char *type, const char *a, const char *b, bool directed,
                           const char *gv, const char *sv, const char *sentence)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        dg_eval_error *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    dg_eval_error x = {.kind = kind, .directed = directed};
    x.doc = xstrdup(doc);
    x.type = xstrdup(type);
    x.a = xstrdup(a);
    x.b = xstrdup(b);
    x.gold_val = xstrdup(gv);
    x.sys_val = xstrdup(sv);
    x.sentence = xstrdup(sentence);
    if ((doc && !x.doc) || (type && !x.type) || (a && !x.a) || (b && !x.b) ||
        (gv && !x.gold_val) || (sv && !x.sys_val) || (sentence && !x.sentence)) {
        error_free(&x);
        return DG_ENOMEM;
    }
    l->v[l->n++] = x;
    return DG_OK;
}

/* Index of type in the result's table, adding it when new. */
static dg_status type_slot(dg_eval_result *r, const char *type, size_t *idx)
{
    for (size_t i = 0; i < r->ntypes; i++)
        if (strcmp(r->types[i].type, type) == 0) {
            *idx = i;
            return DG_OK;
        }
    dg_eval_type *v = realloc(r->types, (r->ntypes + 1) * sizeof *v);
    if (!v)
        return DG_ENOMEM;
    r->types = v;
    memset(&v[r->ntypes], 0, sizeof v[r->ntypes]);
    if (!(v[r->ntypes].type = strdup(type)))
        return DG_ENOMEM;
    *idx = r->ntypes++;
    return DG_OK;
}

static bool near(double a, double b)
{
    double m = fmax(fabs(a), fabs(b));
    return m == 0.0 || fabs(a - b) / m < 0.005;
}

/* "Series-A", "series a" and "SERIES_A" are the same round. */
static bool same_round(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a, y = *b;
        if (x == '-' || x == '_')
            x = ' ';
        if (y == '-' || y == '_')
            y = ' ';
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

static void fmt_amount(char *buf, size_t n, const pair *p)
{
    if (p->has_amount)
        snprintf(buf, n, "%.0f %s", p->amount, p->currency[0] ? p->currency : "?");
    else
        snprintf(buf, n, "none");
}

/* Compares the attributes of a matched pair. */
static dg_status score_match(dg_eval_result *r, errlist *errs, evctx *ev, const pair *g,
                             const pair *s)
{
    dg_status st = DG_OK;
    char gb[64], sb[64];
    if (g->status) {
        r->status.den++;
        bool ok = s->status && strcasecmp(g->status, s->status) == 0;
        DG_TRY(note_ratio(ev, g->doc, RATIO_STATUS, ok));
        if (ok)
            r->status.num++;
        else
            DG_TRY(add_error(errs, DG_EVAL_STATUS, g->doc, g->type, g->na, g->nb, g->directed,
                             g->status, s->status ? s->status : "none", s->sentence));
    }
    if (g->directed) {
        if (!g->has_amount && !s->has_amount) {
            r->amount_both_none++;
        } else {
            r->amount.den++;
            bool ok = g->has_amount && s->has_amount && near(g->amount, s->amount) &&
                      strcmp(g->currency, s->currency) == 0;
            DG_TRY(note_ratio(ev, g->doc, RATIO_AMOUNT, ok));
            if (ok) {
                r->amount.num++;
            } else {
                fmt_amount(gb, sizeof gb, g);
                fmt_amount(sb, sizeof sb, s);
                DG_TRY(add_error(errs, DG_EVAL_AMOUNT, g->doc, g->type, g->na, g->nb, true,
                                 gb, sb, s->sentence));
            }
        }
    }
    if (g->round) {
        r->round.den++;
        bool ok = s->round && same_round(g->round, s->round);
        DG_TRY(note_ratio(ev, g->doc, RATIO_ROUND, ok));
        if (ok)
            r->round.num++;
        else
            DG_TRY(add_error(errs, DG_EVAL_ROUND, g->doc, g->type, g->na, g->nb, g->directed,
                             g->round, s->round ? s->round : "none", s->sentence));
    }
    if (g->has_stake) {
        r->stake.den++;
        bool ok = s->has_stake && near(g->stake, s->stake);
        DG_TRY(note_ratio(ev, g->doc, RATIO_STAKE, ok));
        if (ok) {
            r->stake.num++;
        } else {
            snprintf(gb, sizeof gb, "%g%%", g->stake);
            if (s->has_stake)
                snprintf(sb, sizeof sb, "%g%%", s->stake);
            else
                snprintf(sb, sizeof sb, "none");
            DG_TRY(add_error(errs, DG_EVAL_STAKE, g->doc, g->type, g->na, g->nb, g->directed,
                             gb, sb, s->sentence));
        }
    }
cleanup:
    return st;
}

/* One pair outcome, for its type's row and the all-relations row. */
static dg_status note_pair(evctx *ev, const char *doc, size_t type_idx, dg_i_ev_kind kind)
{
    dg_status st = note(ev, doc, SLOT_ALL, kind);
    return st ? st : note(ev, doc, SLOT_TYPE0 + (unsigned)type_idx, kind);
}

static dg_status score_pairs(const dg_eval *e, const char *split, dg_eval_result *r,
                             errlist *errs, evctx *ev)
{
    dg_status st = DG_OK;
    size_t ng = 0, ns = 0;
    pair **g = select_pairs(e, &e->gold, split, &ng);
    pair **s = select_pairs(e, &e->sys, split, &ns);
    if (!g || !s) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    /* Declared types first, in the rule set's order, so the table reads the
     * same from run to run even when a type has no pair yet. */
    if (e->rs) {
        size_t nt = dg_ruleset_reltype_count(e->rs), idx;
        for (size_t i = 0; i < nt; i++) {
            bool directed;
            const char *t = dg_ruleset_reltype(e->rs, i, &directed);
            if (t)
                DG_TRY(type_slot(r, t, &idx));
        }
    }
    size_t i = 0, j = 0, idx;
    while (i < ng || j < ns) {
        int c = i == ng ? 1 : j == ns ? -1 : pair_key_cmp(g[i], s[j]);
        const pair *p = c <= 0 ? g[i] : s[j];
        DG_TRY(type_slot(r, p->type, &idx));
        dg_eval_counts *tc = &r->types[idx].c;
        if (c == 0) {
            tc->gold++, tc->sys++, tc->tp++;
            DG_TRY(note_pair(ev, p->doc, idx, DG_I_EV_TP));
            DG_TRY(score_match(r, errs, ev, g[i], s[j]));
            i++, j++;
        } else if (c < 0) {
            tc->gold++, tc->fn++;
            DG_TRY(note_pair(ev, p->doc, idx, DG_I_EV_FN));
            DG_TRY(add_error(errs, DG_EVAL_FN, p->doc, p->type, p->na, p->nb, p->directed,
                             NULL, NULL, NULL));
            i++;
        } else {
            tc->sys++, tc->fp++;
            DG_TRY(note_pair(ev, p->doc, idx, DG_I_EV_FP));
            DG_TRY(add_error(errs, DG_EVAL_FP, p->doc, p->type, p->na, p->nb, p->directed,
                             NULL, NULL, p->sentence));
            j++;
        }
    }
cleanup:
    free(g);
    free(s);
    return st;
}

static dg_status score_orgs(const dg_eval *e, const char *split, bool unlisted,
                            dg_eval_counts *c, errlist *errs, evctx *ev)
{
    dg_status st = DG_OK;
    size_t ng = 0, ns = 0;
    org **g = select_orgs(e, &e->gold_orgs, split, unlisted, &ng);
    org **s = select_orgs(e, &e->sys_orgs, split, unlisted, &ns);
    if (!g || !s) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    size_t i = 0, j = 0;
    while (i < ng || j < ns) {
        int k = i == ng ? 1 : j == ns ? -1 : strcmp(g[i]->doc, s[j]->doc);
        if (k == 0)
            k = strcmp(g[i]->key, s[j]->key);
        unsigned slot = unlisted ? SLOT_UNLISTED : SLOT_ORGS;
        if (k == 0) {
            c->gold++, c->sys++, c->tp++;
            DG_TRY(note(ev, g[i]->doc, slot, DG_I_EV_TP));
            i++, j++;
        } else if (k < 0) {
            c->gold++, c->fn++;
            DG_TRY(note(ev, g[i]->doc, slot, DG_I_EV_FN));
            if (errs)
                DG_TRY(add_error(errs, DG_EVAL_ORG_FN, g[i]->doc, NULL, g[i]->name, NULL,
                                 false, NULL, NULL, NULL));
            i++;
        } else {
            c->sys++, c->fp++;
            DG_TRY(note(ev, s[j]->doc, slot, DG_I_EV_FP));
            if (errs)
                DG_TRY(add_error(errs, DG_EVAL_ORG_FP, s[j]->doc, NULL, s[j]->name, NULL,
                                 false, NULL, NULL, NULL));
            j++;
        }
    }
    counts_finish(c);
cleanup:
    free(g);
    free(s);
    return st;
}

static int error_cmp(const void *x, const void *y)
{
    const dg_eval_error *a = x, *b = y;
    int c = strcmp(a->doc, b->doc);
    if (c)
        return c;
    if (a->kind != b->kind)
        return (int)a->kind - (int)b->kind;
    /* qsort is not stable: fall back on the names so the order is fixed. */
    if ((c = strcmp(a->type ? a->type : "", b->type ? b->type : "")) ||
        (c = strcmp(a->a, b->a)))
        return c;
    return strcmp(a->b ? a->b : "", b->b ? b->b : "");
}

/* Bootstraps the events into the result's intervals; *cis is scratch the
 * caller frees. A figure with nothing to count keeps no interval. */
static dg_status set_intervals(const dg_eval *e, dg_eval_result *res, evctx *ev,
                               dg_eval_ci **cis)
{
    size_t nc = SLOT_TYPE0 + res->ntypes;
    if (!(*cis = calloc(3 * nc + RATIO__COUNT, sizeof **cis)))
        return DG_ENOMEM;
    dg_eval_ci *p = *cis, *r = p + nc, *f = r + nc, *acc = f + nc;
    dg_status st = dg_i_eval_bootstrap(&ev->list, ev->n, nc, RATIO__COUNT, e->resamples, p, r,
                                       f, acc);
    if (st != DG_OK)
        return st;
    if (ev->n)
        res->resamples = e->resamples;
    for (size_t s = 0; s < nc; s++) {
        dg_eval_counts *c = s == SLOT_ALL        ? &res->all
                            : s == SLOT_ORGS     ? &res->orgs
                            : s == SLOT_UNLISTED ? &res->unlisted
                                                 : &res->types[s - SLOT_TYPE0].c;
        if (c->tp + c->fp + c->fn == 0)
            continue;
        c->p_ci = p[s];
        c->r_ci = r[s];
        c->f1_ci = f[s];
    }
    dg_eval_ratio *q[RATIO__COUNT] = {&res->status, &res->amount, &res->round, &res->stake};
    for (size_t s = 0; s < RATIO__COUNT; s++)
        if (q[s]->den)
            q[s]->ci = acc[s];
    return DG_OK;
}

dg_status dg_eval_score(const dg_eval *e, const char *split, dg_eval_result *res)
{
    dg_status st = DG_OK;
    errlist errs = {0};
    evctx ev = {0};
    dg_eval_ci *cis = NULL;
    dg_eval_result_destroy(res);
    if (split && strcmp(split, "all") == 0)
        split = NULL;
    if (split && strcmp(split, "dev") != 0 && strcmp(split, "test") != 0)
        return DG_EINVAL;
    if (!(res->split = strdup(split ? split : "all")))
        return DG_ENOMEM;
    gdoc *d, *tmp;
    HASH_ITER(hh, e->docs, d, tmp) {
        if (in_split(e, d->id, split))
            res->docs++;
    }
    if (!(ev.ids = malloc((res->docs ? res->docs : 1) * sizeof *ev.ids))) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    HASH_ITER(hh, e->docs, d, tmp) {
        if (in_split(e, d->id, split))
            ev.ids[ev.n++] = d->id;
    }
    qsort(ev.ids, ev.n, sizeof *ev.ids, id_cmp);
    DG_TRY(score_pairs(e, split, res, &errs, &ev));
    for (size_t i = 0; i < res->ntypes; i++) {
        dg_eval_counts *c = &res->types[i].c;
        counts_finish(c);
        res->all.gold += c->gold;
        res->all.sys += c->sys;
        res->all.tp += c->tp;
        res->all.fp += c->fp;
        res->all.fn += c->fn;
    }
    counts_finish(&res->all);
    if (e->has_entities) {
        res->has_orgs = true;
        DG_TRY(score_orgs(e, split, false, &res->orgs, &errs, &ev));
        DG_TRY(score_orgs(e, split, true, &res->unlisted, NULL, &ev));
    }
    DG_TRY(set_intervals(e, res, &ev, &cis));
    if (errs.n)
        qsort(errs.v, errs.n, sizeof *errs.v, error_cmp);
    res->errors = errs.v;
    res->nerrors = errs.n;
    errs.v = NULL;
    errs.n = 0;
cleanup:
    for (size_t i = 0; i < errs.n; i++)
        error_free(&errs.v[i]);
    free(errs.v);
    free(ev.ids);
    free(ev.list.v);
    free(cis);
    return st;
}

/* ---- output ---- */

/* "0.781-0.893", or "-" with no interval. */
static const char *fmt_ci(char *buf, size_t n, dg_eval_ci ci)
{
    if (ci.set)
        snprintf(buf, n, "%.3f-%.3f", ci.lo, ci.hi);
    else
        snprintf(buf, n, "-");
    return buf;
}

static void print_counts(FILE *f, const char *label, const dg_eval_counts *c)
{
    char pb[32], fb[32];
    fprintf(f, "%-24s %6zu %6zu %6zu %6zu %6zu  %6.3f %6.3f %6.3f  %11s %11s\n", label,
            c->gold, c->sys, c->tp, c->fp, c->fn, c->p, c->r, c->f1,
            fmt_ci(pb, sizeof pb, c->p_ci), fmt_ci(fb, sizeof fb, c->f1_ci));
}

static void print_ratio(FILE *f, const char *label, dg_eval_ratio q, const char *what)
{
    char frac[48], cb[32];
    snprintf(frac, sizeof frac, "%zu/%zu", q.num, q.den);
    if (q.den && q.ci.set)
        fprintf(f, "%-18s %11s  %6.3f  95%% %s  (%s)\n", label, frac, dg_eval_ratio_value(q),
                fmt_ci(cb, sizeof cb, q.ci), what);
    else if (q.den)
        fprintf(f, "%-18s %11s  %6.3f  (%s)\n", label, frac, dg_eval_ratio_value(q), what);
    else
        fprintf(f, "%-18s %11s  %6s  (%s)\n", label, frac, "-", what);
}

static const char *kind_str(dg_eval_err_kind k)
{
    switch (k) {
    case DG_EVAL_FP: return "FP";
    case DG_EVAL_FN: return "FN";
    case DG_EVAL_STATUS: return "STATUS";
    case DG_EVAL_AMOUNT: return "AMOUNT";
    case DG_EVAL_ROUND: return "ROUND";
    case DG_EVAL_STAKE: return "STAKE";
    case DG_EVAL_ORG_FP: return "ORG-FP";
    case DG_EVAL_ORG_FN: return "ORG-FN";
    }
    return "?";
}

dg_status dg_eval_result_print(const dg_eval_result *r, FILE *f, bool verbose)
{
    fprintf(f, "split %s: %zu documents (pairs of organizations per document, micro-averaged)\n",
            r->split ? r->split : "all", r->docs);
    fprintf(f, "%-24s %6s %6s %6s %6s %6s  %6s %6s %6s  %11s %11s\n", "type", "gold", "system",
            "TP", "FP", "FN", "P", "R", "F1", "P 95%", "F1 95%");
    for (size_t i = 0; i < r->ntypes; i++)
        print_counts(f, r->types[i].type, &r->types[i].c);
    print_counts(f, "all relations", &r->all);
    print_ratio(f, "status accuracy", r->status, "matched pairs whose status equals gold's");
    char what[200];
    snprintf(what, sizeof what,
             "matched directed pairs with an amount on either side, within 0.5%% and same "
             "currency; %zu with none on both sides agree, not counted",
             r->amount_both_none);
    print_ratio(f, "amount accuracy", r->amount, what);
    print_ratio(f, "round accuracy", r->round, "matched pairs where gold gives a round");
    print_ratio(f, "stake accuracy", r->stake, "matched pairs where gold gives a stake");
    if (r->has_orgs) {
        print_counts(f, "organizations", &r->orgs);
        print_counts(f, "organizations unlisted", &r->unlisted);
    } else {
        fprintf(f, "organizations: not scored (no entities file)\n");
    }
    if (r->resamples)
        fprintf(f, "95%%: central 95%% of %u resamples of the documents (bootstrap)\n",
                r->resamples);
    if (verbose) {
        for (size_t i = 0; i < r->nerrors; i++) {
            const dg_eval_error *x = &r->errors[i];
            fprintf(f, "%-7s %s", kind_str(x->kind), x->doc);
            if (x->type)
                fprintf(f, "  %s  %s %s %s", x->type, x->a, x->directed ? "->" : "--", x->b);
            else
                fprintf(f, "  %s", x->a);
            if (x->gold_val)
                fprintf(f, "  gold %s, system %s", x->gold_val, x->sys_val);
            if (x->sentence)
                fprintf(f, "  | %s", x->sentence);
            fputc('\n', f);
        }
    }
    fflush(f);
    return ferror(f) ? DG_EIO : DG_OK;
}

/* [lo, hi], or null with no interval. */
static json_t *ci_json(dg_eval_ci ci)
{
    return ci.set ? json_pack("[f,f]", ci.lo, ci.hi) : json_null();
}

static json_t *counts_json(const dg_eval_counts *c)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:f,s:f,s:f,s:o,s:o,s:o}", "gold",
                     (json_int_t)c->gold, "system", (json_int_t)c->sys, "tp", (json_int_t)c->tp,
                     "fp", (json_int_t)c->fp, "fn", (json_int_t)c->fn, "precision", c->p,
                     "recall", c->r, "f1", c->f1, "precision_ci", ci_json(c->p_ci), "recall_ci",
                     ci_json(c->r_ci), "f1_ci", ci_json(c->f1_ci));
}

static json_t *ratio_json(dg_eval_ratio q)
{
    return json_pack("{s:I,s:I,s:f,s:o}", "correct", (json_int_t)q.num, "total",
                     (json_int_t)q.den, "accuracy", dg_eval_ratio_value(q), "accuracy_ci",
                     ci_json(q.ci));
}

static int set_new(json_t *o, const char *k, json_t *v)
{
    return v ? json_object_set_new(o, k, v) : -1;
}

dg_status dg_eval_result_write_json(const dg_eval_result *r, FILE *f, bool verbose)
{
    dg_status st = DG_OK;
    json_t *o = json_object(), *types = json_object();
    int bad = !o || !types;
    if (bad)
        goto done;
    bad |= set_new(o, "split", json_string(r->split ? r->split : "all"));
    bad |= set_new(o, "docs", json_integer((json_int_t)r->docs));
    bad |= set_new(o, "resamples", json_integer((json_int_t)r->resamples));
    for (size_t i = 0; i < r->ntypes; i++)
        bad |= set_new(types, r->types[i].type, counts_json(&r->types[i].c));
    bad |= json_object_set(o, "types", types);
    bad |= set_new(o, "all", counts_json(&r->all));
    bad |= set_new(o, "status", ratio_json(r->status));
    json_t *am = ratio_json(r->amount);
    if (am)
        bad |= json_object_set_new(am, "both_none", json_integer((json_int_t)r->amount_both_none));
    bad |= set_new(o, "amount", am);
    bad |= set_new(o, "round", ratio_json(r->round));
    bad |= set_new(o, "stake", ratio_json(r->stake));
    bad |= set_new(o, "orgs", r->has_orgs ? counts_json(&r->orgs) : json_null());
    bad |= set_new(o, "orgs_unlisted", r->has_orgs ? counts_json(&r->unlisted) : json_null());
    if (verbose) {
        json_t *arr = json_array();
        bad |= !arr;
        for (size_t i = 0; arr && i < r->nerrors; i++) {
            const dg_eval_error *x = &r->errors[i];
            json_t *je = json_object();
            if (!je) {
                bad = 1;
                break;
            }
            set_new(je, "kind", json_string(kind_str(x->kind)));
            set_new(je, "doc", json_string(x->doc));
            if (x->type) {
                set_new(je, "type", json_string(x->type));
                set_new(je, x->directed ? "source" : "a", json_string(x->a));
                set_new(je, x->directed ? "target" : "b", json_string(x->b));
            } else {
                set_new(je, "org", json_string(x->a));
            }
            if (x->gold_val) {
                set_new(je, "gold", json_string(x->gold_val));
                set_new(je, "system", json_string(x->sys_val));
            }
            if (x->sentence)
                set_new(je, "sentence", json_string(x->sentence));
            bad |= json_array_append_new(arr, je);
        }
        bad |= set_new(o, "errors", arr);
    }
done:
    if (bad) {
        st = DG_ENOMEM;
    } else if (json_dumpf(o, f, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(6)) ||
               fputc('\n', f) == EOF || fflush(f)) {
        st = DG_EIO;
    }
    json_decref(types);
    json_decref(o);
    return st;
}
