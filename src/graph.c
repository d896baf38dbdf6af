/* The partnership graph: aggregation of relation records, igraph metrics,
 * statistics, and the dispatch to the exporters.
 *
 * dg_graph_add only copies what it needs (one "fact" per edge a record
 * supports, one "mention" per organization it names). Everything is decided
 * in dg_graph_finish after sorting those arrays on full keys, so the result
 * does not depend on the order of the adds: extracting in shards and merging
 * the relations files gives the same graph, byte for byte, as one run. */
#include "graph_internal.h"

#include <dealgraph/outfile.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uthash.h>

#define DEFAULT_MAX_SOURCES 20
/* Fixed seed for igraph's RNG before each randomized call (Louvain). */
#define DG_RNG_SEED 20240601u

struct dg_i_fact {
    char *type, *src, *tgt; /* raw names, before rollup */
    bool directed;
    char *doc, *date; /* date may be NULL */
    dg_rel_status status;
    bool has_amount;
    double amount;
    char currency[4];
    char *sentence, *rule; /* may be NULL */
    /* set by finish */
    const char *rsrc, *rtgt; /* after rollup and orientation */
    bool rdirected;
};

struct dg_i_mention {
    char *name, *type, *parent; /* type, parent may be NULL */
    char *doc, *date;
    size_t rec; /* which record (counts distinct records; order does not matter) */
    const char *root;
};

/* ---- small helpers ---- */

/* Copy of s, NULL kept, with control characters turned into spaces (igraph's
 * GraphML writer and XML forbid them) and invalid UTF-8 bytes into U+FFFD
 * (jansson and XML readers refuse them). */
static dg_status clean_dup(const char *s, char **out)
{
    *out = NULL;
    if (!s)
        return DG_OK;
    size_t n = strlen(s);
    char *d = malloc(n * 3 + 1), *p = d;
    if (!d)
        return DG_ENOMEM;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = len > 0 && i + len <= n;
        for (size_t k = 1; ok && k < len; k++)
            ok = (u[i + k] & 0xC0) == 0x80;
        if (ok && len == 2)
            ok = c >= 0xC2;
        if (ok && len == 3) {
            unsigned c1 = u[i + 1];
            ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
        }
        if (ok && len == 4) {
            unsigned c1 = u[i + 1];
            ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
        }
        if (!ok) {
            memcpy(p, "\xEF\xBF\xBD", 3);
            p += 3;
            i++;
        } else if (len == 1) {
            *p++ = (c < 0x20 || c == 0x7F) ? ' ' : (char)c;
            i++;
        } else {
            memcpy(p, u + i, len);
            p += len;
            i += len;
        }
    }
    *p = '\0';
    *out = d;
    return DG_OK;
}

static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL); /* NULL first */
    return strcmp(a, b);
}

static int cmp_size(size_t a, size_t b)
{
    return (a > b) - (a < b);
}

static int cmp_double(double a, double b)
{
    return (a > b) - (a < b);
}

static bool date_ok(const char *d)
{
    return d && *d;
}

/* ---- lifecycle ---- */

static void fact_free(dg_i_fact *f)
{
    free(f->type);
    free(f->src);
    free(f->tgt);
    free(f->doc);
    free(f->date);
    free(f->sentence);
    free(f->rule);
}

static void mention_free(dg_i_mention *m)
{
    free(m->name);
    free(m->type);
    free(m->parent);
    free(m->doc);
    free(m->date);
}

static void finished_free(dg_graph *g)
{
    for (size_t i = 0; i < g->nv; i++) {
        free(g->v[i].name);
        free(g->v[i].type);
        free(g->v[i].parent);
        free(g->v[i].first_seen);
        free(g->v[i].last_seen);
    }
    free(g->v);
    g->v = NULL;
    g->nv = 0;
    for (size_t i = 0; i < g->ne; i++) {
        free(g->e[i].type);
        free(g->e[i].first_seen);
        free(g->e[i].last_seen);
        free(g->e[i].status_history);
        free(g->e[i].evidence);
        free(g->e[i].sources);
        free(g->e[i].rules);
    }
    free(g->e);
    g->e = NULL;
    g->ne = 0;
    if (g->has_ig)
        igraph_destroy(&g->ig);
    g->has_ig = false;
}

void dg_graph_free(dg_graph *g)
{
    if (!g)
        return;
    finished_free(g);
    for (size_t i = 0; i < g->nfacts; i++)
        fact_free(&g->facts[i]);
    free(g->facts);
    for (size_t i = 0; i < g->nmentions; i++)
        mention_free(&g->mentions[i]);
    free(g->mentions);
    free(g->since);
    free(g->until);
    if (g->types)
        for (char **t = g->types; *t; t++)
            free(*t);
    free(g->types);
    free(g);
}

dg_status dg_graph_new(const dg_graph_opts *opts, dg_graph **out)
{
    dg_status st = DG_OK;
    *out = NULL;
    dg_graph *g = calloc(1, sizeof *g);
    if (!g)
        return DG_ENOMEM;
    if (opts)
        g->opts = *opts;
    if (g->opts.since && !(g->since = strdup(g->opts.since)))
        DG_TRY(DG_ENOMEM);
    if (g->opts.until && !(g->until = strdup(g->opts.until)))
        DG_TRY(DG_ENOMEM);
    if (g->opts.types) {
        size_t n = 0;
        while (g->opts.types[n])
            n++;
        g->types = calloc(n + 1, sizeof *g->types);
        if (!g->types)
            DG_TRY(DG_ENOMEM);
        for (size_t i = 0; i < n; i++)
            if (!(g->types[i] = strdup(g->opts.types[i])))
                DG_TRY(DG_ENOMEM);
    }
    g->opts.since = g->since;
    g->opts.until = g->until;
    g->opts.types = (const char *const *)g->types;
    if (g->opts.max_sources == 0)
        g->opts.max_sources = DEFAULT_MAX_SOURCES;
    *out = g;
    g = NULL;
cleanup:
    dg_graph_free(g);
    return st;
}

/* ---- adding records ---- */

