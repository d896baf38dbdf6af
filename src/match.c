/* Searching one rule pattern in a sentence, fast: the fast path of each
 * pattern (candidate starts, required tails, a JIT copy made on first use),
 * the cache siblings share, per-rule costs for --profile, and the loop over
 * every match of the triggered rules of a kind (dg_i_each_match). */
#include "extract_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How a pattern is searched. pcre2 cannot skip ahead in a pattern that
 * opens with a Unicode property (\p{Lu}...), so its JIT code tries every
 * character of the sentence, running the pattern's leading lookarounds (long
 * word lists) at each. When startset.c can tell where a match may begin,
 * the pattern is compiled a second time, anchored, and tried only at those
 * positions, in order: an unanchored search is exactly the first success of
 * anchored attempts at each character from the start offset (pcre2 resets
 * its match limit at each), so the results are the same.
 *
 * A required tail (a regex every match is followed by, see startset.c),
 * searched unanchored, rules out every start after its last match. Whether
 * a tail pays is measured on the pattern's first calls (ACC_TRIAL): the
 * cheapest of "no tail" and each tail, in time, is kept. Output never
 * depends on the choice, only speed does. The start set and the anchored
 * copy are computed once for all sibling extractors (dg_accel_cache); the
 * tails and the trial are each thread's own. */
#define ACC_TRIAL 64

/* What a pattern's fast path needs that does not depend on the thread:
 * computed once, under the cache's lock, by the first extractor to use the
 * pattern, and then read by every extractor of the cache. */
typedef struct dg_accel_shared {
    bool done;
    bool usable;       /* the start set could be computed */
    uint32_t opts;     /* the pattern's compile options */
    pcre2_code *anch;  /* the pattern compiled with PCRE2_ANCHORED when candidate
                        * starts pay, else NULL */
    bool jit;          /* anch is JIT-compiled */
    bool try_plain;    /* anch set on a pattern pcre2 skips ahead in */
    dg_startset ss;    /* first characters, leading lookbehind, tails */
    pcre2_code *plain; /* a JIT-compiled copy of the pattern's code, or NULL */
} dg_accel_shared;

/* Shared by an extractor and its siblings (dg_extractor_new_sibling): one
 * compiled fast path per pattern for all threads (pcre2 code is safe to
 * match from several threads; match data stays per extractor). */
struct dg_accel_cache {
    pthread_mutex_t mu;
    size_t refs; /* extractors using it */
    size_t n;
    dg_accel_shared *v; /* per pattern, as dg_extractor.accel */
};

struct dg_accel {
    int state;         /* ACC_* */
    const dg_accel_shared *sh;
    pcre2_code *tails[DG_STARTSET_TAILS];
    dg_tailgap gaps[DG_STARTSET_TAILS]; /* gaps[k] belongs to tails[k] */
    bool tail_jit[DG_STARTSET_TAILS];
    size_t ntails;
    int req;           /* the tail used, or -1 */
    unsigned trials;   /* calls measured so far */
    double t_main, t_tail[DG_STARTSET_TAILS], t_rest[DG_STARTSET_TAILS];
    bool try_plain;    /* ACC_STARTS on a pattern pcre2 skips ahead in: the trial
                        * also times the plain search, which may win */
    double t_plain;
};

dg_accel_cache *dg_i_accel_cache_new(size_t n)
{
    dg_accel_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->v = calloc(n ? n : 1, sizeof *c->v);
    if (!c->v || pthread_mutex_init(&c->mu, NULL) != 0) {
        free(c->v);
        free(c);
        return NULL;
    }
    c->n = n;
    c->refs = 1;
    return c;
}

/* Drops one extractor's hold; the last one frees the cache. */
void dg_i_accel_cache_release(dg_accel_cache *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    bool last = --c->refs == 0;
    pthread_mutex_unlock(&c->mu);
    if (!last)
        return;
    for (size_t i = 0; i < c->n; i++) {
        pcre2_code_free(c->v[i].anch);
        pcre2_code_free(c->v[i].plain);
        dg_i_startset_destroy(&c->v[i].ss);
    }
    pthread_mutex_destroy(&c->mu);
    free(c->v);
    free(c);
}

