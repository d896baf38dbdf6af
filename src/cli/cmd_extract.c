/* `dealgraph extract`: documents in, relations, entities and the graph out.
 *
 * The main thread reads documents in batches and writes results in reading
 * order; worker threads extract one batch while the main thread writes the
 * batch before it and reads the batch after it (a ring of three). Output
 * therefore does not depend on -j, and memory is bounded by three batches
 * plus the graph, not by the corpus. */
#include "cli.h"

#include <dealgraph/outfile.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uthash.h>

static const char extract_usage[] =
    "usage: dealgraph extract [OPTIONS] PATH...\n"
    "\n"
    "Extracts organizations and relations (partnerships, investments,\n"
    "acquisitions and any type the rules declare) from articles. PATH is a\n"
    "file, a directory (walked recursively in sorted order, taking .txt, .md\n"
    "and .jsonl) or - for JSON Lines on standard input.\n"
    "\n"
    "  --rules DIR        rule directory (repeatable; later ones override\n"
    "                     earlier ones by rule id; default rules)\n"
    "  --relations FILE   write relations as JSON Lines (- for stdout)\n"
    "  --entities FILE    write organization mentions as JSON Lines\n"
    "  -j, --jobs N       worker threads (default: the number of cores); the\n"
    "                     output is the same for every N\n"
    "  --profile FILE     write what each rule cost (seconds in its regex searches,\n"
    "                     searches, matches), costliest first, as TSV; the run is\n"
    "                     a few percent slower\n"
    "  -q, --quiet        no progress line and no summary\n"
    "  -h, --help         this text\n"
    "\n"
    "graph outputs and filters (see also `dealgraph graph --help`):\n";

enum { OPT_RULES = 1, OPT_RELATIONS, OPT_ENTITIES, OPT_PROFILE };

/* ---- batches ---- */

typedef struct slot {
    dg_doc doc;
    dg_doc_result res;
    dg_diags *diags;
    dg_status st;
} slot;

typedef struct batch {
    slot *v;
    size_t n, cap;
    size_t bytes;
} batch;

enum { BATCH_DOCS = 256, BATCH_BYTES = 16 << 20 };

typedef struct pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    batch *cur;     /* the batch being extracted, or NULL */
    size_t next;    /* next slot to claim */
    size_t ndone;
    unsigned long gen;
    bool quit;
    pthread_t *th;
    size_t nth;
    dg_extractor **xs;
} pool;

typedef struct worker_arg {
    pool *p;
    size_t i;
} worker_arg;

static void run_slot(dg_extractor *x, slot *s)
{
    s->st = dg_extract(x, &s->doc, &s->res, s->diags);
}

static void *worker(void *arg)
{
    worker_arg *wa = arg;
    pool *p = wa->p;
    dg_extractor *x = p->xs[wa->i];
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && (p->gen == seen || !p->cur || p->next >= p->cur->n))
            pthread_cond_wait(&p->work, &p->mu);
        if (p->quit)
            break;
        batch *b = p->cur;
        size_t i = p->next++;
        if (p->next >= b->n)
            seen = p->gen;
        pthread_mutex_unlock(&p->mu);
        run_slot(x, &b->v[i]);
        pthread_mutex_lock(&p->mu);
        if (++p->ndone == b->n)
            pthread_cond_broadcast(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void pool_start(pool *p, batch *b)
{
    pthread_mutex_lock(&p->mu);
    p->cur = b;
    p->next = 0;
    p->ndone = 0;
    p->gen++;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
}

static void pool_wait(pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->cur && p->ndone < p->cur->n)
        pthread_cond_wait(&p->done, &p->mu);
    p->cur = NULL;
    pthread_mutex_unlock(&p->mu);
}

/* ---- run state ---- */

typedef struct name_ent {
    char *name;
    size_t count;
    UT_hash_handle hh;
} name_ent;

/* Distinct organization names, for the summary. Every mention of the run
 * passes through here on the main thread, so it is an open-addressing
 * table (FNV-1a, linear probing) rather than uthash with strlen + Jenkins
 * per mention. */
typedef struct name_set {
    char **v;      /* NULL: free slot */
    uint64_t *h;
    size_t n, cap; /* cap: power of two, at most half full */
} name_set;