static bool passes(const dg_graph *g, const dg_relation *r)
{
    const dg_graph_opts *o = &g->opts;
    if (o->since || o->until) {
        if (!date_ok(r->date))
            return false;
        if (o->since && strcmp(r->date, o->since) < 0)
            return false;
        /* Compare the day only, so a longer timestamp still counts on its day. */
        if (o->until && strncmp(r->date, o->until, 10) > 0)
            return false;
    }
    if (o->types) {
        bool hit = false;
        for (const char *const *t = o->types; *t && !hit; t++)
            hit = r->type && strcmp(*t, r->type) == 0;
        if (!hit)
            return false;
    }
    if (o->status_mask && !(o->status_mask & (1u << r->status)))
        return false;
    return r->type && r->doc && r->nparties >= 2;
}

static dg_status push_fact(dg_graph *g, const dg_relation *r, size_t a, size_t b,
                           bool directed)
{
    dg_status st = DG_OK;
    if (g->nfacts == g->capfacts) {
        size_t cap = g->capfacts ? g->capfacts * 2 : 64;
        dg_i_fact *v = realloc(g->facts, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        g->facts = v;
        g->capfacts = cap;
    }
    dg_i_fact f = {0};
    f.directed = directed;
    f.status = r->status;
    f.has_amount = r->has_amount && isfinite(r->amount);
    f.amount = f.has_amount ? r->amount : 0;
    if (f.has_amount)
        for (int k = 0; k < 3 && r->currency[k]; k++)
            f.currency[k] = (r->currency[k] >= 'A' && r->currency[k] <= 'Z') ? r->currency[k]
                                                                             : '?';
    DG_TRY(clean_dup(r->type, &f.type));
    DG_TRY(clean_dup(r->parties[a], &f.src));
    DG_TRY(clean_dup(r->parties[b], &f.tgt));
    DG_TRY(clean_dup(r->doc, &f.doc));
    DG_TRY(clean_dup(r->date, &f.date));
    DG_TRY(clean_dup(r->sentence, &f.sentence));
    DG_TRY(clean_dup(r->rule, &f.rule));
    g->facts[g->nfacts++] = f;
    return DG_OK;
cleanup:
    fact_free(&f);
    return st;
}

static dg_status push_mention(dg_graph *g, const dg_relation *r, size_t i)
{
    dg_status st = DG_OK;
    if (g->nmentions == g->capmentions) {
        size_t cap = g->capmentions ? g->capmentions * 2 : 64;
        dg_i_mention *v = realloc(g->mentions, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        g->mentions = v;
        g->capmentions = cap;
    }
    dg_i_mention m = {0};
    m.rec = g->nrecords;
    DG_TRY(clean_dup(r->parties[i], &m.name));
    DG_TRY(clean_dup(r->party_types ? r->party_types[i] : NULL, &m.type));
    DG_TRY(clean_dup(r->party_parents ? r->party_parents[i] : NULL, &m.parent));
    DG_TRY(clean_dup(r->doc, &m.doc));
    DG_TRY(clean_dup(r->date, &m.date));
    g->mentions[g->nmentions++] = m;
    return DG_OK;
cleanup:
    mention_free(&m);
    return st;
}

dg_status dg_graph_add(dg_graph *g, const dg_relation *r)
{
    dg_status st = DG_OK;
    if (!g || !r || g->finished)
        return DG_EINVAL;
    if (!passes(g, r))
        return DG_OK;
    size_t np = r->nparties;
    for (size_t i = 0; i < np; i++)
        if (!r->parties[i])
            return DG_EINVAL;
    if (r->directed) {
        /* parties = {source, target}; further names carry no direction. */
        DG_TRY(push_fact(g, r, 0, 1, true));
        np = 2;
    } else {
        for (size_t i = 0; i < np; i++)
            for (size_t j = i + 1; j < np; j++)
                DG_TRY(push_fact(g, r, i, j, false));
    }
    for (size_t i = 0; i < np; i++)
        DG_TRY(push_mention(g, r, i));
    g->nrecords++;
cleanup:
    return st;
}

/* ---- organizations and rollup ---- */

typedef struct org {
    const char *name;  /* borrowed from a mention, or the parent string */
    const char *type;  /* most frequent, NULL when unknown */
    const char *parent;
    const char *root;
    int mark; /* rollup walk */
    UT_hash_handle hh;
} org;

static int cmp_mention_name(const void *pa, const void *pb)
{
    const dg_i_mention *a = pa, *b = pb;
    return strcmp(a->name, b->name);
}

/* Most frequent non-NULL string among the n pointers (ties: the smallest). */
static int cmp_pstr(const void *pa, const void *pb)
{
    return cmp_str(*(const char *const *)pa, *(const char *const *)pb);
}

static const char *mode_of(const char **v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_pstr);
    const char *best = NULL;
    size_t bestn = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cmp_str(v[i], v[j]) == 0)
            j++;
        if (v[i] && *v[i] && j - i > bestn) {
            best = v[i];
            bestn = j - i;
        }
        i = j;
    }
    return best;
}

static void orgs_free(org **h)
{
    org *o, *tmp;
    HASH_ITER(hh, *h, o, tmp)
    {
        HASH_DEL(*h, o);
        free(o);
    }
}

static dg_status org_get(org **h, const char *name, org **out)
{
    org *o;
    HASH_FIND_STR(*h, name, o);
    if (!o) {
        o = calloc(1, sizeof *o);
        if (!o)
            return DG_ENOMEM;
        o->name = name;
        HASH_ADD_KEYPTR(hh, *h, o->name, strlen(o->name), o);
    }
    *out = o;
    return DG_OK;
}

/* Root of o under rollup: follow parents; on a cycle the smallest name in
 * the cycle is the root, so every member agrees whatever the start. */
static dg_status org_root(org **h, org *o, int walk)
{
    dg_status st = DG_OK;
    size_t cap = 16, n = 0;
    org **path = malloc(cap * sizeof *path);
    if (!path)
        return DG_ENOMEM;
    org *cur = o;
    while (cur && !cur->root && cur->mark != walk) {
        cur->mark = walk;
        if (n == cap) {
            org **p = realloc(path, (cap *= 2) * sizeof *p);
            if (!p)
                DG_TRY(DG_ENOMEM);
            path = p;
        }
        path[n++] = cur;
        org *next = NULL;
        if (cur->parent && strcmp(cur->parent, cur->name) != 0)
            DG_TRY(org_get(h, cur->parent, &next));
        cur = next;
    }
    const char *root;
    if (!cur) {
        root = path[n - 1]->name;
    } else if (cur->root) {
        root = cur->root;
    } else {
        /* cur is on this walk's path: a cycle from cur to the end */
        size_t k = 0;
        while (path[k] != cur)
            k++;
        root = cur->name;
        for (size_t i = k; i < n; i++)
            if (strcmp(path[i]->name, root) < 0)
                root = path[i]->name;
    }
    for (size_t i = 0; i < n; i++)
        path[i]->root = root;
cleanup:
    free(path);
    return st;
}