void dg_i_accel_cache_hold(dg_accel_cache *c)
{
    pthread_mutex_lock(&c->mu);
    c->refs++;
    pthread_mutex_unlock(&c->mu);
}

dg_accel *dg_i_accels_new(size_t npats)
{
    return calloc(npats ? npats : 1, sizeof(dg_accel));
}

void dg_i_accels_free(dg_accel *a, size_t npats)
{
    if (!a)
        return;
    for (size_t i = 0; i < npats; i++)
        for (size_t k = 0; k < a[i].ntails; k++)
            pcre2_code_free(a[i].tails[k]);
    free(a);
}

enum { ACC_NEW = 0, ACC_PLAIN, ACC_STARTS, ACC_REQ };

/* JIT-compiles code; true when it is. */
static bool jit_compile(pcre2_code *code)
{
    size_t jitsize = 0;
    return pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0 &&
           pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &jitsize) == 0 && jitsize > 0;
}

/* Compiles re (JIT too when jit is non-NULL; *jit tells whether it is). */
static pcre2_code *compile_jit(const char *re, uint32_t opts, bool *jit)
{
    int ec;
    PCRE2_SIZE eoff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, strlen(re), opts, &ec, &eoff, NULL);
    if (code && jit)
        *jit = jit_compile(code);
    return code;
}

/* true when pcre2 can skip ahead to where a match may start */
static bool skips_ahead(const pcre2_code *code)
{
    uint32_t fct = 0;
    const uint8_t *bitmap = NULL;
    return pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &fct) == 0 &&
           pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 &&
           (fct != 0 || bitmap);
}

/* The start set and, when candidate starts pay, the anchored copy. */
static void anchored_prepare(dg_accel_shared *sh, const dg_pattern *p)
{
    uint32_t groups = 0, groups2 = 0;
    if (!p->code || !p->expanded ||
        pcre2_pattern_info(p->code, PCRE2_INFO_ARGOPTIONS, &sh->opts) ||
        pcre2_pattern_info(p->code, PCRE2_INFO_CAPTURECOUNT, &groups) ||
        (sh->opts & PCRE2_ANCHORED))
        return;
    if (!dg_i_startset_compute(p->expanded, strlen(p->expanded), sh->opts, &sh->ss))
        return;
    sh->usable = true;
    size_t nfirst = 0, nrej = 0;
    for (unsigned b = 0; b < 256; b++)
        nfirst += sh->ss.first[b];
    for (unsigned b = 0; b < 128; b++)
        nrej += sh->ss.rej[b];
    /* Trying nearly every position gains nothing. pcre2 skips ahead by
     * itself when it knows the first code unit or has a start bitmap: then
     * candidate starts only help through the leading lookbehind (rej), and
     * the trial tells whether they do. */
    uint32_t fct = 0;
    bool skips = skips_ahead(p->code);
    if (pcre2_pattern_info(p->code, PCRE2_INFO_FIRSTCODETYPE, &fct) == 0 && fct == 0 &&
        ((!skips && (nfirst <= 160 || nrej > 0)) || (skips && nrej > 0))) {
        pcre2_code *code = compile_jit(p->expanded, sh->opts | PCRE2_ANCHORED, &sh->jit);
        if (code && pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups2) == 0 &&
            groups2 == groups) {
            sh->anch = code;
            sh->try_plain = skips;
            return;
        }
        pcre2_code_free(code);
    }
}

/* The thread-independent part of a pattern's fast path (see
 * dg_accel_shared); the caller holds the cache's lock. */
static void shared_prepare(dg_accel_shared *sh, const dg_pattern *p)
{
    sh->done = true;
    anchored_prepare(sh, p);
    /* JIT compiling all patterns at load took most of the start-up (0.7 of
     * 0.85 s) while a short run uses few of them: each is compiled here, on
     * its first search, before any match, so every match runs the same code
     * whatever the run. A copy, because other threads read p->code. Not when
     * only the anchored copy is ever searched (candidate starts, and no
     * trial of the plain search). */
    if ((!sh->anch || sh->try_plain) && p->code && (sh->plain = pcre2_code_copy(p->code)) != NULL)
        (void)jit_compile(sh->plain);
}