static uint64_t name_hash(const char *s, size_t *len)
{
    uint64_t h = UINT64_C(0xCBF29CE484222325);
    const char *p = s;
    for (; *p; p++)
        h = (h ^ (unsigned char)*p) * UINT64_C(0x100000001B3);
    *len = (size_t)(p - s);
    return h;
}

static bool name_set_grow(name_set *ns)
{
    size_t cap = ns->cap ? ns->cap * 2 : 1024;
    char **v = calloc(cap, sizeof *v);
    uint64_t *h = calloc(cap, sizeof *h);
    if (!v || !h) {
        free(v);
        free(h);
        return false;
    }
    for (size_t i = 0; i < ns->cap; i++) {
        if (!ns->v[i])
            continue;
        size_t j = (size_t)ns->h[i] & (cap - 1);
        while (v[j])
            j = (j + 1) & (cap - 1);
        v[j] = ns->v[i];
        h[j] = ns->h[i];
    }
    free(ns->v);
    free(ns->h);
    ns->v = v;
    ns->h = h;
    ns->cap = cap;
    return true;
}

/* Adds name unless present; -1 on out of memory. */
static int name_set_add(name_set *ns, const char *name)
{
    if (2 * (ns->n + 1) > ns->cap && !name_set_grow(ns))
        return -1;
    size_t len;
    uint64_t h = name_hash(name, &len);
    size_t mask = ns->cap - 1, i = (size_t)h & mask;
    for (; ns->v[i]; i = (i + 1) & mask)
        if (ns->h[i] == h && strcmp(ns->v[i], name) == 0)
            return 0;
    if (!(ns->v[i] = malloc(len + 1)))
        return -1;
    memcpy(ns->v[i], name, len + 1);
    ns->h[i] = h;
    ns->n++;
    return 0;
}

static void name_set_free(name_set *ns)
{
    for (size_t i = 0; i < ns->cap; i++)
        free(ns->v[i]);
    free(ns->v);
    free(ns->h);
    memset(ns, 0, sizeof *ns);
}

typedef struct run {
    const dg_ruleset *rs;
    dg_outfile *rel_out, *ent_out;
    char *ent_buf; /* one document's entity lines */
    size_t ent_cap;
    dg_graph *graph;
    name_set orgs;
    name_ent *types;
    size_t docs, sentences, repaired_docs, repaired_seqs, limit_hits, relations;
    bool failed;
} run;

static int count_name(name_ent **h, const char *name)
{
    name_ent *e = NULL;
    HASH_FIND_STR(*h, name, e);
    if (!e) {
        if (!(e = calloc(1, sizeof *e)) || !(e->name = strdup(name))) {
            free(e);
            return -1;
        }
        HASH_ADD_KEYPTR(hh, *h, e->name, strlen(e->name), e);
    }
    e->count++;
    return 0;
}

static void free_names(name_ent **h)
{
    name_ent *e, *t;
    HASH_ITER(hh, *h, e, t) {
        HASH_DEL(*h, e);
        free(e->name);
        free(e);
    }
}

static int by_name(name_ent *a, name_ent *b)
{
    return strcmp(a->name, b->name);
}

/* ---- entity lines ----
 * Every mention of the run is written here, on the main thread, so the
 * lines are formatted into a buffer by hand instead of through a jansson
 * object and json_dumpf per mention. The bytes are json_dumpf's (compact,
 * keys in insertion order): control characters as \b \f \n \r \t or
 * \u00XX in upper case, \" and \\, everything else as is. A mention with a
 * string jansson would refuse (not strict UTF-8) goes through
 * dg_mention_write_json, which decides what to do with it. */

/* Strict UTF-8 as jansson accepts it (no overlong forms, surrogates or
 * values above U+10FFFF): the text layer's validator. */
static bool json_utf8_ok(const char *str)
{
    return dg_utf8_valid(str, strlen(str));
}

/* An output buffer whose room is reserved per line (mention_line), so the
 * appends below cannot fail. */
typedef struct obuf {
    char *p;
    size_t len, cap;
} obuf;