/* ---- finishing: edges ---- */

static int cmp_fact(const void *pa, const void *pb)
{
    const dg_i_fact *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->type, b->type)) || (c = (int)b->rdirected - (int)a->rdirected) ||
        (c = strcmp(a->rsrc, b->rsrc)) || (c = strcmp(a->rtgt, b->rtgt)) ||
        (c = strcmp(a->doc, b->doc)) || (c = (int)a->status - (int)b->status) ||
        (c = cmp_str(a->date, b->date)) || (c = cmp_str(a->sentence, b->sentence)) ||
        (c = cmp_str(a->rule, b->rule)) || (c = (int)a->has_amount - (int)b->has_amount) ||
        (c = cmp_double(a->amount, b->amount)) || (c = strcmp(a->currency, b->currency)) ||
        (c = strcmp(a->src, b->src)) || (c = strcmp(a->tgt, b->tgt)))
        return c;
    return 0;
}

static bool same_edge(const dg_i_fact *a, const dg_i_fact *b)
{
    return strcmp(a->type, b->type) == 0 && a->rdirected == b->rdirected &&
           strcmp(a->rsrc, b->rsrc) == 0 && strcmp(a->rtgt, b->rtgt) == 0;
}

/* On the same day, the status that says most about where a deal stands
 * wins: lower is preferred. */
static int status_tie_rank(dg_rel_status s)
{
    static const int rank[DG_ST__COUNT] = {
        [DG_ST_COMPLETED] = 0, [DG_ST_ENDED] = 1,   [DG_ST_ANNOUNCED] = 2,
        [DG_ST_PLANNED] = 3,   [DG_ST_RUMORED] = 4, [DG_ST_DENIED] = 5,
    };
    return (unsigned)s < DG_ST__COUNT ? rank[s] : DG_ST__COUNT;
}

typedef struct strbuf {
    char *s;
    size_t n, cap;
    bool oom;
} strbuf;

static void sb_add(strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void sb_puts(strbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* Takes the built string (never NULL on success). */
static dg_status sb_take(strbuf *b, char **out)
{
    if (!b->oom && !b->s)
        sb_add(b, "", 0);
    if (b->oom) {
        free(b->s);
        *out = NULL;
        return DG_ENOMEM;
    }
    *out = b->s;
    b->s = NULL;
    return DG_OK;
}

typedef struct amt {
    const char *doc;
    const char *cur;
    double amount;
} amt;

static int cmp_amt(const void *pa, const void *pb)
{
    const amt *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->cur, b->cur)) || (c = strcmp(a->doc, b->doc)))
        return c;
    return cmp_double(b->amount, a->amount); /* largest first */
}

/* Aggregates the sorted facts f[0..n) of one edge into *e (src/tgt set by
 * the caller). scratch holds n entries. */
static dg_status edge_build(const dg_graph *g, const dg_i_fact *f, size_t n, dg_i_edge *e,
                            const char **scratch, amt *amts)
{
    dg_status st = DG_OK;
    strbuf hist = {0}, src = {0}, rules = {0};
    e->directed = f[0].rdirected;
    if (!(e->type = xstrdup(f[0].type)))
        DG_TRY(DG_ENOMEM);

    /* documents, per status, dates, latest status, evidence */
    size_t weight = 0, per_status[DG_ST__COUNT] = {0};
    const char *first = NULL, *last = NULL;
    const dg_i_fact *latest = NULL, *ev = NULL;
    for (size_t i = 0; i < n; i++) {
        const dg_i_fact *x = &f[i];
        bool new_doc = i == 0 || strcmp(x->doc, f[i - 1].doc) != 0;
        if (new_doc)
            weight++;
        if (new_doc || x->status != f[i - 1].status)
            per_status[x->status]++;
        if (date_ok(x->date)) {
            if (!first || strcmp(x->date, first) < 0)
                first = x->date;
            if (!last || strcmp(x->date, last) > 0)
                last = x->date;
        }
        if (!latest) {
            latest = x;
        } else {
            const char *da = date_ok(x->date) ? x->date : "";
            const char *db = date_ok(latest->date) ? latest->date : "";
            int c = strcmp(da, db);
            if (c == 0)
                c = status_tie_rank(latest->status) - status_tie_rank(x->status);
            if (c == 0)
                c = strcmp(x->doc, latest->doc);
            if (c > 0)
                latest = x;
        }
        if (x->sentence && *x->sentence) {
            bool better;
            if (!ev) {
                better = true;
            } else {
                int ra = !(x->status == DG_ST_COMPLETED || x->status == DG_ST_ANNOUNCED);
                int rb = !(ev->status == DG_ST_COMPLETED || ev->status == DG_ST_ANNOUNCED);
                size_t la = strlen(x->sentence), lb = strlen(ev->sentence);
                int c = ra - rb;
                if (c == 0)
                    c = cmp_size(la, lb);
                if (c == 0)
                    c = strcmp(x->doc, ev->doc);
                if (c == 0)
                    c = strcmp(x->sentence, ev->sentence);
                better = c < 0;
            }
            if (better)
                ev = x;
        }
    }
    e->weight = weight;
    e->status = latest->status;
    if (!(e->first_seen = xstrdup(first)) || !(e->last_seen = xstrdup(last)) ||
        !(e->evidence = xstrdup(ev ? ev->sentence : NULL)))
        DG_TRY(DG_ENOMEM);
    for (int s = 0; s < DG_ST__COUNT; s++) {
        if (!per_status[s])
            continue;
        char buf[64];
        snprintf(buf, sizeof buf, "%s%s:%zu", hist.n ? ";" : "",
                 dg_rel_status_str((dg_rel_status)s), per_status[s]);
        sb_puts(&hist, buf);
    }
    DG_TRY(sb_take(&hist, &e->status_history));

    /* sources: facts are sorted by doc, so distinct docs come in order */
    size_t kept = 0;
    for (size_t i = 0; i < n && kept < g->opts.max_sources; i++) {
        if (i > 0 && strcmp(f[i].doc, f[i - 1].doc) == 0)
            continue;
        if (kept++)
            sb_puts(&src, "|");
        sb_puts(&src, f[i].doc);
    }
    DG_TRY(sb_take(&src, &e->sources));

    /* rules: distinct, sorted */
    size_t nr = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i].rule && *f[i].rule)
            scratch[nr++] = f[i].rule;
    qsort(scratch, nr, sizeof *scratch, cmp_pstr);
    for (size_t i = 0; i < nr; i++) {
        if (i > 0 && strcmp(scratch[i], scratch[i - 1]) == 0)
            continue;
        if (rules.n)
            sb_puts(&rules, "|");
        sb_puts(&rules, scratch[i]);
    }
    DG_TRY(sb_take(&rules, &e->rules));

    /* amounts: one per (currency, document), the largest; the currency
     * with the most documents wins (ties: a known code, then alphabetical) */
    size_t na = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i].has_amount)
            amts[na++] = (amt){f[i].doc, f[i].currency, f[i].amount};
    qsort(amts, na, sizeof *amts, cmp_amt);
    const char *best = NULL;
    size_t bestn = 0, ncur = 0;
    double bestsum = 0;
    for (size_t i = 0; i < na;) {
        size_t j = i, docs = 0;
        double sum = 0;
        while (j < na && strcmp(amts[j].cur, amts[i].cur) == 0) {
            if (j == i || strcmp(amts[j].doc, amts[j - 1].doc) != 0) {
                docs++;
                sum += amts[j].amount;
            }
            j++;
        }
        ncur++;
        bool better = docs > bestn || (docs == bestn && best && !*best && *amts[i].cur);
        if (better) {
            best = amts[i].cur;
            bestn = docs;
            bestsum = sum;
        }
        i = j;
    }
    e->has_amount = na > 0;
    e->amount_total = bestsum;
    if (best)
        memcpy(e->currency, best, strlen(best) + 1);
    e->currency_mixed = ncur > 1;