/* This extractor's fast path for pattern k: the shared part (computed on
 * first use by any sibling), then its own tails, which the trial times and
 * JIT-compiles per thread. */
static void accel_prepare(dg_extractor *x, dg_accel *a, size_t k, const dg_pattern *p)
{
    dg_accel_shared *sh = &x->cache->v[k];
    pthread_mutex_lock(&x->cache->mu);
    if (!sh->done)
        shared_prepare(sh, p);
    pthread_mutex_unlock(&x->cache->mu);
    a->sh = sh;
    a->state = ACC_PLAIN;
    a->req = -1;
    if (!sh->usable)
        return;
    for (size_t i = 0; i < sh->ss.ntails; i++) {
        /* JIT compiling costs more than the trial: only the tail kept is */
        uint32_t minlen = 0;
        pcre2_code *c = compile_jit(sh->ss.tails[i], sh->opts, NULL);
        if (c && skips_ahead(c) && pcre2_pattern_info(c, PCRE2_INFO_MINLENGTH, &minlen) == 0 &&
            minlen >= 2) {
            a->tail_jit[a->ntails] = false;
            a->gaps[a->ntails] = sh->ss.gaps[i];
            a->tails[a->ntails++] = c;
        } else {
            pcre2_code_free(c);
        }
    }
    if (sh->anch) {
        a->state = ACC_STARTS;
        a->try_plain = sh->try_plain;
    } else if (a->ntails) {
        a->state = ACC_REQ;
    }
}

/* The start of the first match of tail k at or after `from`; n when there
 * is none; `from` when the search failed otherwise (nothing is ruled out). */
static size_t tail_next(dg_extractor *x, const dg_accel *a, int k, const char *s, size_t n,
                        size_t from)
{
    int rc = a->tail_jit[k] ? pcre2_jit_match(a->tails[k], (PCRE2_SPTR)s, n, from,
                                              PCRE2_NO_UTF_CHECK, x->md, x->mctx)
                            : pcre2_match(a->tails[k], (PCRE2_SPTR)s, n, from,
                                          PCRE2_NO_UTF_CHECK, x->md, x->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return n;
    if (rc < 0)
        return from;
    return pcre2_get_ovector_pointer(x->md)[0];
}

/* A white-space character for pcre2's \s under UCP, at u[0] (a lead
 * byte >= 0x80 of valid UTF-8). */
static bool uspace(const unsigned char *u)
{
    switch (u[0]) {
    case 0xC2: return u[1] == 0x85 || u[1] == 0xA0;
    case 0xE1: return (u[1] == 0x9A && u[2] == 0x80) || (u[1] == 0xA0 && u[2] == 0x8E);
    case 0xE2:
        return (u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF)) ||
               (u[1] == 0x81 && u[2] == 0x9F);
    case 0xE3: return u[1] == 0x80 && u[2] == 0x80;
    default: return false;
    }
}

/* Can a match that starts at a reach a tail match at b? Only if the text
 * between is made of characters the pattern consumes before the tail, with
 * no more runs of white space than it can consume (dg_tailgap). */
static bool gap_ok(const dg_tailgap *g, const unsigned char *u, size_t a, size_t b)
{
    uint32_t runs = 0;
    bool in = false;
    for (size_t i = a; i < b;) {
        unsigned c = u[i];
        bool sp;
        if (c < 128) {
            if (!g->chars[c])
                return false;
            sp = c == ' ' || (c >= 9 && c <= 13);
            i++;
        } else {
            if (!g->hi)
                return false;
            sp = uspace(u + i);
            i += c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        }
        if (sp && !in && ++runs > g->ws)
            return false;
        in = sp;
    }
    return true;
}

static double now_sec(void);

/* tail_next, timed into *tt when tt is set (trials). */
static size_t tail_next_t(dg_extractor *x, const dg_accel *a, int k, const char *s, size_t n,
                          size_t from, double *tt)
{
    if (!tt)
        return tail_next(x, a, k, s, n, from);
    double t0 = now_sec();
    size_t q = tail_next(x, a, k, s, n, from);
    *tt += now_sec() - t0;
    return q;
}

/* Anchored attempts at the candidate starts from `start`; tail k (or -1)
 * prunes them. tt: see tail_next_t. */