static void ob_put(obuf *b, const char *s, size_t n)
{
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void ob_putc(obuf *b, char c)
{
    b->p[b->len++] = c;
}

static void put_json_str(obuf *b, const char *str)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *s = str, *from = str;
    ob_putc(b, '"');
    for (;; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        ob_put(b, from, (size_t)(s - from));
        if (!c)
            break;
        char e[6] = {'\\', 0};
        size_t ne = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            e[1] = 'u';
            e[2] = '0';
            e[3] = '0';
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            ne = 6;
        }
        ob_put(b, e, ne);
        from = s + 1;
    }
    ob_putc(b, '"');
}

static void put_json_str_or_null(obuf *b, const char *s)
{
    if (s)
        put_json_str(b, s);
    else
        ob_put(b, "null", 4);
}

static void put_json_size(obuf *b, size_t v)
{
    char d[24];
    size_t n = 0;
    do {
        d[sizeof d - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    ob_put(b, d + sizeof d - n, n);
}

/* Room for a JSON string of s: 6 bytes a byte at most, and the quotes. */
static size_t json_room(const char *s)
{
    return s ? 6 * strlen(s) + 2 : 4;
}

/* Appends m's line; false (nothing appended) when a string needs
 * dg_mention_write_json; *oom on out of memory. */
static bool mention_line(obuf *b, const dg_mention *m, const char *doc, bool *oom)
{
    const char *rule = m->rule ? m->rule : "";
    if (!doc)
        doc = "";
    if (!m->canonical || !m->surface || !json_utf8_ok(doc) || !json_utf8_ok(m->canonical) ||
        !json_utf8_ok(m->surface) || (m->type && !json_utf8_ok(m->type)) ||
        (m->parent && !json_utf8_ok(m->parent)) || !json_utf8_ok(rule) ||
        (m->resolved_from && !json_utf8_ok(m->resolved_from)) ||
        m->start > (size_t)INT64_MAX || m->end > (size_t)INT64_MAX)
        return false;
    size_t room = 160 + json_room(doc) + json_room(m->canonical) + json_room(m->surface) +
                  json_room(m->type) + json_room(m->parent) + json_room(rule) +
                  json_room(m->resolved_from);
    if (b->len + room > b->cap) {
        size_t cap = 2 * (b->len + room);
        char *p = realloc(b->p, cap);
        if (!p) {
            *oom = true;
            return false;
        }
        b->p = p;
        b->cap = cap;
    }
    ob_put(b, "{\"doc\":", 7);
    put_json_str(b, doc);
    ob_put(b, ",\"canonical\":", 13);
    put_json_str(b, m->canonical);
    ob_put(b, ",\"surface\":", 11);
    put_json_str(b, m->surface);
    ob_put(b, ",\"type\":", 8);
    put_json_str_or_null(b, m->type);
    ob_put(b, ",\"parent\":", 10);
    put_json_str_or_null(b, m->parent);
    ob_put(b, ",\"start\":", 9);
    put_json_size(b, m->start);
    ob_put(b, ",\"end\":", 7);
    put_json_size(b, m->end);
    ob_put(b, ",\"rule\":", 8);
    put_json_str(b, rule);
    ob_put(b, ",\"resolved_from\":", 17);
    put_json_str_or_null(b, m->resolved_from);
    if (m->listed)
        ob_put(b, ",\"listed\":true}\n", 16);
    else
        ob_put(b, ",\"listed\":false}\n", 17);
    return true;
}

/* Writes a document's entity lines; false on a write error. */
static bool write_mentions(run *R, const dg_doc_result *res, const char *doc)
{
    FILE *f = dg_outfile_stream(R->ent_out);
    obuf b = {R->ent_buf, 0, R->ent_cap};
    bool ok = true, oom = false;
    for (size_t i = 0; i < res->nmentions && ok; i++) {
        if (mention_line(&b, &res->mentions[i], doc, &oom))
            continue;
        if (oom) {
            ok = false;
            break;
        }
        if (b.len && fwrite(b.p, 1, b.len, f) != b.len)
            ok = false;
        b.len = 0;
        if (ok && dg_mention_write_json(&res->mentions[i], doc, f) != DG_OK)
            ok = false;
    }
    if (ok && b.len && fwrite(b.p, 1, b.len, f) != b.len)
        ok = false;
    R->ent_buf = b.p;
    R->ent_cap = b.cap;
    return ok && !ferror(f);
}

/* Writes one extracted document's results; false on a write error. */
static bool emit_slot(run *R, slot *s)
{
    dg_diags_print(s->diags, stderr);
    dg_diags_clear(s->diags);
    if (s->st != DG_OK) {
        fprintf(stderr, "dealgraph extract: %s: %s\n", s->doc.id, dg_status_str(s->st));
        R->failed = true;
        return false;
    }
    const dg_doc_result *res = &s->res;
    R->docs++;
    R->sentences += res->sentences;
    R->limit_hits += res->limit_hits;
    if (res->repaired) {
        R->repaired_docs++;
        R->repaired_seqs += res->repaired;
    }
    for (size_t i = 0; i < res->nmentions; i++)
        if (name_set_add(&R->orgs, res->mentions[i].canonical) != 0)
            return false;
    if (R->ent_out && !write_mentions(R, res, s->doc.id))
        return false;
    for (size_t i = 0; i < res->rels.n; i++) {
        const dg_relation *r = &res->rels.v[i];
        R->relations++;
        if (count_name(&R->types, r->type) != 0)
            return false;
        if (R->rel_out && dg_relation_write_json(r, dg_outfile_stream(R->rel_out)) != DG_OK)
            return false;
        if (R->graph && dg_graph_add(R->graph, r) != DG_OK)
            return false;
    }
    return true;
}

static bool emit_batch(run *R, batch *b)
{
    bool ok = true;
    for (size_t i = 0; i < b->n; i++) {
        if (ok && !emit_slot(R, &b->v[i]))
            ok = false;
        dg_doc_destroy(&b->v[i].doc);
        memset(&b->v[i].doc, 0, sizeof b->v[i].doc);
    }
    b->n = 0;
    b->bytes = 0;
    return ok;
}

static bool batch_reserve(batch *b)
{
    if (b->n < b->cap)
        return true;
    size_t cap = b->cap ? b->cap * 2 : 64;
    slot *v = realloc(b->v, cap * sizeof *v);
    if (!v)
        return false;
    for (size_t i = b->cap; i < cap; i++) {
        memset(&v[i], 0, sizeof v[i]);
        dg_doc_result_init(&v[i].res);
        v[i].diags = dg_diags_new();
        if (!v[i].diags) {
            b->v = v;
            b->cap = i;
            return false;
        }
    }
    b->v = v;
    b->cap = cap;
    return true;
}

static void batch_free(batch *b)
{
    for (size_t i = 0; i < b->cap; i++) {
        dg_doc_destroy(&b->v[i].doc);
        dg_doc_result_destroy(&b->v[i].res);
        dg_diags_free(b->v[i].diags);
    }
    free(b->v);
}

/* Fills b with the next documents; *more is false at the end of input. */
static dg_status fill(dg_reader *rd, batch *b, dg_diags *rdiags, bool *more)
{
    while (b->n < BATCH_DOCS && b->bytes < BATCH_BYTES) {
        if (!batch_reserve(b))
            return DG_ENOMEM;
        slot *s = &b->v[b->n];
        bool got = false;
        dg_status st = dg_reader_next(rd, &s->doc, &got, rdiags);
        dg_diags_print(rdiags, stderr);
        dg_diags_clear(rdiags);
        if (st != DG_OK)
            return st;
        if (!got) {
            *more = false;
            return DG_OK;
        }
        b->bytes += s->doc.len;
        b->n++;
    }
    return DG_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void print_summary(const run *R, const dg_reader_stats *st, double secs)
{
    size_t read = st->docs + st->skipped_total;
    fprintf(stderr, "dealgraph: %zu document%s read: %zu extracted", read, read == 1 ? "" : "s",
            R->docs);
    if (R->repaired_docs)
        fprintf(stderr, " (%zu with invalid UTF-8 repaired, %zu sequence%s)", R->repaired_docs,
                R->repaired_seqs, R->repaired_seqs == 1 ? "" : "s");
    fprintf(stderr, ", %zu skipped", st->skipped_total);
    if (st->skipped_total) {
        const char *sep = " (";
        for (int k = 0; k < DG_SKIP__COUNT; k++)
            if (st->skipped[k]) {
                fprintf(stderr, "%s%s %zu", sep, dg_skip_str((dg_skip)k), st->skipped[k]);
                sep = ", ";
            }
        fputc(')', stderr);
    }
    fputc('\n', stderr);
    fprintf(stderr, "dealgraph: %zu sentences, %zu organizations, %zu relations", R->sentences,
            R->orgs.n, R->relations);
    if (R->types) {
        const char *sep = " (";
        for (const name_ent *e = R->types; e; e = e->hh.next) {
            fprintf(stderr, "%s%s %zu", sep, e->name, e->count);
            sep = ", ";
        }
        fputc(')', stderr);
    }
    fputc('\n', stderr);
    if (R->limit_hits)
        fprintf(stderr, "dealgraph: %zu regex match%s stopped by pcre2 limits (see warnings)\n",
                R->limit_hits, R->limit_hits == 1 ? "" : "es");
    double mb = (double)st->bytes / 1e6;
    fprintf(stderr, "dealgraph: %.2f s, %.1f MB, %.1f MB/s\n", secs, mb,
            secs > 0 ? mb / secs : 0.0);
}

static void progress(const dg_reader_stats *st, double t0, double *last, bool end)
{
    double t = now();
    if (!end && t - *last < 0.5)
        return;
    *last = t;
    if (end) {
        fputs("\r\033[K", stderr);
        return;
    }
    double mb = (double)st->bytes / 1e6;
    fprintf(stderr, "\r\033[K%zu documents, %.1f MB, %.1f MB/s", st->docs, mb,
            t > t0 ? mb / (t - t0) : 0.0);
}

static int by_cost(const void *a, const void *b)
{
    const dg_rule_cost *x = a, *y = b;
    if (x->seconds != y->seconds)
        return x->seconds < y->seconds ? 1 : -1;
    return strcmp(x->id, y->id);
}

/* The profile: one TSV line per rule that searched at all, costliest first,
 * with its share of all rule time. */
static bool write_profile(FILE *f, const dg_ruleset *rs, dg_extractor *const *xs, size_t nx)
{
    size_t n = dg_ruleset_rule_count(rs);
    dg_rule_cost *c = calloc(n ? n : 1, sizeof *c);
    if (!c)
        return false;
    for (size_t i = 0; i < nx; i++)
        dg_extractor_add_costs(xs[i], c);
    qsort(c, n, sizeof *c, by_cost);
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += c[i].seconds;
    bool ok = fprintf(f, "seconds\tshare\tsearches\tmatches\tkind\trule\tplace\n") > 0;
    for (size_t i = 0; i < n && ok; i++)
        if (c[i].calls)
            ok = fprintf(f, "%.4f\t%.3f\t%lu\t%lu\t%s\t%s\t%s:%u\n", c[i].seconds,
                         total > 0 ? c[i].seconds / total : 0.0, c[i].calls, c[i].matches,
                         c[i].kind, c[i].id, c[i].file, c[i].line) > 0;
    free(c);
    return ok;
}

int dg_cmd_extract(int argc, char **argv)
{
    static const struct option own[] = {
        {"rules", required_argument, NULL, OPT_RULES},
        {"relations", required_argument, NULL, OPT_RELATIONS},
        {"entities", required_argument, NULL, OPT_ENTITIES},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
    };
    size_t nown = sizeof own / sizeof *own, ngraph = 0;
    while (dg_cli_graph_longopts[ngraph].name)
        ngraph++;
    struct option *longopts = calloc(nown + ngraph + 1, sizeof *longopts);
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    dg_cli_graph_args *ga = dg_cli_graph_args_new();
    dg_diags *rdiags = dg_diags_new();
    const char *rel_path = NULL, *ent_path = NULL, *prof_path = NULL;
    dg_outfile *prof_out = NULL;
    size_t ndirs = 0;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    bool quiet = false;
    int rc = DG_EXIT_FAIL;
    dg_ruleset *rs = NULL;
    dg_reader *rd = NULL;
    run R = {0};
    pool P = {0};
    worker_arg *wargs = NULL;
    batch B[3] = {{0}};
    bool pool_up = false;
    if (!longopts || !dirs || !ga || !rdiags) {
        fprintf(stderr, "dealgraph extract: out of memory\n");
        goto cleanup;
    }
    memcpy(longopts, own, sizeof own);
    memcpy(longopts + nown, dg_cli_graph_longopts, ngraph * sizeof *longopts);

    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_RULES: dirs[ndirs++] = optarg; break;
        case OPT_RELATIONS: rel_path = optarg; break;
        case OPT_ENTITIES: ent_path = optarg; break;
        case OPT_PROFILE: prof_path = optarg; break;
        case 'q': quiet = true; break;
        case 'j': {
            char *end;
            errno = 0;
            jobs = strtol(optarg, &end, 10);
            if (errno || *end || jobs < 1 || jobs > 1024) {
                fprintf(stderr, "dealgraph extract: -j takes a number from 1 to 1024, not '%s'\n",
                        optarg);
                rc = DG_EXIT_USAGE;
                goto cleanup;
            }
            break;
        }
        case 'h':
            fputs(extract_usage, stdout);
            fputs(dg_cli_graph_help, stdout);
            rc = DG_EXIT_OK;
            goto cleanup;
        default: {
            int h = c >= 1000 ? dg_cli_graph_args_handle(ga, c, optarg) : 0;
            if (h == 1)
                break;
            if (h == 0)
                fputs(extract_usage, stderr), fputs(dg_cli_graph_help, stderr);
            rc = DG_EXIT_USAGE;
            goto cleanup;
        }
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "dealgraph extract: no input (give files, directories or -)\n\n");
        fputs(extract_usage, stderr);
        rc = DG_EXIT_USAGE;
        goto cleanup;
    }
    if (jobs < 1)
        jobs = 1;

    /* Rules first: a broken rule set stops the run before any output file
     * is touched. */
    if (!(rs = dg_cli_load_rules(dirs, ndirs, false, "extract"))) {
        rc = DG_EXIT_USAGE;
        goto cleanup;
    }
    R.rs = rs;
    dg_outfile_install_signal_cleanup();
    if (rel_path && dg_outfile_open(rel_path, &R.rel_out, rdiags) != DG_OK)
        goto io_fail;
    if (ent_path && dg_outfile_open(ent_path, &R.ent_out, rdiags) != DG_OK)
        goto io_fail;
    if (prof_path && dg_outfile_open(prof_path, &prof_out, rdiags) != DG_OK)
        goto io_fail;
    if (dg_cli_graph_args_wanted(ga) &&
        dg_graph_new(dg_cli_graph_args_opts(ga), &R.graph) != DG_OK) {
        fprintf(stderr, "dealgraph extract: cannot set up the graph\n");
        goto cleanup;
    }
    if (dg_reader_new((const char *const *)argv + optind, (size_t)(argc - optind), NULL, &rd) !=
        DG_OK) {
        fprintf(stderr, "dealgraph extract: out of memory\n");
        goto cleanup;
    }

    /* workers */
    P.nth = (size_t)jobs;
    P.th = calloc(P.nth, sizeof *P.th);
    P.xs = calloc(P.nth, sizeof *P.xs);
    wargs = calloc(P.nth, sizeof *wargs);
    if (!P.th || !P.xs || !wargs) {
        fprintf(stderr, "dealgraph extract: out of memory\n");
        goto cleanup;
    }
    for (size_t i = 0; i < P.nth; i++)
        if ((i ? dg_extractor_new_sibling(P.xs[0], &P.xs[i]) : dg_extractor_new(rs, &P.xs[i])) !=
                DG_OK ||
            (prof_out && dg_extractor_profile(P.xs[i]) != DG_OK)) {
            fprintf(stderr, "dealgraph extract: out of memory\n");
            goto cleanup;
        }
    pthread_mutex_init(&P.mu, NULL);
    pthread_cond_init(&P.work, NULL);
    pthread_cond_init(&P.done, NULL);
    pool_up = true;
    for (size_t i = 0; i < P.nth; i++) {
        wargs[i] = (worker_arg){&P, i};
        if (pthread_create(&P.th[i], NULL, worker, &wargs[i]) != 0) {
            fprintf(stderr, "dealgraph extract: cannot start thread %zu\n", i);
            P.nth = i;
            goto cleanup;
        }
    }

    bool show = !quiet && isatty(STDERR_FILENO);
    double t0 = now(), last = t0;
    /* Three batches in a ring: while the workers extract batch `cur`, this
     * thread writes the results of the batch before it and reads the one
     * after it, so reading, extracting and writing overlap. Output order is
     * still reading order: batches are emitted in the order they were
     * filled. */
    bool more = true, ok = true;
    int cur = 0, prev = -1;
    dg_status st = fill(rd, &B[cur], rdiags, &more);
    while (st == DG_OK && B[cur].n > 0) {
        int next = (cur + 1) % 3;
        pool_start(&P, &B[cur]);
        if (prev >= 0 && !emit_batch(&R, &B[prev]))
            ok = false;
        if (ok && more)
            st = fill(rd, &B[next], rdiags, &more);
        pool_wait(&P);
        if (!ok)
            break;
        if (show)
            progress(dg_reader_stats_get(rd), t0, &last, false);
        prev = cur;
        cur = next;
    }
    if (ok && st == DG_OK && prev >= 0 && !emit_batch(&R, &B[prev]))
        ok = false;
    if (show)
        progress(dg_reader_stats_get(rd), t0, &last, true);
    if (st != DG_OK) {
        fprintf(stderr, "dealgraph extract: %s\n", dg_status_str(st));
        goto cleanup;
    }
    if (!ok) {
        if (!R.failed)
            fprintf(stderr, "dealgraph extract: a write failed (%s)\n", strerror(errno));
        goto io_fail;
    }
    /* Commit outputs only after everything was read and extracted. */
    if (R.rel_out) {
        dg_outfile *o = R.rel_out;
        R.rel_out = NULL;
        if (dg_outfile_commit(o, rdiags) != DG_OK)
            goto io_fail;
    }
    if (R.ent_out) {
        dg_outfile *o = R.ent_out;
        R.ent_out = NULL;
        if (dg_outfile_commit(o, rdiags) != DG_OK)
            goto io_fail;
    }
    if (R.graph && dg_cli_graph_write_outputs(ga, R.graph, rdiags) != 0)
        goto io_fail;
    if (prof_out) {
        /* the workers are idle between batches: their counters are final */
        bool written = write_profile(dg_outfile_stream(prof_out), rs, P.xs, P.nth);
        dg_outfile *o = prof_out;
        prof_out = NULL;
        if (!written) {
            dg_outfile_abort(o);
            fprintf(stderr, "dealgraph extract: %s: %s\n", prof_path, strerror(errno));
            goto io_fail;
        }
        if (dg_outfile_commit(o, rdiags) != DG_OK)
            goto io_fail;
    }
    const dg_reader_stats *rst = dg_reader_stats_get(rd);
    HASH_SORT(R.types, by_name);
    if (!quiet)
        print_summary(&R, rst, now() - t0);
    rc = rst->skipped_total ? DG_EXIT_SKIPPED : DG_EXIT_OK;
    goto cleanup;

io_fail:
    dg_diags_print(rdiags, stderr);
    fprintf(stderr, "dealgraph extract: output not written\n");
    rc = DG_EXIT_FAIL;
cleanup:
    if (pool_up) {
        pthread_mutex_lock(&P.mu);
        P.quit = true;
        pthread_cond_broadcast(&P.work);
        pthread_mutex_unlock(&P.mu);
        for (size_t i = 0; i < P.nth; i++)
            pthread_join(P.th[i], NULL);
        pthread_mutex_destroy(&P.mu);
        pthread_cond_destroy(&P.work);
        pthread_cond_destroy(&P.done);
    }
    for (size_t i = 0; P.xs && i < (size_t)jobs; i++)
        dg_extractor_free(P.xs[i]);
    free(P.xs);
    free(P.th);
    free(wargs);
    for (int i = 0; i < 3; i++)
        batch_free(&B[i]);
    dg_outfile_abort(R.rel_out);
    dg_outfile_abort(R.ent_out);
    dg_outfile_abort(prof_out);
    if (R.graph)
        dg_graph_free(R.graph);
    name_set_free(&R.orgs);
    free(R.ent_buf);
    free_names(&R.types);
    if (rd)
        dg_reader_free(rd);
    if (rs)
        dg_ruleset_free(rs);
    dg_diags_free(rdiags);
    if (ga)
        dg_cli_graph_args_free(ga);
    free(dirs);
    free(longopts);
    return rc;
}