cleanup:
    free(hist.s);
    free(src.s);
    free(rules.s);
    return st;
}

/* ---- finishing: vertices ---- */

static int cmp_pname(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

static int cmp_vertex_key(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const dg_i_vertex *)elem)->name);
}

static size_t vertex_index(const dg_graph *g, const char *name)
{
    const dg_i_vertex *v = bsearch(name, g->v, g->nv, sizeof *g->v, cmp_vertex_key);
    return (size_t)(v - g->v);
}

typedef struct mref {
    const char *root;
    const dg_i_mention *m;
} mref;

static int cmp_mref_doc(const void *pa, const void *pb)
{
    const mref *a = pa, *b = pb;
    int c = strcmp(a->root, b->root);
    return c ? c : strcmp(a->m->doc, b->m->doc);
}

static int cmp_mref_rec(const void *pa, const void *pb)
{
    const mref *a = pa, *b = pb;
    int c = strcmp(a->root, b->root);
    return c ? c : cmp_size(a->m->rec, b->m->rec);
}

/* ---- igraph ---- */

static bool igraph_ready;

void dg_i_igraph_setup(void)
{
    if (igraph_ready)
        return;
    igraph_set_attribute_table(&igraph_cattribute_table);
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_ready = true;
}

#define IG(x)                                                                          \
    do {                                                                               \
        igraph_error_t ig_err_ = (x);                                                  \
        if (ig_err_ != IGRAPH_SUCCESS) {                                               \
            if (diags)                                                                 \
                dg_diags_add(diags, DG_SEV_ERROR, NULL, 0, 0, NULL, "igraph: %s: %s", \
                             #x, igraph_strerror(ig_err_));                            \
            st = ig_err_ == IGRAPH_ENOMEM ? DG_ENOMEM : DG_EGRAPH;                     \
            goto cleanup;                                                              \
        }                                                                              \
    } while (0)

typedef struct upair {
    size_t a, b;
    double w;
} upair;

static int cmp_upair(const void *pa, const void *pb)
{
    const upair *a = pa, *b = pb;
    int c = cmp_size(a->a, b->a);
    return c ? c : cmp_size(a->b, b->b);
}

typedef struct comm {
    size_t id, size, first;
} comm;

static int cmp_comm(const void *pa, const void *pb)
{
    const comm *a = pa, *b = pb;
    int c = cmp_size(b->size, a->size);
    return c ? c : cmp_size(a->first, b->first);
}

/* Metrics with igraph. Degree and strength count the exported edges.
 * PageRank and betweenness run on a directed graph where an undirected edge
 * counts both ways (so betweenness counts ordered pairs); Louvain runs on the
 * undirected projection with the weights of parallel edges summed. Zeroed
 * igraph vectors may be destroyed, so cleanup destroys them all. */
static dg_status compute_metrics(dg_graph *g, dg_diags *diags)
{
    dg_status st = DG_OK;
    igraph_t m, u;
    bool has_m = false, has_u = false;
    igraph_vector_int_t me = {0}, ue = {0}, memb = {0}, deg = {0};
    igraph_vector_t mw = {0}, uw = {0}, res = {0}, strength = {0}, ew = {0};
    upair *pairs = NULL;
    comm *cs = NULL;
    size_t *newid = NULL;
    size_t nv = g->nv, ne = g->ne;
    IG(igraph_vector_int_init(&me, 0));
    IG(igraph_vector_int_init(&ue, 0));
    IG(igraph_vector_int_init(&memb, 0));
    IG(igraph_vector_int_init(&deg, 0));
    IG(igraph_vector_init(&mw, 0));
    IG(igraph_vector_init(&uw, 0));
    IG(igraph_vector_init(&res, 0));
    IG(igraph_vector_init(&strength, 0));
    IG(igraph_vector_init(&ew, (igraph_integer_t)ne));

    for (size_t i = 0; i < ne; i++) {
        const dg_i_edge *e = &g->e[i];
        VECTOR(ew)[i] = (igraph_real_t)e->weight;
        IG(igraph_vector_int_push_back(&me, (igraph_integer_t)e->src));
        IG(igraph_vector_int_push_back(&me, (igraph_integer_t)e->tgt));
        IG(igraph_vector_push_back(&mw, (igraph_real_t)e->weight));
        if (!e->directed) {
            IG(igraph_vector_int_push_back(&me, (igraph_integer_t)e->tgt));
            IG(igraph_vector_int_push_back(&me, (igraph_integer_t)e->src));
            IG(igraph_vector_push_back(&mw, (igraph_real_t)e->weight));
        }
    }
    IG(igraph_degree(&g->ig, &deg, igraph_vss_all(), IGRAPH_ALL, true));
    IG(igraph_strength(&g->ig, &strength, igraph_vss_all(), IGRAPH_ALL, true, &ew));
    for (size_t i = 0; i < nv; i++) {
        g->v[i].degree = (size_t)VECTOR(deg)[i];
        g->v[i].strength = VECTOR(strength)[i];
    }

    IG(igraph_create(&m, &me, (igraph_integer_t)nv, IGRAPH_DIRECTED));
    has_m = true;
    IG(igraph_pagerank(&m, IGRAPH_PAGERANK_ALGO_PRPACK, &res, NULL, igraph_vss_all(), true,
                       0.85, &mw, NULL));
    for (size_t i = 0; i < nv; i++)
        g->v[i].pagerank = VECTOR(res)[i];
    IG(igraph_betweenness(&m, &res, igraph_vss_all(), true, NULL));
    for (size_t i = 0; i < nv; i++)
        g->v[i].betweenness = VECTOR(res)[i];

    pairs = malloc((ne ? ne : 1) * sizeof *pairs);
    if (!pairs)
        DG_TRY(DG_ENOMEM);
    for (size_t i = 0; i < ne; i++) {
        size_t a = g->e[i].src, b = g->e[i].tgt;
        pairs[i] = (upair){a < b ? a : b, a < b ? b : a, (double)g->e[i].weight};
    }
    qsort(pairs, ne, sizeof *pairs, cmp_upair);
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        double w = 0;
        while (j < ne && pairs[j].a == pairs[i].a && pairs[j].b == pairs[i].b)
            w += pairs[j++].w;
        IG(igraph_vector_int_push_back(&ue, (igraph_integer_t)pairs[i].a));
        IG(igraph_vector_int_push_back(&ue, (igraph_integer_t)pairs[i].b));
        IG(igraph_vector_push_back(&uw, w));
        i = j;
    }
    IG(igraph_create(&u, &ue, (igraph_integer_t)nv, IGRAPH_UNDIRECTED));
    has_u = true;
    if (nv > 0) {
        /* Louvain visits vertices in a random order: seed right before it. */
        IG(igraph_rng_seed(igraph_rng_default(), DG_RNG_SEED));
        IG(igraph_community_multilevel(&u, &uw, 1.0, &memb, NULL, NULL));
    }

    /* Renumber communities: largest first, ties by their first vertex, so
     * the ids do not depend on igraph's internal numbering. */
    size_t k = 0;
    for (size_t i = 0; i < nv; i++)
        if ((size_t)VECTOR(memb)[i] + 1 > k)
            k = (size_t)VECTOR(memb)[i] + 1;
    cs = calloc(k ? k : 1, sizeof *cs);
    newid = malloc((k ? k : 1) * sizeof *newid);
    if (!cs || !newid)
        DG_TRY(DG_ENOMEM);
    for (size_t c = 0; c < k; c++)
        cs[c] = (comm){c, 0, SIZE_MAX};
    for (size_t i = 0; i < nv; i++) {
        comm *c = &cs[VECTOR(memb)[i]];
        if (c->size++ == 0)
            c->first = i;
    }
    qsort(cs, k, sizeof *cs, cmp_comm);
    for (size_t r = 0; r < k; r++)
        newid[cs[r].id] = r;
    for (size_t i = 0; i < nv; i++)
        g->v[i].community = newid[VECTOR(memb)[i]];

cleanup:
    if (has_m)
        igraph_destroy(&m);
    if (has_u)
        igraph_destroy(&u);
    igraph_vector_int_destroy(&me);
    igraph_vector_int_destroy(&ue);
    igraph_vector_int_destroy(&memb);
    igraph_vector_int_destroy(&deg);
    igraph_vector_destroy(&mw);
    igraph_vector_destroy(&uw);
    igraph_vector_destroy(&res);
    igraph_vector_destroy(&strength);
    igraph_vector_destroy(&ew);
    free(pairs);
    free(cs);
    free(newid);
    return st;
}