static int starts_match(dg_extractor *x, const dg_accel *a, int k, const char *s, size_t n,
                        size_t start, double *tt)
{
    const unsigned char *u = (const unsigned char *)s;
    const bool *first = a->sh->ss.first, *rej = a->sh->ss.rej;
    size_t q = k >= 0 ? tail_next_t(x, a, k, s, n, start, tt) : start;
    if (q >= n)
        return PCRE2_ERROR_NOMATCH;
    for (size_t i = start; i < n; i++) {
        if (!first[u[i]] || (i > 0 && u[i - 1] < 128 && rej[u[i - 1]]))
            continue;
        if (k >= 0) {
            if (i > q) {
                q = tail_next_t(x, a, k, s, n, i, tt);
                if (q >= n)
                    return PCRE2_ERROR_NOMATCH;
            }
            if (!gap_ok(&a->gaps[k], u, i, q))
                continue;
        }
        const dg_accel_shared *sh = a->sh;
        int rc = sh->jit ? pcre2_jit_match(sh->anch, (PCRE2_SPTR)s, n, i, PCRE2_NO_UTF_CHECK,
                                           x->md, x->mctx)
                         : pcre2_match(sh->anch, (PCRE2_SPTR)s, n, i, PCRE2_NO_UTF_CHECK, x->md,
                                       x->mctx);
        if (rc != PCRE2_ERROR_NOMATCH)
            return rc;
    }
    return PCRE2_ERROR_NOMATCH;
}

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The code to search with: the JIT copy, or the interpreted original when
 * the copy could not be made (the results are the same). */
static const pcre2_code *plain_code(const dg_accel *a, const dg_pattern *p)
{
    return a->sh && a->sh->plain ? a->sh->plain : p->code;
}