/* ---- attribute tables ---- */

const dg_i_attr dg_i_vattrs[] = {
    {"label", DG_I_STR},       {"type", DG_I_STR},           {"parent", DG_I_STR},
    {"mentions", DG_I_INT},    {"documents", DG_I_INT},      {"first_seen", DG_I_STR},
    {"last_seen", DG_I_STR},   {"degree", DG_I_INT},         {"weighted_degree", DG_I_INT},
    {"pagerank", DG_I_REAL},   {"betweenness", DG_I_REAL},   {"community", DG_I_INT},
};
const size_t dg_i_nvattrs = sizeof dg_i_vattrs / sizeof *dg_i_vattrs;

const dg_i_attr dg_i_eattrs[] = {
    {"relation", DG_I_STR},     {"weight", DG_I_INT},          {"directed", DG_I_BOOL},
    {"status", DG_I_STR},       {"status_history", DG_I_STR},  {"first_seen", DG_I_STR},
    {"last_seen", DG_I_STR},    {"amount_total", DG_I_REAL},   {"currency", DG_I_STR},
    {"currency_mixed", DG_I_BOOL}, {"evidence", DG_I_STR},     {"sources", DG_I_STR},
    {"source_count", DG_I_INT}, {"rules", DG_I_STR},
};
const size_t dg_i_neattrs = sizeof dg_i_eattrs / sizeof *dg_i_eattrs;

void dg_i_vattr_get(const dg_graph *g, size_t i, size_t a, dg_i_value *out)
{
    const dg_i_vertex *v = &g->v[i];
    *out = (dg_i_value){.s = ""};
    switch (a) {
    case 0: out->s = v->name; break;
    case 1: out->s = v->type; break;
    case 2: out->s = v->parent; break;
    case 3: out->i = (long long)v->mentions; break;
    case 4: out->i = (long long)v->documents; break;
    case 5: out->s = v->first_seen; break;
    case 6: out->s = v->last_seen; break;
    case 7: out->i = (long long)v->degree; break;
    case 8: out->i = (long long)llround(v->strength); break;
    case 9: out->d = v->pagerank; break;
    case 10: out->d = v->betweenness; break;
    case 11: out->i = (long long)v->community; break;
    default: break;
    }
}

void dg_i_eattr_get(const dg_graph *g, size_t i, size_t a, dg_i_value *out)
{
    const dg_i_edge *e = &g->e[i];
    *out = (dg_i_value){.s = ""};
    switch (a) {
    case 0: out->s = e->type; break;
    case 1: out->i = (long long)e->weight; break;
    case 2: out->b = e->directed; break;
    case 3: out->s = dg_rel_status_str(e->status); break;
    case 4: out->s = e->status_history; break;
    case 5: out->s = e->first_seen; break;
    case 6: out->s = e->last_seen; break;
    case 7: out->d = e->amount_total; break;
    case 8: out->s = e->currency; break;
    case 9: out->b = e->currency_mixed; break;
    case 10: out->s = e->evidence; break;
    case 11: out->s = e->sources; break;
    case 12: out->i = (long long)e->weight; break;
    case 13: out->s = e->rules; break;
    default: break;
    }
}

bool dg_i_graph_undirected(const dg_graph *g)
{
    return g->opts.undirected;
}

void dg_i_fmt_real(char *buf, size_t n, double d)
{
    if (!isfinite(d)) {
        snprintf(buf, n, "0");
        return;
    }
    /* the shortest of %.15g..%.17g that reads back exactly */
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

/* Copies the attributes onto the igraph graph (for GraphML). */
static dg_status set_attributes(dg_graph *g, dg_diags *diags)
{
    dg_status st = DG_OK;
    igraph_t *ig = &g->ig;
    dg_i_value val;
    for (size_t a = 0; a < dg_i_nvattrs; a++) {
        const char *name = dg_i_vattrs[a].name;
        for (size_t i = 0; i < g->nv; i++) {
            dg_i_vattr_get(g, i, a, &val);
            igraph_integer_t vid = (igraph_integer_t)i;
            switch (dg_i_vattrs[a].type) {
            case DG_I_STR: IG(igraph_cattribute_VAS_set(ig, name, vid, val.s)); break;
            case DG_I_INT: IG(igraph_cattribute_VAN_set(ig, name, vid, (double)val.i)); break;
            case DG_I_REAL: IG(igraph_cattribute_VAN_set(ig, name, vid, val.d)); break;
            case DG_I_BOOL: IG(igraph_cattribute_VAB_set(ig, name, vid, val.b)); break;
            }
        }
    }
    for (size_t a = 0; a < dg_i_neattrs; a++) {
        const char *name = dg_i_eattrs[a].name;
        for (size_t i = 0; i < g->ne; i++) {
            dg_i_eattr_get(g, i, a, &val);
            igraph_integer_t eid = (igraph_integer_t)i;
            switch (dg_i_eattrs[a].type) {
            case DG_I_STR: IG(igraph_cattribute_EAS_set(ig, name, eid, val.s)); break;
            case DG_I_INT: IG(igraph_cattribute_EAN_set(ig, name, eid, (double)val.i)); break;
            case DG_I_REAL: IG(igraph_cattribute_EAN_set(ig, name, eid, val.d)); break;
            case DG_I_BOOL: IG(igraph_cattribute_EAB_set(ig, name, eid, val.b)); break;
            }
        }
    }
cleanup:
    return st;
}

/* ---- finish ---- */

dg_status dg_graph_finish(dg_graph *g, dg_diags *diags)
{
    dg_status st = DG_OK;
    org *orgs = NULL;
    const char **scratch = NULL, **names = NULL, **sorted = NULL;
    amt *amts = NULL;
    mref *refs = NULL;
    igraph_vector_int_t edges = {0};
    if (!g || g->finished)
        return DG_EINVAL;
    dg_i_igraph_setup();

    /* 1. organizations: most frequent type and parent, then roots */
    qsort(g->mentions, g->nmentions, sizeof *g->mentions, cmp_mention_name);
    scratch = malloc((g->nmentions + g->nfacts + 1) * sizeof *scratch);
    if (!scratch)
        DG_TRY(DG_ENOMEM);
    for (size_t i = 0; i < g->nmentions;) {
        size_t j = i;
        while (j < g->nmentions && strcmp(g->mentions[j].name, g->mentions[i].name) == 0)
            j++;
        org *o;
        DG_TRY(org_get(&orgs, g->mentions[i].name, &o));
        for (size_t k = i; k < j; k++)
            scratch[k - i] = g->mentions[k].type;
        o->type = mode_of(scratch, j - i);
        for (size_t k = i; k < j; k++)
            scratch[k - i] = g->mentions[k].parent;
        o->parent = mode_of(scratch, j - i);
        i = j;
    }
    /* Facts may name parties that no mention covers only if memory is
     * inconsistent; mentions come from the same records, so every name is in. */
    int walk = 0;
    if (g->opts.rollup) {
        /* iterate over mentions (sorted), not the hash, so new parent
         * entries added during the walk do not disturb the loop */
        for (size_t i = 0; i < g->nmentions; i++) {
            org *o;
            DG_TRY(org_get(&orgs, g->mentions[i].name, &o));
            if (!o->root)
                DG_TRY(org_root(&orgs, o, ++walk));
        }
    }
    for (size_t i = 0; i < g->nmentions; i++) {
        org *o;
        DG_TRY(org_get(&orgs, g->mentions[i].name, &o));
        g->mentions[i].root = o->root ? o->root : o->name;
    }
    for (size_t i = 0; i < g->nfacts; i++) {
        dg_i_fact *f = &g->facts[i];
        org *a, *b;
        DG_TRY(org_get(&orgs, f->src, &a));
        DG_TRY(org_get(&orgs, f->tgt, &b));
        f->rsrc = a->root ? a->root : a->name;
        f->rtgt = b->root ? b->root : b->name;
        f->rdirected = f->directed && !g->opts.undirected;
        if (!f->rdirected && strcmp(f->rsrc, f->rtgt) > 0) {
            const char *t = f->rsrc;
            f->rsrc = f->rtgt;
            f->rtgt = t;
        }
    }

    /* 2. edges: sort facts on full keys, group, aggregate */
    qsort(g->facts, g->nfacts, sizeof *g->facts, cmp_fact);
    amts = malloc((g->nfacts + 1) * sizeof *amts);
    g->e = calloc(g->nfacts + 1, sizeof *g->e);
    names = malloc((2 * g->nfacts + 1) * sizeof *names);
    sorted = malloc((2 * g->nfacts + 1) * sizeof *sorted);
    if (!amts || !g->e || !names || !sorted)
        DG_TRY(DG_ENOMEM);
    size_t min_weight = g->opts.min_weight;
    for (size_t i = 0; i < g->nfacts;) {
        size_t j = i;
        while (j < g->nfacts && same_edge(&g->facts[i], &g->facts[j]))
            j++;
        const dg_i_fact *f = &g->facts[i];
        if (strcmp(f->rsrc, f->rtgt) != 0) { /* self-loops (after rollup) are dropped */
            dg_i_edge *e = &g->e[g->ne];
            memset(e, 0, sizeof *e);
            g->ne++;
            DG_TRY(edge_build(g, f, j - i, e, scratch, amts));
            if (e->weight < min_weight) {
                free(e->type), free(e->first_seen), free(e->last_seen);
                free(e->status_history), free(e->evidence), free(e->sources), free(e->rules);
                g->ne--;
            } else {
                names[2 * (g->ne - 1)] = f->rsrc;
                names[2 * (g->ne - 1) + 1] = f->rtgt;
            }
        }
        i = j;
    }
    /* 3. vertices: the endpoints of the kept edges, sorted by name */
    memcpy(sorted, names, 2 * g->ne * sizeof *sorted);
    qsort(sorted, 2 * g->ne, sizeof *sorted, cmp_pname);
    g->v = calloc(2 * g->ne + 1, sizeof *g->v);
    if (!g->v)
        DG_TRY(DG_ENOMEM);
    for (size_t i = 0; i < 2 * g->ne; i++) {
        if (i > 0 && strcmp(sorted[i], sorted[i - 1]) == 0)
            continue;
        dg_i_vertex *v = &g->v[g->nv++];
        org *o;
        DG_TRY(org_get(&orgs, sorted[i], &o));
        v->name = xstrdup(o->name);
        v->type = xstrdup(o->type);
        v->parent = xstrdup(g->opts.rollup ? NULL : o->parent);
        if (!v->name || !v->type || !v->parent)
            DG_TRY(DG_ENOMEM);
    }
    for (size_t i = 0; i < g->ne; i++) {
        g->e[i].src = vertex_index(g, names[2 * i]);
        g->e[i].tgt = vertex_index(g, names[2 * i + 1]);
    }

    /* vertex counts from the mentions, grouped by root */
    refs = malloc((g->nmentions + 1) * sizeof *refs);
    if (!refs)
        DG_TRY(DG_ENOMEM);
    for (size_t i = 0; i < g->nmentions; i++)
        refs[i] = (mref){g->mentions[i].root, &g->mentions[i]};
    qsort(refs, g->nmentions, sizeof *refs, cmp_mref_doc);
    for (size_t i = 0; i < g->nmentions;) {
        size_t j = i, docs = 0;
        const char *first = NULL, *last = NULL;
        for (; j < g->nmentions && strcmp(refs[j].root, refs[i].root) == 0; j++) {
            if (j == i || strcmp(refs[j].m->doc, refs[j - 1].m->doc) != 0)
                docs++;
            const char *d = refs[j].m->date;
            if (date_ok(d)) {
                if (!first || strcmp(d, first) < 0)
                    first = d;
                if (!last || strcmp(d, last) > 0)
                    last = d;
            }
        }
        const dg_i_vertex *hit =
            bsearch(refs[i].root, g->v, g->nv, sizeof *g->v, cmp_vertex_key);
        if (hit) {
            dg_i_vertex *v = &g->v[hit - g->v];
            v->documents = docs;
            if (!(v->first_seen = xstrdup(first)) || !(v->last_seen = xstrdup(last)))
                DG_TRY(DG_ENOMEM);
        }
        i = j;
    }
    qsort(refs, g->nmentions, sizeof *refs, cmp_mref_rec);
    for (size_t i = 0; i < g->nmentions;) {
        size_t j = i, recs = 0;
        for (; j < g->nmentions && strcmp(refs[j].root, refs[i].root) == 0; j++)
            if (j == i || refs[j].m->rec != refs[j - 1].m->rec)
                recs++;
        const dg_i_vertex *hit =
            bsearch(refs[i].root, g->v, g->nv, sizeof *g->v, cmp_vertex_key);
        if (hit)
            g->v[hit - g->v].mentions = recs;
        i = j;
    }
    for (size_t i = 0; i < g->nv; i++)
        if ((!g->v[i].first_seen && !(g->v[i].first_seen = strdup(""))) ||
            (!g->v[i].last_seen && !(g->v[i].last_seen = strdup(""))))
            DG_TRY(DG_ENOMEM);

    /* 4. igraph: one igraph_create, then attributes and metrics */
    IG(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * g->ne)));
    for (size_t i = 0; i < g->ne; i++) {
        VECTOR(edges)[2 * i] = (igraph_integer_t)g->e[i].src;
        VECTOR(edges)[2 * i + 1] = (igraph_integer_t)g->e[i].tgt;
    }
    IG(igraph_create(&g->ig, &edges, (igraph_integer_t)g->nv,
                     g->opts.undirected ? IGRAPH_UNDIRECTED : IGRAPH_DIRECTED));
    g->has_ig = true;
    DG_TRY(compute_metrics(g, diags));
    DG_TRY(set_attributes(g, diags));
    g->finished = true;