static int main_match(dg_extractor *x, const dg_accel *a, const dg_pattern *p, int k,
                      const char *s, size_t n, size_t start)
{
    if (a->state == ACC_STARTS)
        return starts_match(x, a, k, s, n, start, NULL);
    if (k >= 0 && tail_next(x, a, k, s, n, start) >= n)
        return PCRE2_ERROR_NOMATCH;
    return pcre2_match(plain_code(a, p), (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK, x->md,
                       x->mctx);
}

/* After the trial: keeps the cheapest tail (or none), JIT-compiled. The
 * tails ran interpreted: count on the JIT being about 4 times faster. */
static void trial_decide(dg_accel *a)
{
    if (a->try_plain && a->t_plain <= a->t_main) {
        double best = a->t_plain;
        bool any = false;
        for (size_t k = 0; k < a->ntails; k++)
            any |= a->t_tail[k] < best;
        if (!any) {
            /* the plain search wins: back to it (tails only ever pruned
             * candidate starts) */
            for (size_t k = 0; k < a->ntails; k++) {
                pcre2_code_free(a->tails[k]);
                a->tails[k] = NULL;
            }
            a->ntails = 0;
            a->state = ACC_PLAIN; /* the anchored copy stays for the siblings */
            return;
        }
    }
    double best = a->t_main * 0.9;
    for (size_t k = 0; k < a->ntails; k++) {
        double cost = a->state == ACC_STARTS ? a->t_tail[k] : a->t_tail[k] / 4 + a->t_rest[k];
        if (cost < best) {
            best = cost;
            a->req = (int)k;
        }
    }
    for (size_t k = 0; k < a->ntails; k++)
        if ((int)k != a->req) {
            pcre2_code_free(a->tails[k]);
            a->tails[k] = NULL;
        }
    if (a->req >= 0)
        a->tail_jit[a->req] = jit_compile(a->tails[a->req]);
    if (a->req < 0 && a->state == ACC_REQ)
        a->state = ACC_PLAIN;
}

/* One measured call: every tail, then the search without one. With
 * candidate starts the search with each tail is timed whole (the tail also
 * prunes starts); otherwise the tail alone and the rest. */
static int trial_match(dg_extractor *x, dg_accel *a, const dg_pattern *p, const char *s,
                       size_t n, size_t start)
{
    if (a->state == ACC_STARTS) {
        for (size_t k = 0; k < a->ntails; k++) {
            double tt = 0, t0 = now_sec();
            (void)starts_match(x, a, (int)k, s, n, start, &tt);
            /* the tail searches ran interpreted (see trial_decide) */
            a->t_tail[k] += now_sec() - t0 - tt + tt / 4;
        }
        if (a->try_plain) {
            double t0 = now_sec();
            (void)pcre2_match(plain_code(a, p), (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK,
                              x->md, x->mctx);
            a->t_plain += now_sec() - t0;
        }
        double t0 = now_sec();
        int rc = starts_match(x, a, -1, s, n, start, NULL);
        a->t_main += now_sec() - t0;
        if (++a->trials == ACC_TRIAL)
            trial_decide(a);
        return rc;
    }
    bool killed[DG_STARTSET_TAILS];
    for (size_t k = 0; k < a->ntails; k++) {
        double t0 = now_sec();
        killed[k] = tail_next(x, a, (int)k, s, n, start) >= n;
        a->t_tail[k] += now_sec() - t0;
    }
    double t0 = now_sec();
    int rc = main_match(x, a, p, -1, s, n, start);
    double dt = now_sec() - t0;
    a->t_main += dt;
    for (size_t k = 0; k < a->ntails; k++)
        if (!killed[k])
            a->t_rest[k] += dt;
    if (++a->trials == ACC_TRIAL)
        trial_decide(a);
    return rc;
}

/* pcre2_match(p, s, n, start) with PCRE2_NO_UTF_CHECK, through the
 * anchored copy at candidate positions and a required tail when they pay. */
static int pattern_match(dg_extractor *x, const dg_rule *r, const dg_pattern *p, const char *s,
                         size_t n, size_t start)
{
    size_t k = x->pat_base[r - x->rs->rules] + (size_t)(p - r->pats);
    dg_accel *a = &x->accel[k];
    if (a->state == ACC_NEW)
        accel_prepare(x, a, k, p);
    if (a->state == ACC_PLAIN)
        return pcre2_match(plain_code(a, p), (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK, x->md,
                           x->mctx);
    if ((a->ntails || a->try_plain) && a->trials < ACC_TRIAL)
        return trial_match(x, a, p, s, n, start);
    return main_match(x, a, p, a->req, s, n, start);
}

int dg_i_run_match(dg_extractor *x, const dg_rule *r, const dg_pattern *p, const char *s,
                   size_t n, size_t start)
{
    int rc;
    if (x->cost_sec) {
        size_t ri = (size_t)(r - x->rs->rules);
        double t0 = now_sec();
        rc = pattern_match(x, r, p, s, n, start);
        x->cost_sec[ri] += now_sec() - t0;
        x->cost_calls[ri]++;
        x->cost_hits[ri] += rc >= 0;
    } else {
        rc = pattern_match(x, r, p, s, n, start);
    }
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
        x->limit_hits++;
        if (x->diags)
            dg_diags_add(x->diags, DG_SEV_WARNING, x->doc_id, 0, 0, r->id,
                         "%s:%u: rule %s stopped by a regex limit on a sentence (%s); the "
                         "run goes on",
                         r->file, p->line, r->id,
                         rc == PCRE2_ERROR_MATCHLIMIT ? "match limit" : "depth limit");
        if (x->trace)
            fprintf(x->trace, "    ! rule %s stopped by a regex limit\n", r->id);
    }
    return rc;
}

/* Calls fn(x, rule, pattern, ovector, ctx) for every match, left to right,
 * of every pattern of the rules of kind k this sentence triggered. */
void dg_i_each_match(dg_extractor *x, dg_rule_kind k, const char *s, size_t n, dg_i_match_fn fn,
                     void *ctx)
{
    const dg_ruleset *rs = x->rs;
    for (size_t ri = rs->kind_start[k]; ri < rs->kind_start[k + 1]; ri++) {
        const dg_rule *r = &rs->rules[ri];
        if (!r->always && !x->cand[ri])
            continue;
        for (size_t pi = 0; pi < r->npats; pi++)
            for (size_t at = 0; at < n;) {
                if (dg_i_run_match(x, r, &r->pats[pi], s, n, at) < 0)
                    break;
                const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
                at = ov[1] > at ? ov[1] : at + 1;
                fn(x, r, &r->pats[pi], ov, ctx);
            }
    }
}