cleanup:
    if (st != DG_OK)
        finished_free(g);
    igraph_vector_int_destroy(&edges);
    orgs_free(&orgs);
    free(scratch);
    free(names);
    free(sorted);
    free(amts);
    free(refs);
    return st;
}

size_t dg_graph_vertex_count(const dg_graph *g)
{
    return g ? g->nv : 0;
}

size_t dg_graph_edge_count(const dg_graph *g)
{
    return g ? g->ne : 0;
}

/* ---- formats and writing ---- */

static const char *const format_names[DG_FMT__COUNT] = {"graphml", "json", "csv", "dot",
                                                         "gexf"};

bool dg_format_parse(const char *name, dg_format *out)
{
    if (!name)
        return false;
    for (int i = 0; i < DG_FMT__COUNT; i++)
        if (strcasecmp(name, format_names[i]) == 0) {
            *out = (dg_format)i;
            return true;
        }
    if (strcasecmp(name, "gv") == 0) {
        *out = DG_FMT_DOT;
        return true;
    }
    return false;
}

bool dg_format_from_path(const char *path, dg_format *out)
{
    if (!path)
        return false;
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    return dot && dg_format_parse(dot + 1, out);
}

dg_status dg_graph_write(const dg_graph *g, const char *path, dg_format fmt,
                         dg_diags *diags)
{
    dg_status st = DG_OK;
    dg_outfile *of = NULL;
    if (!g || !path || !g->finished || (unsigned)fmt >= DG_FMT__COUNT) {
        if (diags)
            dg_diags_add(diags, DG_SEV_ERROR, path, 0, 0, NULL,
                         "graph not finished or bad format");
        return DG_EINVAL;
    }
    if (fmt == DG_FMT_CSV)
        return dg_i_export_csv(g, path, diags);
    DG_TRY(dg_outfile_open(path, &of, diags));
    FILE *f = dg_outfile_stream(of);
    switch (fmt) {
    case DG_FMT_GRAPHML: st = dg_i_export_graphml(g, f, diags); break;
    case DG_FMT_JSON: st = dg_i_export_json(g, f, diags); break;
    case DG_FMT_DOT: st = dg_i_export_dot(g, f, diags); break;
    case DG_FMT_GEXF: st = dg_i_export_gexf(g, f, diags); break;
    default: st = DG_EINVAL; break;
    }
    if (st != DG_OK) {
        if (diags)
            dg_diags_add(diags, DG_SEV_ERROR, path, 0, 0, NULL, "cannot write %s: %s",
                         format_names[fmt], dg_status_str(st));
        goto cleanup;
    }
    st = dg_outfile_commit(of, diags);
    of = NULL;
cleanup:
    dg_outfile_abort(of);
    return st;
}

/* ---- statistics ---- */

typedef struct rank_ctx {
    const dg_graph *g;
    int measure;
} rank_ctx;

static double measure(const dg_i_vertex *v, int m)
{
    switch (m) {
    case 0: return (double)v->degree;
    case 1: return v->strength;
    case 2: return v->pagerank;
    default: return v->betweenness;
    }
}

/* qsort_r comparator: larger measure first, then by name. */
static int cmp_by_measure(const void *pa, const void *pb, void *ctx)
{
    const rank_ctx *rc = ctx;
    const dg_i_vertex *a = &rc->g->v[*(const size_t *)pa];
    const dg_i_vertex *b = &rc->g->v[*(const size_t *)pb];
    int c = cmp_double(measure(b, rc->measure), measure(a, rc->measure));
    return c ? c : strcmp(a->name, b->name);
}

typedef struct count {
    const char *key;
    size_t n;
} count;

static int cmp_count(const void *pa, const void *pb)
{
    const count *a = pa, *b = pb;
    int c = cmp_size(b->n, a->n);
    return c ? c : strcmp(a->key, b->key);
}

dg_status dg_graph_print_stats(const dg_graph *g, FILE *f, size_t top)
{
    dg_status st = DG_OK;
    size_t *idx = NULL;
    count *types = NULL;
    if (!g || !f || !g->finished)
        return DG_EINVAL;
    size_t nv = g->nv, ne = g->ne;
    fprintf(f, "vertices: %zu\nedges: %zu\n", nv, ne);

    /* by relation type: edges are sorted by type, so runs are groups */
    types = calloc(ne + 1, sizeof *types);
    idx = malloc((nv + 1) * sizeof *idx);
    if (!types || !idx)
        DG_TRY(DG_ENOMEM);
    size_t nt = 0;
    for (size_t i = 0; i < ne; i++) {
        if (nt && strcmp(types[nt - 1].key, g->e[i].type) == 0)
            types[nt - 1].n++;
        else
            types[nt++] = (count){g->e[i].type, 1};
    }
    qsort(types, nt, sizeof *types, cmp_count);
    fputs("\nedges by relation type:\n", f);
    for (size_t i = 0; i < nt; i++)
        fprintf(f, "  %-20s %zu\n", types[i].key, types[i].n);

    size_t bys[DG_ST__COUNT] = {0};
    for (size_t i = 0; i < ne; i++)
        bys[g->e[i].status]++;
    fputs("\nedges by latest status:\n", f);
    for (int s = 0; s < DG_ST__COUNT; s++)
        if (bys[s])
            fprintf(f, "  %-20s %zu\n", dg_rel_status_str((dg_rel_status)s), bys[s]);

    static const char *const titles[] = {"degree", "weighted degree", "pagerank",
                                         "betweenness"};
    size_t shown = top < nv ? top : nv;
    for (int m = 0; m < 4 && shown; m++) {
        for (size_t i = 0; i < nv; i++)
            idx[i] = i;
        rank_ctx rc = {g, m};
        qsort_r(idx, nv, sizeof *idx, cmp_by_measure, &rc);
        fprintf(f, "\ntop %zu by %s:\n", shown, titles[m]);
        for (size_t r = 0; r < shown; r++) {
            const dg_i_vertex *v = &g->v[idx[r]];
            char num[40];
            if (m < 2)
                snprintf(num, sizeof num, "%.0f", measure(v, m));
            else
                snprintf(num, sizeof num, "%.4f", measure(v, m));
            fprintf(f, "  %3zu. %-40s %s\n", r + 1, v->name, num);
        }
    }

    /* communities: ids are already ordered largest first; members are
     * listed by weighted degree so the best-connected names come first */
    size_t k = 0;
    for (size_t i = 0; i < nv; i++)
        if (g->v[i].community + 1 > k)
            k = g->v[i].community + 1;
    if (k) {
        for (size_t i = 0; i < nv; i++)
            idx[i] = i;
        rank_ctx rc = {g, 1};
        qsort_r(idx, nv, sizeof *idx, cmp_by_measure, &rc);
        fprintf(f, "\ncommunities (Louvain): %zu\n", k);
        size_t limit = top ? top : 10;
        for (size_t c = 0; c < k && c < limit; c++) {
            size_t size = 0, listed = 0;
            for (size_t i = 0; i < nv; i++)
                size += g->v[i].community == c;
            fprintf(f, "  %3zu. %zu members:", c, size);
            for (size_t r = 0; r < nv && listed < 4; r++)
                if (g->v[idx[r]].community == c)
                    fprintf(f, "%s %s", listed++ ? "," : "", g->v[idx[r]].name);
            fputs(size > listed ? ", ...\n" : "\n", f);
        }
        if (k > limit)
            fprintf(f, "  ... and %zu smaller\n", k - limit);
    }
    if (ferror(f))
        st = DG_EIO;
cleanup:
    free(idx);
    free(types);
    return st;
}
