/* Extraction: for each sentence of a document, organizations (lists,
 * patterns, names the document defines, coreference in coref.c), money and
 * percent mentions, then relation rules over the masked sentence, vetoes and
 * status cues; facts (facts.c) fill in what other sentences state; relations
 * are merged per document. Each pattern search goes through match.c. When
 * x->trace is set the steps are narrated for `dealgraph explain`. */
#include "extract_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* pcre2 limits: a user regex that backtracks catastrophically stops here and
 * is reported; the run goes on. */
#define DG_MATCH_LIMIT 1000000u
#define DG_DEPTH_LIMIT 10000u

void dg_doc_result_init(dg_doc_result *r)
{
    memset(r, 0, sizeof *r);
    dg_relations_init(&r->rels);
}

/* A mention's strings share one allocation that starts with canonical
 * (see emit_mentions): one malloc per mention instead of six. */
static void mention_free(dg_mention *m)
{
    free(m->canonical);
}

void dg_doc_result_clear(dg_doc_result *r)
{
    dg_relations_clear(&r->rels);
    for (size_t i = 0; i < r->nmentions; i++)
        mention_free(&r->mentions[i]);
    r->nmentions = 0;
    r->sentences = 0;
    r->repaired = 0;
    r->limit_hits = 0;
}

void dg_doc_result_destroy(dg_doc_result *r)
{
    dg_doc_result_clear(r);
    dg_relations_destroy(&r->rels);
    free(r->mentions);
    memset(r, 0, sizeof *r);
}

static dg_status extractor_new(const dg_ruleset *rs, dg_accel_cache *cache, dg_extractor **out)
{
    *out = NULL;
    dg_extractor *x = calloc(1, sizeof *x);
    if (!x)
        return DG_ENOMEM;
    x->rs = rs;
    size_t npats = 0;
    x->pat_base = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->pat_base);
    for (size_t i = 0; x->pat_base && i < rs->nrules; i++) {
        x->pat_base[i] = npats;
        npats += rs->rules[i].npats;
    }
    if (cache) {
        dg_i_accel_cache_hold(cache);
        x->cache = cache;
    } else {
        x->cache = dg_i_accel_cache_new(npats);
    }
    x->accel = dg_i_accels_new(npats);
    dg_spans_init(&x->sents);
    dg_tokens_init(&x->toks);
    dg_buf_init(&x->masked);
    dg_buf_init(&x->scratch);
    dg_tokens_init(&x->ntoks);
    dg_buf_init(&x->keybuf);
    memset(&x->text, 0, sizeof x->text);
    x->md = pcre2_match_data_create((uint32_t)(rs->max_groups + 1), NULL);
    x->mctx = pcre2_match_context_create(NULL);
    x->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    x->cand = calloc(rs->nrules ? rs->nrules : 1, 1);
    x->lists = calloc(rs->nlists ? rs->nlists : 1, sizeof *x->lists);
    if (!x->md || !x->mctx || !x->jit || !x->cand || !x->lists || !x->pat_base || !x->accel ||
        !x->cache) {
        dg_extractor_free(x);
        return DG_ENOMEM;
    }
    for (size_t i = 0; i < rs->nlists; i++) {
        dg_status st = dg_i_wordset_new(&rs->lists[i], &x->lists[i]);
        if (st != DG_OK) {
            dg_extractor_free(x);
            return st;
        }
    }
    x->first_names = dg_i_ruleset_list(rs, "FIRST_NAMES");
    x->person_title = dg_i_ruleset_list(rs, "PERSON_TITLE");
    x->number_words = dg_i_ruleset_list(rs, "NUMBER_WORDS");
    x->index_after = dg_i_ruleset_list(rs, "INDEX_AFTER");
    x->verb_after_name = dg_i_ruleset_list(rs, "VERB_AFTER_NAME");
    x->places = dg_i_ruleset_list(rs, "PLACES");
    x->clause_break = dg_i_ruleset_list(rs, "CLAUSE_BREAK");
    x->not_org = dg_i_ruleset_list(rs, "NOT_ORG");
    x->calendar = dg_i_ruleset_list(rs, "CALENDAR");
    x->demonyms = dg_i_ruleset_list(rs, "ORG_DEMONYM");
    x->org_adj = dg_i_ruleset_list(rs, "ORG_ADJ");
    x->org_head = dg_i_ruleset_list(rs, "ORG_HEAD");
    x->descriptor = dg_i_ruleset_list(rs, "DESCRIPTOR");
    pcre2_set_match_limit(x->mctx, DG_MATCH_LIMIT);
    pcre2_set_depth_limit(x->mctx, DG_DEPTH_LIMIT);
    pcre2_jit_stack_assign(x->mctx, NULL, x->jit);
    *out = x;
    return DG_OK;
}

dg_status dg_extractor_new(const dg_ruleset *rs, dg_extractor **out)
{
    return extractor_new(rs, NULL, out);
}

dg_status dg_extractor_new_sibling(dg_extractor *sibling, dg_extractor **out)
{
    return extractor_new(sibling->rs, sibling->cache, out);
}

dg_status dg_extractor_profile(dg_extractor *x)
{
    if (x->cost_sec)
        return DG_OK;
    size_t n = x->rs->nrules ? x->rs->nrules : 1;
    x->cost_sec = calloc(n, sizeof *x->cost_sec);
    x->cost_calls = calloc(n, sizeof *x->cost_calls);
    x->cost_hits = calloc(n, sizeof *x->cost_hits);
    if (!x->cost_sec || !x->cost_calls || !x->cost_hits) {
        free(x->cost_sec);
        free(x->cost_calls);
        free(x->cost_hits);
        x->cost_sec = NULL;
        x->cost_calls = x->cost_hits = NULL;
        return DG_ENOMEM;
    }
    return DG_OK;
}

size_t dg_ruleset_rule_count(const dg_ruleset *rs)
{
    return rs->nrules;
}

void dg_extractor_add_costs(const dg_extractor *x, dg_rule_cost *costs)
{
    for (size_t i = 0; i < x->rs->nrules; i++) {
        const dg_rule *r = &x->rs->rules[i];
        dg_rule_cost *c = &costs[i];
        c->id = r->id;
        c->kind = dg_i_kind_word(r->kind);
        c->file = r->file;
        c->line = r->line;
        if (x->cost_sec) {
            c->seconds += x->cost_sec[i];
            c->calls += x->cost_calls[i];
            c->matches += x->cost_hits[i];
        }
    }
}

static void pool_clear(dg_extractor *x)
{
    for (size_t i = 0; i < x->npool; i++)
        free(x->pool[i]);
    x->npool = 0;
    for (size_t i = 0; i < x->nlocals; i++)
        free(x->locals[i].lens); /* the key lives in the same block */
    x->nlocals = 0;
    memset(x->local_filter, 0, sizeof x->local_filter);
    x->nseen = 0;
    x->norigins = 0;
}

void dg_extractor_free(dg_extractor *x)
{
    if (!x)
        return;
    pool_clear(x);
    if (x->accel && x->pat_base) {
        size_t npats = x->rs->nrules ? x->pat_base[x->rs->nrules - 1] +
                                           x->rs->rules[x->rs->nrules - 1].npats
                                     : 0;
        dg_i_accels_free(x->accel, npats);
    } else {
        free(x->accel);
    }
    dg_i_accel_cache_release(x->cache);
    free(x->pat_base);
    free(x->facts);
    free(x->relmeta);
    free(x->cost_sec);
    free(x->cost_calls);
    free(x->cost_hits);
    free(x->pool);
    free(x->locals);
    free(x->seen);
    free(x->origins);
    pcre2_match_data_free(x->md);
    pcre2_match_context_free(x->mctx);
    pcre2_jit_stack_free(x->jit);
    dg_text_destroy(&x->text);
    dg_spans_destroy(&x->sents);
    dg_tokens_destroy(&x->toks);
    dg_buf_destroy(&x->masked);
    dg_buf_destroy(&x->scratch);
    dg_tokens_destroy(&x->ntoks);
    dg_buf_destroy(&x->keybuf);
    for (size_t i = 0; x->lists && i < x->rs->nlists; i++)
        dg_i_wordset_free(x->lists[i]);
    free(x->lists);
    free(x->voc);
    free(x->cand);
    free(x->ments);
    free(x);
}

/* Keeps s until the end of the document; returns it, or NULL on OOM. */
const char *dg_i_pool_keep(dg_extractor *x, char *s)
{
    if (!s)
        return NULL;
    if (x->npool == x->cappool) {
        size_t cap = x->cappool ? x->cappool * 2 : 64;
        char **p = realloc(x->pool, cap * sizeof *p);
        if (!p) {
            free(s);
            return NULL;
        }
        x->pool = p;
        x->cappool = cap;
    }
    x->pool[x->npool++] = s;
    return s;
}

dg_ment *dg_i_ment_add(dg_extractor *x)
{
    if (x->nments == x->capments) {
        size_t cap = x->capments ? x->capments * 2 : 32;
        dg_ment *m = realloc(x->ments, cap * sizeof *m);
        if (!m)
            return NULL;
        x->ments = m;
        x->capments = cap;
    }
    dg_ment *m = &x->ments[x->nments++];
    memset(m, 0, sizeof *m);
    m->org = -1;
    m->also = -1;
    return m;
}

bool dg_i_overlaps_any(const dg_extractor *x, size_t s, size_t e, char kind_filter)
{
    for (size_t i = 0; i < x->nments; i++) {
        const dg_ment *m = &x->ments[i];
        if (kind_filter && m->kind != kind_filter)
            continue;
        if (m->start < e && s < m->end)
            return true;
    }
    return false;
}

static dg_status seen_add(dg_extractor *x, const dg_ment *m)
{
    if (x->nseen == x->capseen) {
        size_t cap = x->capseen ? x->capseen * 2 : 64;
        dg_seen *s = realloc(x->seen, cap * sizeof *s);
        if (!s)
            return DG_ENOMEM;
        x->seen = s;
        x->capseen = cap;
    }
    /* how often the document has named it: one more than its last entry */
    unsigned named = 1;
    for (size_t k = x->nseen; k-- > 0;)
        if (strcmp(x->seen[k].canonical, m->canonical) == 0) {
            named = x->seen[k].named + 1;
            break;
        }
    x->seen[x->nseen++] = (dg_seen){m->canonical, m->type,   m->sector, m->parent, m->org,
                                    m->start,     x->sent_idx, m->sal,   named,    0};
    return DG_OK;
}

/* What joins two names written next to each other: 2 for " and " or ", and ",
 * 1 for ", ", else 0. */
static int list_join(const char *g, size_t n)
{
    if ((n == 5 && memcmp(g, " and ", 5) == 0) || (n == 6 && memcmp(g, ", and ", 6) == 0))
        return 2;
    return n == 2 && memcmp(g, ", ", 2) == 0 ? 1 : 0;
}

/* Seen entries [first, nseen) were written as one run of names, from
 * normalized offset at; a list of two or more that an "and" closes and a
 * preposition of agents or parties opens ("formed by A, B and C", "between
 * A and B") gets an id, for "the three companies". Other lists are too often
 * rivals, brands or joined clauses ("battles Tesla and BYD"). */
static void close_list(dg_extractor *x, size_t first, size_t at, bool and)
{
    if (!and || x->nseen < first + 2 || at < 2 || x->text.s[at - 1] != ' ')
        return;
    size_t b = at - 1;
    while (b > 0 && isalpha((unsigned char)x->text.s[b - 1]))
        b--;
    static const char *const opens[] = {"by", "between", "among", "for", NULL};
    bool ok = false;
    for (const char *const *w = opens; *w && !ok; w++)
        ok = strlen(*w) == at - 1 - b && memcmp(x->text.s + b, *w, at - 1 - b) == 0;
    if (!ok)
        return;
    for (size_t k = first; k < x->nseen; k++)
        x->seen[k].list = first + 1;
}

/* The sentence's organizations, named and then resolved, in text order. */
static dg_status remember_seen(dg_extractor *x)
{
    dg_status st;
    const dg_ment *prev = NULL;
    size_t first = x->nseen, at = 0;
    bool and = false;
    for (size_t i = 0; i < x->nments; i++) {
        const dg_ment *m = &x->ments[i];
        if (m->kind != DG_KIND_ORG || m->resolved_from)
            continue;
        int g = prev && m->start >= prev->end
                    ? list_join(x->text.s + prev->end, m->start - prev->end)
                    : 0;
        if (!g) {
            close_list(x, first, at, and);
            first = x->nseen;
            at = m->start;
            and = false;
        }
        and = and || g == 2;
        if ((st = seen_add(x, m)) != DG_OK)
            return st;
        prev = m;
    }
    close_list(x, first, at, and);
    for (size_t i = 0; i < x->nments; i++)
        if (x->ments[i].kind == DG_KIND_ORG && x->ments[i].resolved_from)
            if ((st = seen_add(x, &x->ments[i])) != DG_OK)
                return st;
    return DG_OK;
}

/* ---- tokens of the sentence ---- */

static bool token_is(const dg_extractor *x, size_t i, const char *key)
{
    const dg_token *t = &x->toks.v[i];
    size_t n = strlen(key);
    return t->key_len == n && memcmp(x->toks.keys.p + t->key, key, n) == 0;
}

static bool has_upper_or_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]))
            return true;
    return false;
}

static bool in_list(const dg_extractor *x, int li, const char *key, size_t n)
{
    return li >= 0 && dg_i_wordset_has(x->lists[li], key, n);
}

/* ---- organizations from the lists and from names this document defined ---- */

static void add_org_mention(dg_extractor *x, size_t sbase, size_t tok_a, size_t tok_b,
                            const dg_org *o, long oi, const char *rule)
{
    dg_ment *m = dg_i_ment_add(x);
    if (!m)
        return;
    m->start = sbase + x->toks.v[tok_a].start;
    m->end = sbase + x->toks.v[tok_b - 1].end;
    m->kind = DG_KIND_ORG;
    m->org = oi;
    m->canonical = o->canonical;
    m->type = o->type;
    m->sector = o->sector;
    m->parent = o->parent;
    m->rule = rule;
}

/* A byte from a token key's length and first byte: equal keys give equal
 * signatures, so a clear filter bit proves that no local name starts with
 * this token. */
static unsigned local_sig(const char *key, size_t len)
{
    unsigned c = len ? (unsigned char)key[0] : 0;
    return (c ^ ((unsigned)len * 37u)) & 255u;
}

/* Longest name this document defined that starts at token i. Runs for
 * every capitalized token against every such name, so the token lengths
 * are kept beside each key (no scanning for the spaces). */
static size_t match_local(dg_extractor *x, size_t i, const dg_local **hit)
{
    size_t best = 0;
    const dg_token *t0 = &x->toks.v[i];
    unsigned sig = local_sig(x->toks.keys.p + t0->key, t0->key_len);
    if (!(x->local_filter[sig >> 6] & ((uint64_t)1 << (sig & 63))))
        return 0;
    for (size_t k = 0; k < x->nlocals; k++) {
        const dg_local *l = &x->locals[k];
        if (i + l->ntok > x->toks.n || l->ntok <= best)
            continue;
        bool ok = true;
        for (size_t j = 0; j < l->ntok && ok; j++) {
            const dg_token *t = &x->toks.v[i + j];
            size_t len = l->lens[2 * j + 1];
            ok = len == t->key_len &&
                 memcmp(l->key + l->lens[2 * j], x->toks.keys.p + t->key, len) == 0;
        }
        if (ok) {
            best = l->ntok;
            *hit = l;
        }
    }
    return best;
}

/* Adds a name (key[0..n): ntok fold keys joined by single spaces) unless
 * the document already defined it. */
static dg_status local_add(dg_extractor *x, const char *key, size_t n, size_t ntok,
                           const dg_ment *m, bool given_name)
{
    for (size_t k = 0; k < x->nlocals; k++)
        if (x->locals[k].klen == n && memcmp(x->locals[k].key, key, n) == 0)
            return DG_OK;
    if (x->nlocals == x->caplocals) {
        size_t cap = x->caplocals ? x->caplocals * 2 : 16;
        dg_local *l = realloc(x->locals, cap * sizeof *l);
        if (!l)
            return DG_ENOMEM;
        x->locals = l;
        x->caplocals = cap;
    }
    /* One block: offset and length of each token's key (aligned first),
     * then the key. Split at every space, as many times as there are
     * tokens; past the end, tokens are empty. */
    uint32_t *lens = malloc(2 * ntok * sizeof *lens + n + 1);
    if (!lens)
        return DG_ENOMEM;
    char *k = (char *)(lens + 2 * ntok);
    memcpy(k, key, n);
    k[n] = 0;
    const char *p = k, *end = k + n;
    for (size_t j = 0; j < ntok; j++) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        size_t len = sp ? (size_t)(sp - p) : (size_t)(end - p);
        lens[2 * j] = (uint32_t)(p - k);
        lens[2 * j + 1] = (uint32_t)len;
        p = sp ? sp + 1 : p + len;
    }
    x->locals[x->nlocals++] = (dg_local){
        k,          n,
        lens,       ntok,
        given_name, false,
        {m->canonical, m->type, m->sector, m->parent, m->org, m->start, 0, 0, 0, 0}};
    if (ntok) {
        unsigned sig = local_sig(k + lens[0], lens[1]);
        x->local_filter[sig >> 6] |= (uint64_t)1 << (sig & 63);
    }
    return DG_OK;
}

/* The capitalized word written right before token i, one space between
 * ("Marvin" of "Marvin Schwan"), or NULL. */
static const dg_token *cap_word_before(const dg_extractor *x, size_t i)
{
    if (i == 0)
        return NULL;
    const dg_token *p = &x->toks.v[i - 1];
    bool ok = (p->flags & DG_TOK_CAP) && (p->flags & DG_TOK_WORD) &&
              p->end + 1 == x->toks.v[i].start;
    return ok ? p : NULL;
}

/* Whether a capitalized word follows token i after one space ("Tiffany
 * Trump"). */
static bool cap_word_after(const dg_extractor *x, size_t i)
{
    if (i + 1 >= x->toks.n)
        return false;
    const dg_token *n = &x->toks.v[i + 1];
    return (n->flags & DG_TOK_CAP) && (n->flags & DG_TOK_WORD) &&
           x->toks.v[i].end + 1 == n->start;
}

/* Whether token i follows a first name (FIRST_NAMES) directly. */
static bool after_first_name(const dg_extractor *x, size_t i)
{
    const dg_token *p = cap_word_before(x, i);
    return p && in_list(x, x->first_names, x->toks.keys.p + p->key, p->key_len);
}

/* Whether token i, followed by a capitalized word, follows a person's
 * title directly: "chief executive Olayan Alwetaid" is a person, not
 * Olayan Group. */
static bool titled_person(const dg_extractor *x, size_t i)
{
    if (i == 0 || !cap_word_after(x, i))
        return false;
    const dg_token *p = &x->toks.v[i - 1];
    return (p->flags & DG_TOK_WORD) && p->end + 1 == x->toks.v[i].start &&
           in_list(x, x->person_title, x->toks.keys.p + p->key, p->key_len);
}

/* Whether token i opens its sentence with a number word that counts the
 * noun after it: "Three government departments", "Three affiliates of" are
 * not the operator Three, which "Three said" and "Three, the operator," are.
 * A lower-case word after it that is no verb (VERB_AFTER_NAME, or a word
 * ending in -ed) is what it counts. */
static bool counting_number(const dg_extractor *x, size_t i)
{
    const dg_tokens *t = &x->toks;
    if (i + 1 >= t->n ||
        !in_list(x, x->number_words, t->keys.p + t->v[i].key, t->v[i].key_len))
        return false;
    /* the sentence's first word, also after a dateline ("ABU DHABI: Three
     * of ...") or an opening quote */
    if (i > 0) {
        const dg_token *p = &t->v[i - 1];
        const char *ps = t->keys.p + p->key;
        bool opener = !(p->flags & DG_TOK_WORD) && p->key_len >= 1 &&
                      (strchr(":-\"(", ps[0]) != NULL || (unsigned char)ps[0] >= 0xe2);
        if (!opener)
            return false;
    }
    const dg_token *n = &t->v[i + 1];
    if (!(n->flags & DG_TOK_WORD) || (n->flags & DG_TOK_CAP) || n->start != t->v[i].end + 1)
        return false;
    const char *k = t->keys.p + n->key;
    size_t len = n->key_len;
    if (len > 2 && memcmp(k + len - 2, "ed", 2) == 0)
        return false;
    return !in_list(x, x->verb_after_name, k, len);
}

/* Whether tokens [a, b) end a place name the PLACES list holds, begun by
 * up to three capitalized words before them: "Emirates" of "United Arab
 * Emirates" is the country, not the airline. */
static bool inside_place(dg_extractor *x, size_t a, size_t b)
{
    const dg_tokens *t = &x->toks;
    if (x->places < 0)
        return false;
    for (size_t k = 1; k <= 3 && k <= a; k++) {
        const dg_token *f = &t->v[a - k];
        if (!(f->flags & DG_TOK_CAP) || !(f->flags & DG_TOK_WORD))
            return false;
        dg_buf *kb = &x->keybuf;
        kb->len = 0;
        bool ok = true;
        for (size_t j = a - k; j < b && ok; j++)
            ok = (j == a - k || dg_buf_putc(kb, ' ') == DG_OK) &&
                 dg_buf_append(kb, t->keys.p + t->v[j].key, t->v[j].key_len) == DG_OK;
        if (ok && in_list(x, x->places, kb->p, kb->len))
            return true;
    }
    return false;
}

/* Whether the listed name that ends before token b names a market index:
 * an index word or number (INDEX_AFTER) right after it, "S&P/ASX 200", "Nikkei 225",
 * "Nasdaq Composite". The index is not the exchange or the firm; "Boeing
 * 737" still names Boeing. */
static bool names_index(const dg_extractor *x, size_t b)
{
    const dg_tokens *t = &x->toks;
    if (b >= t->n || t->v[b].start != t->v[b - 1].end + 1)
        return false;
    const dg_token *n = &t->v[b];
    const char *k = t->keys.p + n->key;
    return in_list(x, x->index_after, k, n->key_len);
}

/* How many tokens from token j on form a legal suffix ("Corp", "Co.,
 * Ltd."), the longest of up to four; 0 when none follows. */
static size_t suffix_after(dg_extractor *x, size_t j)
{
    const dg_ruleset *rs = x->rs;
    const dg_wordset *suf = rs->legal_suffix_list >= 0 ? x->lists[rs->legal_suffix_list] : NULL;
    if (!suf || j >= x->toks.n || !(x->toks.v[j].flags & DG_TOK_SPACE_BEFORE))
        return 0;
    dg_buf *b = &x->scratch;
    size_t best = 0;
    for (size_t w = 1; w <= 4 && j + w <= x->toks.n; w++) {
        b->len = 0;
        for (size_t i = j; i < j + w; i++) {
            if (i > j && (x->toks.v[i].flags & DG_TOK_SPACE_BEFORE))
                dg_buf_putc(b, ' ');
            dg_buf_append(b, x->toks.keys.p + x->toks.v[i].key, x->toks.v[i].key_len);
        }
        if (b->len && dg_i_wordset_has(suf, b->p, b->len))
            best = w;
    }
    return best;
}

/* Whether a one-word name the document defined ("Schwan" from "Schwan's
 * Co") stands here for a person or a family instead: after a capitalized
 * word inside the sentence ("Marvin Schwan"), or before "family". */
static bool person_or_family(const dg_extractor *x, const char *s, size_t i, size_t ln)
{
    if (ln != 1)
        return false;
    /* not the sentence's first word, which is capitalized anyway */
    if (i >= 2 && cap_word_before(x, i))
        return true;
    if (i + 1 < x->toks.n) {
        const dg_token *next = &x->toks.v[i + 1];
        size_t n = next->end - next->start;
        if ((n == 6 && memcmp(s + next->start, "family", 6) == 0) ||
            (n == 8 && memcmp(s + next->start, "families", 8) == 0))
            return true;
    }
    return false;
}

static void find_listed(dg_extractor *x, size_t sbase, const char *s)
{
    const dg_ruleset *rs = x->rs;
    for (size_t i = 0; i < x->toks.n;) {
        const dg_token *t = &x->toks.v[i];
        bool capish = (t->flags & DG_TOK_CAP) ||
                      ((t->flags & DG_TOK_WORD) && has_upper_or_digit(s + t->start, t->end - t->start));
        bool lower = !capish && x->voc[i] && dg_i_vocab_lower_start(x->voc[i]);
        if (!capish && !lower) {
            i++;
            continue;
        }
        const dg_local *lh = NULL;
        size_t ln = x->nlocals && !lower ? match_local(x, i, &lh) : 0;
        if (ln && (person_or_family(x, s, i, ln) || (lh->given_name && cap_word_after(x, i))))
            ln = 0, lh = NULL;
        dg_lexmatch lm;
        bool got = x->voc[i] && dg_i_lexicon_match(rs->lex, &x->toks, x->voc, i, s, lower, &lm);
        /* "Mark Schneider": a one-word name right after a first name is a
         * person's surname, not Schneider Electric */
        if (got && lm.tok_end == i + 1 &&
            (after_first_name(x, i) || titled_person(x, i) || counting_number(x, i)))
            got = false;
        if (got && (inside_place(x, i, lm.tok_end) || names_index(x, lm.tok_end)))
            got = false;
        if (got && (!lh || lm.tok_end > i + ln ||
                    (lm.tok_end == i + ln &&
                     (!lh->defined || strcmp(lh->org.canonical, rs->orgs[lm.org].canonical) == 0)))) {
            add_org_mention(x, sbase, i, lm.tok_end, &rs->orgs[lm.org], (long)lm.org, "list");
            i = lm.tok_end;
        } else if (lh) {
            /* "Mitsubishi Corp" after the document named "Mitsubishi Corp":
             * the suffix belongs to the mention */
            ln += suffix_after(x, i + ln);
            dg_ment *m = dg_i_ment_add(x);
            if (m) {
                m->start = sbase + x->toks.v[i].start;
                m->end = sbase + x->toks.v[i + ln - 1].end;
                m->kind = DG_KIND_ORG;
                m->org = lh->org.org;
                m->canonical = lh->org.canonical;
                m->type = lh->org.type;
                m->sector = lh->org.sector;
                m->parent = lh->org.parent;
                m->rule = "document";
            }
            i += ln;
        } else {
            i++;
        }
    }
}

/* ---- organization patterns ---- */

/* Whether token k-1 of t is the dot after a one-letter initial ("F."). */
static bool initial_dot(const dg_tokens *t, size_t k)
{
    return t->keys.p[t->v[k - 1].key] == '.' && k >= 2 && t->v[k - 2].end - t->v[k - 2].start == 1;
}

/* Whether token k-1 of t is a ')' that closes a '(' among tokens 0..k-2. */
static bool closes_bracket(const dg_tokens *t, size_t k)
{
    if (t->keys.p[t->v[k - 1].key] != ')')
        return false;
    for (size_t i = 0; i + 1 < k; i++)
        if (t->keys.p[t->v[i].key] == '(')
            return true;
    return false;
}

/* Display name of an unlisted organization: the surface without a trailing
 * legal suffix, possessive or punctuation. Returns a new string, or NULL.
 * Uses x->ntoks and x->keybuf as scratch. */
static char *display_name(dg_extractor *x, const char *s, size_t n)
{
    const dg_ruleset *rs = x->rs;
    dg_tokens t = x->ntoks; /* a copy of the handles; written back below */
    dg_buf b = x->keybuf;
    char *res = NULL;
    if (dg_tokenize(&t, s, n) != DG_OK || t.n == 0)
        goto cleanup;
    size_t k = t.n;
    if (k >= 2 && t.keys.p[t.v[k - 2].key] == '\'' && t.v[k - 1].key_len == 1 &&
        t.keys.p[t.v[k - 1].key] == 's')
        k -= 2;
    const dg_wordset *suf =
        rs->legal_suffix_list >= 0 ? x->lists[rs->legal_suffix_list] : NULL;
    for (bool again = true; again && k > 1;) {
        again = false;
        for (size_t w = k - 1 > 4 ? 4 : k - 1; w >= 1; w--) {
            b.len = 0;
            for (size_t i = k - w; i < k; i++) {
                if (i > k - w && (t.v[i].flags & DG_TOK_SPACE_BEFORE))
                    dg_buf_putc(&b, ' ');
                dg_buf_append(&b, t.keys.p + t.v[i].key, t.v[i].key_len);
            }
            bool hit = suf && b.len && dg_i_wordset_has(suf, b.p, b.len);
            if (hit) {
                k -= w;
                again = true;
                break;
            }
        }
        /* trailing punctuation goes, but not the dot of an initial ("F.")
         * nor a bracket that closes one inside the name ("... (India)") */
        while (k > 1 && (t.v[k - 1].flags & DG_TOK_PUNCT) && !initial_dot(&t, k) &&
               !closes_bracket(&t, k))
            k--, again = true;
    }
    res = strndup(s + t.v[0].start, t.v[k - 1].end - t.v[0].start);
cleanup:
    x->ntoks = t;
    x->keybuf = b;
    return res;
}

static bool rejected(const dg_extractor *x, const dg_rule *r, const char *s, size_t n)
{
    if (r->nreject == 0)
        return false;
    dg_buf *b = (dg_buf *)&x->scratch;
    b->len = 0;
    dg_fold_append(b, s, n);
    const char *key = b->p ? b->p : "";
    size_t klen = b->len;
    const char *sp = memchr(key, ' ', klen);
    size_t first = sp ? (size_t)(sp - key) : klen;
    for (size_t k = 0; k < r->nreject; k++) {
        int li = r->reject_lists[k];
        if (in_list(x, li, key, klen) || in_list(x, li, key, first))
            return true;
    }
    return false;
}


/* Whether text[a, b) between two names reads as a list: a comma, "and",
 * "&" or "or" ("Saudi Aramco and Chubb"). */
static bool list_gap(const char *text, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        if (text[i] == ',' || text[i] == '&')
            return true;
        if ((i + 5 <= b && memcmp(text + i, " and ", 5) == 0) ||
            (i + 4 <= b && memcmp(text + i, " or ", 4) == 0))
            return true;
    }
    return false;
}

/* One organization-pattern match: the name it marks becomes a mention
 * unless a word list rejects it or it overlaps what is there. */
static void take_org_match(dg_extractor *x, const dg_rule *r, const dg_pattern *p,
                           const PCRE2_SIZE *ov, void *ctx)
{
    const dg_ruleset *rs = x->rs;
    size_t sbase = ((const sentence_at *)ctx)->sbase;
    const char *s = ((const sentence_at *)ctx)->s;
    uint32_t g = 0;
    for (size_t k = 0; k < p->nslots; k++)
        if (p->slots[k].role == DG_ROLE_NAME)
            g = p->slots[k].group;
    size_t ms = ov[2 * g], me = ov[2 * g + 1];
    if (ms == PCRE2_UNSET || me <= ms)
        return;
    if (rejected(x, r, s + ms, me - ms)) {
        if (x->trace)
            fprintf(x->trace, "    - orgpattern %s: '%.*s' rejected by a word list\n",
                    r->id, (int)(me - ms), s + ms);
        return;
    }
    if (dg_text_crosses_scripts(s + ms, me - ms)) {
        if (x->trace)
            fprintf(x->trace, "    - orgpattern %s: '%.*s' runs from one script into another\n",
                    r->id, (int)(me - ms), s + ms);
        return;
    }
    /* An unlisted name that contains listed or document-defined names
     * ("Samsung Biologics Co., Ltd." over "Samsung", "SAIC Volkswagen",
     * "Tata Global Beverages" over the "Tata" the document learned,
     * "National Samsung Electronics Union") replaces them, unless two of
     * them stand as a list inside it ("Saudi Aramco and Chubb"); any other
     * overlap keeps what is there. */
    bool clash = false;
    size_t inside = 0, last_end = 0;
    for (size_t k = 0; k < x->nments; k++) {
        dg_ment *m = &x->ments[k];
        if (!(m->start < sbase + me && sbase + ms < m->end))
            continue;
        bool replaceable = m->kind == DG_KIND_ORG && !m->resolved_from && m->rule &&
                           (strcmp(m->rule, "list") == 0 || strcmp(m->rule, "document") == 0);
        /* a name inside it, not at its start, must not end it either:
         * "Flagship Adani Enterprises", "Sunday's Ethiopian Airlines" and
         * "Banco de Sabadell" put a word before a name, they do not name
         * another organization */
        bool placed = m->start == sbase + ms || m->end < sbase + me;
        if (replaceable && placed && m->start >= sbase + ms && m->end <= sbase + me &&
            m->end - m->start < me - ms &&
            !(inside && list_gap(x->text.s, last_end, m->start))) {
            m->kind = 0; /* dropped below */
            inside++;
            last_end = m->end;
        } else {
            clash = true;
        }
    }
    if (clash) {
        for (size_t k = 0; k < x->nments; k++)
            if (x->ments[k].kind == 0)
                x->ments[k].kind = DG_KIND_ORG;
        return;
    }
    size_t w = 0;
    for (size_t k = 0; k < x->nments; k++)
        if (x->ments[k].kind)
            x->ments[w++] = x->ments[k];
    x->nments = w;
    char *disp = display_name(x, s + ms, me - ms);
    if (!disp)
        return;
    long oi = dg_tokenize(&x->ntoks, disp, strlen(disp)) == DG_OK
                  ? dg_i_lexicon_find_tokens(rs->lex, &x->ntoks)
                  : -1;
    dg_ment *m = dg_i_ment_add(x);
    if (!m) {
        free(disp);
        return;
    }
    m->start = sbase + ms;
    m->end = sbase + me;
    m->kind = DG_KIND_ORG;
    m->rule = r->id;
    if (oi >= 0) {
        const dg_org *o = &rs->orgs[oi];
        free(disp);
        m->org = oi;
        m->canonical = o->canonical;
        m->type = o->type;
        m->sector = o->sector;
        m->parent = o->parent;
    } else {
        m->canonical = dg_i_pool_keep(x, disp);
        m->type = r->orgtype ? r->orgtype : "company";
    }
}

static void find_patterns(dg_extractor *x, size_t sbase, const char *s, size_t n)
{
    sentence_at at = {sbase, s};
    dg_i_each_match(x, DG_RK_ORGPATTERN, s, n, take_org_match, &at);
}

/* Names defined by this sentence for the rest of the document: unlisted
 * organizations (and their first word when distinctive), and acronyms in
 * brackets after any organization. */
/* Whether a first word may stand alone for its organization later in the
 * document: capitalized, at least four letters, and none of the words that
 * start names without naming anything (places, months, "New", "British")
 * or are generic name and description words ("Energy" of Energy Fuels in
 * "Energy prices rose", "Media", "Capital"). A first name may ("Tiffany",
 * "Morgan"); *given says so, for the match to skip "Tiffany Trump". */
static bool distinctive_first_word(const dg_extractor *x, const char *k, size_t n,
                                   uint32_t flags, bool *given)
{
    *given = in_list(x, x->first_names, k, n);
    return n >= 4 && (flags & DG_TOK_CAP) &&
           !in_list(x, x->places, k, n) && !in_list(x, x->not_org, k, n) &&
           !in_list(x, x->calendar, k, n) && !in_list(x, x->demonyms, k, n) &&
           !in_list(x, x->org_adj, k, n) && !in_list(x, x->org_head, k, n) &&
           !in_list(x, x->descriptor, k, n);
}

/* Whether listed organization o and mention m belong to one group: the
 * same organization, a parent and its unit, or two units of one parent. */
static bool same_group(const dg_extractor *x, long o, const dg_ment *m)
{
    const dg_org *g = &x->rs->orgs[o];
    return o == m->org || strcmp(g->canonical, m->canonical) == 0 ||
           (m->parent && strcmp(g->canonical, m->parent) == 0) ||
           (g->parent && strcmp(g->parent, m->canonical) == 0) ||
           (g->parent && m->parent && strcmp(g->parent, m->parent) == 0);
}

/* Whether listed organization o reads as a group of companies: named a
 * group or holding, or the parent of listed units. */
static bool group_like(const dg_ruleset *rs, long o)
{
    const char *c = rs->orgs[o].canonical;
    size_t n = strlen(c);
    if ((n > 6 && strcmp(c + n - 6, " Group") == 0) || (n > 9 && strcmp(c + n - 9, " Holdings") == 0))
        return true;
    for (size_t i = 0; i < rs->norgs; i++)
        if (rs->orgs[i].parent && strcmp(rs->orgs[i].parent, c) == 0)
            return true;
    return false;
}

/* "Continental" after "Continental Gold": a first word that is itself the
 * listed name of an unrelated organization (Continental AG) names the
 * longer one later in the document when the document has not named the
 * listed one so far; it wins over the list like a defined acronym. That
 * holds for a strict listed name (an ordinary word as a name), and for any
 * listed name when the longer one is no list's ("Brookfield Property
 * Partners", "Marfrig Global Foods") unless the listed one is a group
 * (Samsung, Bolloré, Adani, Zain): alone, a family name names the group,
 * not the unit the text named first. */
static void claim_listed_word(dg_extractor *x, const dg_ment *m, long o, const char *k,
                              size_t n)
{
    if (same_group(x, o, m))
        return;
    if (!x->rs->orgs[o].strict && (m->org >= 0 || group_like(x->rs, o)))
        return;
    for (size_t j = 0; j < x->nseen; j++)
        if (x->seen[j].org == o || strcmp(x->seen[j].canonical, x->rs->orgs[o].canonical) == 0)
            return;
    size_t before = x->nlocals;
    if (local_add(x, k, n, 1, m, false) == DG_OK && x->nlocals > before)
        x->locals[x->nlocals - 1].defined = true;
}

/* "Costa" after "Costa Coffee", "Tiffany" after "Tiffany & Co.": the first
 * word of a listed name of two or more words, written as the text wrote it,
 * names the same organization in later sentences, unless that word is
 * itself a listed name. Tokens a..b of the sentence are the mention. */
static void learn_listed_first_word(dg_extractor *x, const dg_ment *m, size_t a, size_t b)
{
    const dg_token *f = &x->toks.v[a];
    if (b - a < 2 || !(f->flags & DG_TOK_WORD) ||
        !((x->toks.v[a + 1].flags & DG_TOK_WORD) || token_is(x, a + 1, "&")))
        return;
    const char *fk = x->toks.keys.p + f->key;
    bool given;
    if (!distinctive_first_word(x, fk, f->key_len, f->flags, &given))
        return;
    dg_tokens one = x->toks;
    one.v = (dg_token *)f;
    one.n = 1;
    long o = dg_i_lexicon_find_tokens(x->rs->lex, &one);
    if (o >= 0) {
        claim_listed_word(x, m, o, fk, f->key_len);
        return;
    }
    local_add(x, fk, f->key_len, 1, m, given);
    /* "Meiji Yasuda" of Meiji Yasuda Life Insurance: the first two words of
     * a longer name, both capitalized, unless they name a place or another
     * listed organization ("Abu Dhabi" of Abu Dhabi Investment Authority) */
    const dg_token *g = &x->toks.v[a + 1];
    if (b - a < 3 || !(g->flags & DG_TOK_WORD) || !(g->flags & DG_TOK_CAP) ||
        !(x->toks.v[a + 2].flags & DG_TOK_WORD) || f->end + 1 != g->start)
        return;
    dg_buf *kb = &x->scratch;
    kb->len = 0;
    dg_buf_append(kb, fk, f->key_len);
    dg_buf_putc(kb, ' ');
    dg_buf_append(kb, x->toks.keys.p + g->key, g->key_len);
    if (!kb->p || in_list(x, x->places, kb->p, kb->len))
        return;
    one.n = 2;
    if (dg_i_lexicon_find_tokens(x->rs->lex, &one) >= 0)
        return;
    local_add(x, kb->p, kb->len, 2, m, false);
}

/* "CFG" after "City Football Group", "CPPIB" after "Canada Pension Plan
 * Investment Board": the initials of a name of three or more capitalized
 * words (small joining words skipped) stand for it later in the document,
 * as wire copy uses them without defining them, unless they are a listed
 * name or a word that names nothing. Tokens a..b of the sentence are the
 * mention. */
static void learn_initials(dg_extractor *x, const dg_ment *m, size_t a, size_t b)
{
    static const char *const skip[] = {"of", "and", "&", "the", "for", "de", "du", "des", "la"};
    char ini[8];
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        const dg_token *t = &x->toks.v[i];
        const char *k = x->toks.keys.p + t->key;
        bool small = false;
        for (size_t j = 0; j < sizeof skip / sizeof *skip && !small; j++)
            small = strlen(skip[j]) == t->key_len && memcmp(skip[j], k, t->key_len) == 0;
        if (small)
            continue;
        if (!(t->flags & DG_TOK_WORD) || !(t->flags & DG_TOK_CAP) || n + 1 >= sizeof ini ||
            (k[0] & 0x80))
            return;
        ini[n++] = k[0];
    }
    if (n < 3)
        return;
    if (in_list(x, x->not_org, ini, n) || dg_i_lexicon_lookup(x->rs->lex, ini, n))
        return;
    local_add(x, ini, n, 1, m, false);
}

/* Token range [*a, *b) of the sentence that mention m covers. */
static void ment_tokens(const dg_extractor *x, size_t sbase, const dg_ment *m, size_t *a,
                        size_t *b)
{
    size_t i = 0;
    while (i < x->toks.n && sbase + x->toks.v[i].start < m->start)
        i++;
    size_t j = i;
    while (j < x->toks.n && sbase + x->toks.v[j].end <= m->end)
        j++;
    *a = i;
    *b = j;
}

/* Whether token t of the sentence is an acronym in brackets right after
 * tokens [a, t - 1) that starts with their first letter: "Mitsui O.S.K.
 * Lines (MOL)" defines MOL. */
static bool defines_acronym(const dg_extractor *x, size_t a, size_t t)
{
    return t >= 1 && t > a + 1 && t + 1 < x->toks.n && token_is(x, t - 1, "(") &&
           token_is(x, t + 1, ")") && (x->toks.v[t].flags & DG_TOK_UPPER) &&
           x->toks.keys.p[x->toks.v[t].key] == x->toks.keys.p[x->toks.v[a].key];
}

const char *dg_i_org_country(const dg_extractor *x, long org, const char *canonical)
{
    if (org >= 0 && x->rs->orgs[org].country)
        return x->rs->orgs[org].country;
    for (size_t i = 0; i < x->norigins; i++)
        if (strcmp(x->origins[i].canonical, canonical) == 0)
            return x->origins[i].code;
    return NULL;
}

/* Where the word ending at s[e) starts: after a space, comma, bracket, quote
 * or mention mark. */
static size_t word_start(const char *s, size_t e)
{
    while (e > 0 && !strchr(" ,(\"\x01\x02", s[e - 1]))
        e--;
    return e;
}

/* The country the words right before s[0, at) of a sentence give, past up
 * to four lower-case descriptor words: "Turkish mobile game developer",
 * "Istanbul-based", "Turkey's", "South Korea's" (the `country` tables). */
static const char *origin_before(dg_extractor *x, const char *s, size_t at)
{
    size_t e = at;
    for (int skipped = 0;; skipped++) {
        while (e > 0 && s[e - 1] == ' ')
            e--;
        size_t b = word_start(s, e);
        if (b == e || skipped > 4)
            return NULL;
        if (!islower((unsigned char)s[b]))
            break;
        /* a descriptor word, not a verb or a joining word */
        static const char *const stop[] = {
            "the", "a", "an", "to", "by", "of", "from", "and", "or", "in", "on", "at", "with",
            "for", "that", "which", "who", "its", "their", "as", "than", "said", "says", "buy",
            "acquire", "sell", "invest", "back", "bought", "sold", "backs", "buys", NULL};
        for (const char *const *w = stop; *w; w++)
            if (strlen(*w) == e - b && memcmp(*w, s + b, e - b) == 0)
                return NULL;
        if (e - b > 2 && s[e - 2] == 'e' && s[e - 1] == 'd')
            return NULL;
        e = b;
    }
    /* the last one to four words, longest first */
    size_t starts[4], ns = 0, b = e;
    while (ns < 4 && b > 0) {
        b = word_start(s, b);
        if (!isupper((unsigned char)s[b]))
            break;
        starts[ns++] = b;
        if (b == 0 || s[b - 1] != ' ')
            break;
        b--;
    }
    dg_buf *k = &x->scratch;
    for (size_t i = ns; i-- > 0;) {
        k->len = 0;
        if (dg_fold_append(k, s + starts[i], e - starts[i]) != DG_OK || !k->p)
            return NULL;
        const char *code = dg_i_country(x->rs, k->p, k->len);
        if (code)
            return code;
    }
    return NULL;
}

/* Countries the sentence gives organizations the lists give none; runs
 * before coreference, so that "the Turkish developer" finds Peak. */
static void learn_origins(dg_extractor *x, size_t sbase, const char *s)
{
    for (size_t k = 0; k < x->nments; k++) {
        const dg_ment *m = &x->ments[k];
        if (m->kind != DG_KIND_ORG || m->resolved_from ||
            dg_i_org_country(x, m->org, m->canonical))
            continue;
        const char *code = origin_before(x, s, m->start - sbase);
        if (!code)
            continue;
        if (x->norigins == x->caporigins) {
            size_t cap = x->caporigins ? x->caporigins * 2 : 16;
            struct dg_origin *v = realloc(x->origins, cap * sizeof *v);
            if (!v)
                return; /* the country is a hint: without it coreference is stricter */
            x->origins = v;
            x->caporigins = cap;
        }
        struct dg_origin *o = &x->origins[x->norigins++];
        o->canonical = m->canonical;
        memcpy(o->code, code, 3);
        o->code[3] = 0;
    }
}

/* An acronym the sentence defines names the organization before it, also
 * where a list holds it for another ("(MOL)" is not MOL Group here). Runs
 * before coreference, on mentions sorted by start. */
static void repoint_acronyms(dg_extractor *x, size_t sbase)
{
    for (size_t k = 0; k + 1 < x->nments; k++) {
        const dg_ment *m = &x->ments[k];
        dg_ment *o = &x->ments[k + 1];
        if (m->kind != DG_KIND_ORG || o->kind != DG_KIND_ORG ||
            strcmp(o->canonical, m->canonical) == 0)
            continue;
        size_t a, b, oa, ob;
        ment_tokens(x, sbase, m, &a, &b);
        ment_tokens(x, sbase, o, &oa, &ob);
        if (ob != oa + 1 || oa != b + 1 || !defines_acronym(x, a, oa))
            continue;
        o->org = m->org;
        o->canonical = m->canonical;
        o->type = m->type;
        o->sector = m->sector;
        o->parent = m->parent;
        o->rule = "document";
    }
}

static void learn_names(dg_extractor *x, size_t sbase)
{
    const dg_ruleset *rs = x->rs;
    for (size_t k = 0; k < x->nments; k++) {
        dg_ment *m = &x->ments[k];
        if (m->kind != DG_KIND_ORG || m->resolved_from)
            continue;
        size_t a, b;
        ment_tokens(x, sbase, m, &a, &b);
        /* "(AMD)" after the name */
        if (b + 2 < x->toks.n && token_is(x, b, "(") && token_is(x, b + 2, ")") &&
            (x->toks.v[b + 1].flags & DG_TOK_UPPER)) {
            const dg_token *t = &x->toks.v[b + 1];
            size_t before = x->nlocals;
            local_add(x, x->toks.keys.p + t->key, t->key_len, 1, m, false);
            if (x->nlocals > before && defines_acronym(x, a, b + 1))
                x->locals[x->nlocals - 1].defined = true;
        }
        if (b <= a)
            continue;
        learn_initials(x, m, a, b);
        if (m->org >= 0) {
            learn_listed_first_word(x, m, a, b);
            continue;
        }
        /* the unlisted name itself, without its suffix */
        dg_buf *kb = &x->keybuf;
        dg_tokens *tp = &x->ntoks;
        kb->len = 0;
        if (dg_tokenize(tp, m->canonical, strlen(m->canonical)) == DG_OK && tp->n) {
            const dg_tokens tt = *tp;
            for (size_t i = 0; i < tt.n; i++) {
                if (i)
                    dg_buf_putc(kb, ' ');
                dg_buf_append(kb, tt.keys.p + tt.v[i].key, tt.v[i].key_len);
            }
            local_add(x, dg_buf_cstr(kb), kb->len, tt.n, m, false);
            /* "American Rheinmetall" for "American Rheinmetall Vehicles": a
             * name of three words or more without its head word */
            const dg_token *h = &tt.v[tt.n - 1];
            if (tt.n >= 3 && in_list(x, x->org_head, tt.keys.p + h->key, h->key_len)) {
                size_t cut = kb->len;
                while (cut > 0 && kb->p[cut - 1] != ' ')
                    cut--;
                if (cut > 1)
                    local_add(x, kb->p, cut - 1, tt.n - 1, m, false);
            }
            /* "Velora" for "Velora Robotics": a distinctive first word */
            const dg_token *f = &tt.v[0];
            const char *fk = tt.keys.p + f->key;
            bool given;
            if (tt.n >= 2 && distinctive_first_word(x, fk, f->key_len, f->flags, &given)) {
                dg_tokens one = tt;
                one.n = 1;
                long o;
                if (!dg_i_lexicon_lookup(rs->lex, fk, f->key_len))
                    local_add(x, fk, f->key_len, 1, m, given);
                else if ((o = dg_i_lexicon_find_tokens(rs->lex, &one)) >= 0)
                    claim_listed_word(x, m, o, fk, f->key_len);
            }
        }
    }
}

/* ---- money and percent ---- */

bool dg_i_group_text(const dg_extractor *x, const dg_pattern *p, const char *name,
                     const char *s, const char **out, size_t *n)
{
    PCRE2_SPTR first, last;
    uint32_t es;
    int num = pcre2_substring_nametable_scan(p->code, (PCRE2_SPTR)name, &first, &last);
    if (num < 0)
        return false;
    pcre2_pattern_info(p->code, PCRE2_INFO_NAMEENTRYSIZE, &es);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
    uint32_t count = pcre2_get_ovector_count(x->md);
    for (PCRE2_SPTR e = first; e <= last; e += es) {
        uint32_t g = ((uint32_t)e[0] << 8) | e[1];
        if (g < count && ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] > ov[2 * g]) {
            *out = s + ov[2 * g];
            *n = ov[2 * g + 1] - ov[2 * g];
            return true;
        }
    }
    return false;
}

static double parse_number(const char *s, size_t n)
{
    char buf[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++)
        if (s[i] != ',' && s[i] != ' ' && s[i] != '\xc2' && s[i] != '\xa0')
            buf[k++] = s[i];
    buf[k] = 0;
    char *end;
    double v = strtod(buf, &end);
    return end == buf ? NAN : v;
}

static void find_amounts(dg_extractor *x, size_t sbase, const char *s, size_t n)
{
    const dg_ruleset *rs = x->rs;
    for (int kind = DG_RK_MONEY; kind <= DG_RK_PERCENT; kind++)
        for (size_t ri = rs->kind_start[kind]; ri < rs->kind_start[kind + 1]; ri++) {
            const dg_rule *r = &rs->rules[ri];
            if (!r->always && !x->cand[ri])
                continue;
            for (size_t pi = 0; pi < r->npats; pi++) {
                const dg_pattern *p = &r->pats[pi];
                for (size_t at = 0; at < n;) {
                    if (dg_i_run_match(x, r, p, s, n, at) < 0)
                        break;
                    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
                    size_t ms = ov[0], me = ov[1];
                    at = me > at ? me : at + 1;
                    if (dg_i_overlaps_any(x, sbase + ms, sbase + me, 0))
                        continue;
                    const char *num, *sc, *cur;
                    size_t nl, scl, cl;
                    if (!dg_i_group_text(x, p, "num", s, &num, &nl))
                        continue;
                    double v = parse_number(num, nl);
                    if (isnan(v))
                        continue;
                    dg_ment m = {0};
                    m.org = -1;
                    m.also = -1;
                    m.start = sbase + ms;
                    m.end = sbase + me;
                    m.rule = r->id;
                    if (kind == DG_RK_PERCENT) {
                        m.kind = DG_KIND_PERCENT;
                        m.pct = v;
                    } else {
                        if (!dg_i_group_text(x, p, "cur", s, &cur, &cl))
                            continue;
                        dg_buf *b = &x->scratch;
                        b->len = 0;
                        dg_fold_append(b, cur, cl);
                        const char *code = dg_i_currency(rs, b->p ? b->p : "", b->len);
                        if (!code)
                            continue;
                        if (dg_i_group_text(x, p, "scale", s, &sc, &scl)) {
                            b->len = 0;
                            dg_fold_append(b, sc, scl);
                            double mult = dg_i_scale(rs, b->p ? b->p : "", b->len);
                            /* 16.4 * 1e9 is 16399999999.999998 in binary:
                             * a scaled sum is exact to the cent */
                            if (mult > 0)
                                v = mult > 1 ? nearbyint(v * mult * 100) / 100 : v * mult;
                        }
                        m.kind = DG_KIND_MONEY;
                        m.amount = v;
                        memcpy(m.currency, code, 4);
                    }
                    dg_ment *slot = dg_i_ment_add(x);
                    if (slot)
                        *slot = m;
                }
            }
        }
}

/* ---- the masked sentence ---- */

static int cmp_ment(const void *a, const void *b)
{
    const dg_ment *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return 0;
}

/* Writes the mask token MARK_OPEN kind index MARK_CLOSE (no snprintf: this
 * runs for every mention); returns its length. out holds 32 bytes. */
static size_t mark_token(char *out, char kind, size_t idx)
{
    char digits[24];
    size_t nd = 0;
    do {
        digits[nd++] = (char)('0' + idx % 10);
        idx /= 10;
    } while (idx);
    size_t k = 0;
    out[k++] = DG_MARK_OPEN;
    out[k++] = kind;
    while (nd)
        out[k++] = digits[--nd];
    out[k++] = DG_MARK_CLOSE;
    return k;
}

/* Builds x->masked from the sentence with mentions replaced by tokens. A
 * plural coreference ("the two companies") becomes "A and B" so that list
 * slots take it. Mentions must be sorted by start. */
static void build_masked(dg_extractor *x, size_t sbase, const char *s, size_t n)
{
    dg_buf *b = &x->masked;
    b->len = 0;
    size_t at = 0;
    for (size_t i = 0; i < x->nments; i++) {
        dg_ment *m = &x->ments[i];
        size_t ms = m->start - sbase, me = m->end - sbase;
        if (ms < at)
            continue; /* the rest of a plural coreference */
        dg_buf_append(b, s + at, ms - at);
        char tok[32];
        size_t k = mark_token(tok, m->kind, i);
        dg_buf_append(b, tok, k);
        for (size_t j = i + 1; j < x->nments && x->ments[j].start == m->start; j++) {
            dg_buf_append(b, " and ", 5);
            k = mark_token(tok, x->ments[j].kind, j);
            dg_buf_append(b, tok, k);
        }
        at = me;
    }
    dg_buf_append(b, s + at, n - at);
    dg_buf_cstr(b);
}

/* Mention indices of the ORG tokens in masked[a, e). */
size_t dg_i_orgs_in(const dg_extractor *x, size_t a, size_t e, size_t *out, size_t max)
{
    size_t n = 0;
    const char *m = x->masked.p;
    for (size_t i = a; i < e && n < max; i++)
        if (m[i] == DG_MARK_OPEN && i + 1 < e && m[i + 1] == DG_KIND_ORG)
            out[n++] = strtoul(m + i + 2, NULL, 10);
    return n;
}

long dg_i_ment_in(const dg_extractor *x, size_t a, size_t e, char kind)
{
    const char *m = x->masked.p;
    for (size_t i = a; i < e; i++)
        if (m[i] == DG_MARK_OPEN && i + 1 < e && m[i + 1] == kind)
            return (long)strtoul(m + i + 2, NULL, 10);
    return -1;
}

static size_t count_org_tokens(const dg_extractor *x)
{
    size_t n = 0;
    for (size_t i = 0; i + 1 < x->masked.len; i++)
        if (x->masked.p[i] == DG_MARK_OPEN && x->masked.p[i + 1] == DG_KIND_ORG)
            n++;
    return n;
}

/* Whether the sentence's organization mentions name two different
 * organizations: a relation between an organization and itself is never
 * taken, so with one name ("Apple said it ...") no relation rule can fire. */
static bool two_distinct_orgs(const dg_extractor *x)
{
    const char *first = NULL;
    for (size_t i = 0; i < x->nments; i++) {
        const dg_ment *m = &x->ments[i];
        if (m->kind != DG_KIND_ORG)
            continue;
        if (!first)
            first = m->canonical;
        else if (strcmp(first, m->canonical) != 0)
            return true;
    }
    return false;
}

/* ---- relations ---- */

typedef struct cand_rel {
    const dg_rule *rule;
    size_t ms, me;    /* match span in the masked sentence */
    size_t parties[16];
    size_t nparties;
    bool directed;
    bool lead; /* the first source of its match */
    size_t group; /* its match's number when the match has an `each` group, else 0 */
    long money, pct;
    char round[48];
    bool vetoed;
    const dg_rule *veto;
    dg_rel_status status;
} cand_rel;

/* The type a candidate takes: its rule's, or the rule's `majority` type when
 * the stake is over half ("bought a 77% stake" is a takeover). Vetoes, cues
 * and the output all see this type. */
static int cand_type_index(const dg_extractor *x, const cand_rel *c)
{
    const dg_rule *r = c->rule;
    if (r->majority_type >= 0 && c->pct >= 0 && x->ments[c->pct].pct > 50)
        return r->majority_type;
    return r->reltype;
}

typedef struct rel_list {
    cand_rel *v;
    size_t n, cap;
} rel_list;

static cand_rel *rel_add(rel_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        cand_rel *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    cand_rel *c = &l->v[l->n++];
    memset(c, 0, sizeof *c);
    c->money = c->pct = -1;
    return c;
}

static bool same_parties(const dg_extractor *x, const cand_rel *a, const cand_rel *b)
{
    if (a->rule->reltype != b->rule->reltype || a->nparties != b->nparties)
        return false;
    for (size_t i = 0; i < a->nparties; i++) {
        const char *ca = x->ments[a->parties[i]].canonical;
        bool found = false;
        if (a->directed)
            found = strcmp(ca, x->ments[b->parties[i]].canonical) == 0;
        else
            for (size_t j = 0; j < b->nparties && !found; j++)
                found = strcmp(ca, x->ments[b->parties[j]].canonical) == 0;
        if (!found)
            return false;
    }
    return true;
}

void dg_i_normalize_round(char *dst, size_t cap, const char *s, size_t n)
{
    size_t k = 0;
    bool sp = false;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c) || c == '-') {
            sp = k > 0;
            continue;
        }
        if (sp && k + 1 < cap)
            dst[k++] = ' ';
        sp = false;
        dst[k++] = (char)tolower(c);
    }
    dst[k] = 0;
}

/* Takes the relations a match gives. */
static void take_match(dg_extractor *x, const dg_rule *r, const dg_pattern *p, rel_list *out,
                       size_t ms, size_t me)
{
    const dg_ruleset *rs = x->rs;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
    size_t src[16], tgt[16], par[16];
    size_t ns = 0, nt = 0, np = 0;
    long money = -1, pct = -1;
    char round[48] = "";
    for (size_t k = 0; k < p->nslots; k++) {
        const dg_slot *sl = &p->slots[k];
        size_t a = ov[2 * sl->group], e = ov[2 * sl->group + 1];
        if (a == PCRE2_UNSET)
            continue;
        switch (sl->role) {
        case DG_ROLE_SOURCE: ns += dg_i_orgs_in(x, a, e, src + ns, 16 - ns); break;
        case DG_ROLE_TARGET: nt += dg_i_orgs_in(x, a, e, tgt + nt, 16 - nt); break;
        case DG_ROLE_PARTY: np += dg_i_orgs_in(x, a, e, par + np, 16 - np); break;
        case DG_ROLE_AMOUNT: money = dg_i_ment_in(x, a, e, DG_KIND_MONEY); break;
        case DG_ROLE_STAKE: pct = dg_i_ment_in(x, a, e, DG_KIND_PERCENT); break;
        case DG_ROLE_ROUND:
            dg_i_normalize_round(round, sizeof round, x->masked.p + a, e - a);
            break;
        default: break;
        }
    }
    bool directed = rs->reltypes[r->reltype].directed;
    const char *ew;
    size_t el;
    bool each = directed && ns > 1 && dg_i_group_text(x, p, "each", x->masked.p, &ew, &el);
    size_t group = each ? ++x->ngroups : 0;
    if (directed) {
        for (size_t i = 0; i < ns; i++)
            for (size_t j = 0; j < nt; j++) {
                if (strcmp(x->ments[src[i]].canonical, x->ments[tgt[j]].canonical) == 0) {
                    if (x->trace)
                        fprintf(x->trace, "    - rule %s: source and target are both %s\n", r->id,
                                x->ments[src[i]].canonical);
                    continue;
                }
                cand_rel *c = rel_add(out);
                if (!c)
                    return;
                c->rule = r;
                c->ms = ms;
                c->me = me;
                c->directed = true;
                c->parties[0] = src[i];
                c->parties[1] = tgt[j];
                c->nparties = 2;
                /* an amount belongs to the lead (first) investor of a list,
                 * or to each when the match has an `each` group ("co-led by
                 * X and Y": the round's sum is each lead's) */
                c->lead = i == 0 || each;
                c->group = group;
                c->money = c->lead ? money : -1;
                c->pct = pct;
                memcpy(c->round, round, sizeof round);
            }
    } else {
        size_t uniq[16], nu = 0;
        for (size_t i = 0; i < np; i++) {
            bool dup = false;
            for (size_t j = 0; j < nu; j++)
                dup |= strcmp(x->ments[par[i]].canonical, x->ments[uniq[j]].canonical) == 0;
            if (!dup)
                uniq[nu++] = par[i];
        }
        if (nu < 2) {
            if (x->trace)
                fprintf(x->trace, "    - rule %s: fewer than two distinct parties\n", r->id);
            return;
        }
        cand_rel *c = rel_add(out);
        if (!c)
            return;
        c->rule = r;
        c->ms = ms;
        c->me = me;
        memcpy(c->parties, uniq, nu * sizeof *uniq);
        c->nparties = nu;
        c->money = money;
        c->pct = pct;
        memcpy(c->round, round, sizeof round);
    }
}


/* A veto match cancels the candidates of its types whose parties include
 * every organization its party slots cover. */
static void apply_veto(dg_extractor *x, const dg_rule *r, const dg_pattern *p,
                       const PCRE2_SIZE *ov, void *ctx)
{
    rel_list *out = ctx;
    size_t vp[16], nv = 0;
    for (size_t k = 0; k < p->nslots; k++)
        if (p->slots[k].role == DG_ROLE_PARTY && ov[2 * p->slots[k].group] != PCRE2_UNSET)
            nv += dg_i_orgs_in(x, ov[2 * p->slots[k].group], ov[2 * p->slots[k].group + 1],
                               vp + nv, 16 - nv);
    for (size_t k = 0; k < out->n; k++) {
        cand_rel *c = &out->v[k];
        if (c->vetoed || !(r->typemask & ((uint64_t)1 << cand_type_index(x, c))))
            continue;
        bool hit = true;
        for (size_t a = 0; a < nv && hit; a++) {
            bool in = false;
            for (size_t b = 0; b < c->nparties && !in; b++)
                in = strcmp(x->ments[vp[a]].canonical, x->ments[c->parties[b]].canonical) == 0;
            hit = in;
        }
        if (hit) {
            c->vetoed = true;
            c->veto = r;
        }
    }
}

/* Whether a clause boundary lies in m[a, b): a semicolon, or a comma before
 * a word of CLAUSE_BREAK (", while", ", but"); the word may run past b (a
 * relation's span that starts at "and" in ", and Y agreed"). */
static bool clause_break_in(const dg_extractor *x, const char *m, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
        if (m[i] == ';')
            return true;
        if (m[i] != ',' || x->clause_break < 0 || i + 1 >= x->masked.len || m[i + 1] != ' ')
            continue;
        char w[24];
        size_t k = 0;
        for (size_t j = i + 2; j < x->masked.len && k < sizeof w; j++) {
            char lc = (char)(m[j] | 0x20);
            if (lc < 'a' || lc > 'z')
                break;
            w[k++] = lc;
        }
        if (k > 0 && k < sizeof w && in_list(x, x->clause_break, w, k))
            return true;
    }
    return false;
}

/* Relative clauses set off by a comma (", which X bought in 2019",
 * ", in which Nissan holds 34%", ", one of its early backers"): a plan or
 * a rumour told outside one is not the status of a deal told inside it,
 * nor the other way round ("X, which agreed to buy Y, sold Z to W"). A
 * deal's end still reaches across ("X, which invested in Y in 2018, sold
 * its holding"). */
static const char *const aside_words[] = {", which ", ", who ", ", whose ", ", whom ",
                                          ", where ", ", in which ", ", of which ",
                                          ", one of "};

/* Whether m[0, i) ends with a deal noun: "The deal, which will make X a
 * unit of Y, still needs approval" is one clause about one deal. */
static bool after_deal_noun(const char *m, size_t i)
{
    static const char *const nouns[] = {"deal", "transaction", "agreement", "acquisition",
                                        "merger", "offer", "bid", "takeover", "purchase",
                                        "investment", "round", "pact", "sale", "buyout",
                                        "combination", "tie-up", "partnership"};
    for (size_t k = 0; k < sizeof nouns / sizeof *nouns; k++) {
        size_t l = strlen(nouns[k]);
        if (i >= l && memcmp(m + i - l, nouns[k], l) == 0 &&
            (i == l || !isalpha((unsigned char)m[i - l - 1])))
            return true;
    }
    return false;
}

/* The length of " that ", " which " or " who " at m[j), else 0. */
static size_t relative_at(const char *m, size_t n, size_t j)
{
    static const char *const rel[] = {" that ", " which ", " who "};
    for (size_t r = 0; r < 3; r++) {
        size_t l = strlen(rel[r]);
        if (j + l <= n && memcmp(m + j, rel[r], l) == 0)
            return l;
    }
    return 0;
}

/* Past an apposition that a relative pronoun ends, from m[i) just after a
 * comma and its space: "[ORG] that ", "the private equity firm that ",
 * "a unit which " (a resolved description is an organization mark); the
 * offset after the pronoun and its space, else 0. */
static size_t appos_relative(const char *m, size_t n, size_t i)
{
    size_t j = i;
    if (j < n && m[j] == DG_MARK_OPEN) {
        while (j < n && m[j] != DG_MARK_CLOSE)
            j++;
        j++;
    } else {
        static const char *const det[] = {"the ", "a ", "an "};
        size_t l = 0;
        for (size_t d = 0; d < 3 && !l; d++)
            if (n - j > strlen(det[d]) && memcmp(m + j, det[d], strlen(det[d])) == 0)
                l = strlen(det[d]);
        if (!l)
            return 0;
        j += l;
        /* one to four lower-case words */
        int words = 0;
        while (words < 4 && j < n && islower((unsigned char)m[j])) {
            while (j < n && (islower((unsigned char)m[j]) || m[j] == '-'))
                j++;
            words++;
            if (j < n && m[j] == ' ' && j + 1 < n && islower((unsigned char)m[j + 1]) &&
                !relative_at(m, n, j))
                j++;
            else
                break;
        }
        if (!words)
            return 0;
    }
    size_t l = relative_at(m, n, j);
    return l ? j + l : 0;
}

/* The aside of the masked sentence m[0, n) that holds offset at, as its
 * start; SIZE_MAX when at is in none. An aside runs to the next comma or
 * semicolon, else to the sentence's end; one about a deal is none. */
static size_t aside_at(const char *m, size_t n, size_t at)
{
    size_t found = SIZE_MAX;
    for (size_t i = 0; i + 2 < n && i < at; i++) {
        if (m[i] != ',' || after_deal_noun(m, i))
            continue;
        size_t body = 0;
        for (size_t w = 0; w < sizeof aside_words / sizeof *aside_words && !body; w++) {
            size_t l = strlen(aside_words[w]);
            if (i + l <= n && memcmp(m + i, aside_words[w], l) == 0)
                body = i + l;
        }
        if (!body && m[i + 1] == ' ')
            body = appos_relative(m, n, i + 2);
        if (!body)
            continue;
        size_t e = body;
        while (e < n && m[e] != ',' && m[e] != ';')
            e++;
        if (at >= body && at <= e)
            found = i;
    }
    return found;
}

struct cue_ctx {
    rel_list *out;
    bool *decided;
};

/* A cue match sets the status of the undecided candidates of its types in
 * its own clause (no boundary between the cue and the relation's span):
 * cues run highest priority first, so the first to reach a relation
 * decides. */
static void apply_cue(dg_extractor *x, const dg_rule *r, const dg_pattern *p,
                      const PCRE2_SIZE *ov, void *ctx)
{
    (void)p;
    struct cue_ctx *cc = ctx;
    const char *m = x->masked.p;
    size_t cs = ov[0], ce = ov[1];
    for (size_t k = 0; k < cc->out->n; k++) {
        cand_rel *c = &cc->out->v[k];
        if (cc->decided[k] || !(r->typemask & ((uint64_t)1 << cand_type_index(x, c))))
            continue;
        if ((ce <= c->ms && clause_break_in(x, m, ce, c->ms)) ||
            (cs >= c->me && clause_break_in(x, m, c->me, cs)))
            continue;
        /* a relation belongs to the aside its span ends in; the cue to the
         * one it starts in */
        if ((r->status == DG_ST_PLANNED || r->status == DG_ST_RUMORED) &&
            aside_at(m, x->masked.len, cs) != aside_at(m, x->masked.len, c->me ? c->me - 1 : 0))
            continue;
        cc->decided[k] = true;
        if (x->trace)
            fprintf(x->trace, "    cue %s (%s:%u) sets status %s for rule %s\n", r->id, r->file,
                    r->line, dg_rel_status_str(r->status), c->rule->id);
        c->status = r->status;
    }
}

/* Runs the relation rules, vetoes and cues over the masked sentence. */
static void find_relations(dg_extractor *x, rel_list *out)
{
    const dg_ruleset *rs = x->rs;
    const char *m = x->masked.p;
    size_t n = x->masked.len;
    size_t norgs = count_org_tokens(x);
    bool two = norgs >= 2 && two_distinct_orgs(x);
    for (size_t ri = rs->kind_start[DG_RK_RELATION]; ri < rs->kind_start[DG_RK_RELATION + 1];
         ri++) {
        const dg_rule *r = &rs->rules[ri];
        if (!r->always && !x->cand[ri])
            continue;
        if (!two) {
            if (x->trace)
                fprintf(x->trace,
                        "    - rule %s (%s:%u): its trigger words occur, but it needs two "
                        "organizations and the sentence names %s\n",
                        r->id, r->file, r->line, norgs ? "one" : "none");
            continue;
        }
        bool fired = false, matched = false;
        for (size_t pi = 0; pi < r->npats; pi++) {
            const dg_pattern *p = &r->pats[pi];
            for (size_t at = 0; at < n;) {
                if (dg_i_run_match(x, r, p, m, n, at) < 0)
                    break;
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
                size_t ms = ov[0], me = ov[1];
                at = me > at ? me : at + 1;
                matched = true;
                /* overlap policy: a span taken by an earlier (higher-priority)
                 * rule of the same type is not taken again */
                const dg_rule *taker = NULL;
                if (!r->overlap_shared)
                    for (size_t k = 0; k < out->n && !taker; k++) {
                        const cand_rel *c = &out->v[k];
                        if (c->rule != r && c->rule->reltype == r->reltype && c->ms < me &&
                            ms < c->me && !c->rule->overlap_shared)
                            taker = c->rule;
                    }
                if (taker) {
                    if (x->trace)
                        fprintf(x->trace,
                                "    - rule %s (%s:%u) matched, but higher-priority rule %s "
                                "(%s:%u) took the span\n",
                                r->id, r->file, p->line, taker->id, taker->file, taker->line);
                    continue;
                }
                size_t before = out->n;
                take_match(x, r, p, out, ms, me);
                /* the same relation twice in one sentence is one */
                for (size_t k = before; k < out->n;) {
                    bool dup = false;
                    for (size_t j = 0; j < before && !dup; j++)
                        dup = same_parties(x, &out->v[k], &out->v[j]);
                    if (dup) {
                        out->v[k] = out->v[--out->n];
                    } else {
                        k++;
                        fired = true;
                    }
                }
            }
        }
        if (!fired && !matched && x->trace) {
            fprintf(x->trace, "    - rule %s (%s:%u): trigger words occur, but no pattern matched\n",
                    r->id, r->file, r->line);
        }
    }
    if (out->n == 0)
        return;
    /* vetoes */
    dg_i_each_match(x, DG_RK_VETO, m, n, apply_veto, out);
    /* status cues: the highest-priority cue that matches decides */
    for (size_t k = 0; k < out->n; k++) {
        cand_rel *c = &out->v[k];
        c->status = c->rule->has_status ? c->rule->status : DG_ST_ANNOUNCED;
    }
    bool *decided = calloc(out->n, sizeof *decided);
    if (!decided)
        return;
    struct cue_ctx cc = {out, decided};
    dg_i_each_match(x, DG_RK_CUE, m, n, apply_cue, &cc);
    free(decided);
}

/* A later sentence refines what an earlier one said: a specific status
 * replaces "announced", and an amount, round or stake fills a gap. */
int dg_i_status_rank(dg_rel_status s)
{
    switch (s) {
    case DG_ST_ANNOUNCED: return 0;
    case DG_ST_RUMORED: return 1;
    case DG_ST_PLANNED: return 2;
    case DG_ST_COMPLETED: return 3;
    case DG_ST_ENDED: return 4;
    case DG_ST_DENIED: return 5;
    default: return 0;
    }
}

/* ---- per-document merge ---- */

static bool rel_same(const dg_relation *a, const char *type, char **parties, size_t np,
                     bool directed)
{
    if (strcmp(a->type, type) != 0 || a->nparties != np)
        return false;
    for (size_t i = 0; i < np; i++) {
        bool found = false;
        if (directed)
            found = strcmp(a->parties[i], parties[i]) == 0;
        else
            for (size_t j = 0; j < np && !found; j++)
                found = strcmp(a->parties[j], parties[i]) == 0;
        if (!found)
            return false;
    }
    return true;
}


static char *dupn(const char *s)
{
    return s ? strdup(s) : NULL;
}

static const dg_reltype *cand_type(const dg_extractor *x, const cand_rel *c)
{
    return &x->rs->reltypes[cand_type_index(x, c)];
}

static dg_status emit_relation(dg_extractor *x, const dg_doc *doc, dg_doc_result *res,
                               const cand_rel *c, size_t s_start, size_t s_end)
{
    const dg_reltype *rt = cand_type(x, c);
    char *names[16];
    for (size_t i = 0; i < c->nparties; i++)
        names[i] = (char *)x->ments[c->parties[i]].canonical;
    /* undirected: parties in a canonical order, so output is stable */
    if (!rt->directed)
        for (size_t i = 1; i < c->nparties; i++)
            for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
                char *t = names[j];
                names[j] = names[j - 1];
                names[j - 1] = t;
            }
    for (size_t i = 0; i < res->rels.n; i++) {
        dg_relation *a = &res->rels.v[i];
        if (!rel_same(a, rt->name, names, c->nparties, rt->directed))
            continue;
        dg_relmeta *mt = &x->relmeta[i];
        if (c->lead && !mt->lead)
            mt->group = c->group;
        else if (c->lead && mt->group != c->group)
            mt->group = 0; /* a lead of two matches: on its own */
        mt->lead |= c->lead;
        x->relmeta[i].last = x->sent_idx;
        x->relmeta[i].inherit |= c->rule->inherit;
        if (dg_i_status_rank(c->status) > dg_i_status_rank(a->status))
            a->status = c->status;
        if (!a->has_amount && c->money >= 0) {
            a->has_amount = true;
            a->amount = x->ments[c->money].amount;
            memcpy(a->currency, x->ments[c->money].currency, 4);
        }
        if (!a->has_stake && c->pct >= 0) {
            a->has_stake = true;
            a->stake_percent = x->ments[c->pct].pct;
        }
        if (!a->round && c->round[0])
            a->round = strdup(c->round);
        return DG_OK;
    }
    dg_relation r = {0};
    dg_status st = DG_OK;
    r.doc = strdup(doc->id ? doc->id : "");
    r.date = dupn(doc->date);
    r.type = strdup(rt->name);
    r.directed = rt->directed;
    r.status = c->status;
    r.nparties = c->nparties;
    r.parties = calloc(c->nparties, sizeof *r.parties);
    r.party_types = calloc(c->nparties, sizeof *r.party_types);
    r.party_parents = calloc(c->nparties, sizeof *r.party_parents);
    if (!r.doc || !r.type || !r.parties || !r.party_types || !r.party_parents) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < c->nparties; i++) {
        const dg_ment *pm = NULL;
        for (size_t k = 0; k < c->nparties; k++)
            if (strcmp(x->ments[c->parties[k]].canonical, names[i]) == 0)
                pm = &x->ments[c->parties[k]];
        r.parties[i] = strdup(names[i]);
        r.party_types[i] = dupn(pm->type);
        r.party_parents[i] = dupn(pm->parent);
        if (!r.parties[i]) {
            st = DG_ENOMEM;
            goto cleanup;
        }
    }
    if (c->money >= 0) {
        r.has_amount = true;
        r.amount = x->ments[c->money].amount;
        memcpy(r.currency, x->ments[c->money].currency, 4);
    }
    if (c->pct >= 0) {
        r.has_stake = true;
        r.stake_percent = x->ments[c->pct].pct;
    }
    r.round = c->round[0] ? strdup(c->round) : NULL;
    r.start = dg_text_orig_offset(&x->text, s_start);
    r.end = dg_text_orig_offset(&x->text, s_end);
    if (r.end > doc->len)
        r.end = doc->len;
    /* The sentence as normalized (valid UTF-8 even where the original was
     * repaired); offsets point into the original bytes. */
    r.sentence = strndup(x->text.s + s_start, s_end - s_start);
    r.rule = strdup(c->rule->id);
    if (!r.sentence || !r.rule) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    if (res->rels.n >= x->caprelmeta) {
        size_t cap = x->caprelmeta ? x->caprelmeta * 2 : 16;
        dg_relmeta *m = realloc(x->relmeta, cap * sizeof *m);
        if (!m) {
            st = DG_ENOMEM;
            goto cleanup;
        }
        x->relmeta = m;
        x->caprelmeta = cap;
    }
    x->relmeta[res->rels.n] =
        (dg_relmeta){x->sent_idx, x->sent_idx, c->lead, c->lead ? c->group : 0, c->rule->inherit};
    st = dg_relations_push(&res->rels, &r);
cleanup:
    dg_relation_destroy(&r);
    return st;
}

static dg_status emit_mentions(dg_extractor *x, const dg_doc *doc, dg_doc_result *res)
{
    for (size_t i = 0; i < x->nments; i++) {
        const dg_ment *m = &x->ments[i];
        if (m->kind != DG_KIND_ORG)
            continue;
        if (res->nmentions == res->capmentions) {
            size_t cap = res->capmentions ? res->capmentions * 2 : 32;
            dg_mention *v = realloc(res->mentions, cap * sizeof *v);
            if (!v)
                return DG_ENOMEM;
            res->mentions = v;
            res->capmentions = cap;
        }
        dg_mention *o = &res->mentions[res->nmentions];
        memset(o, 0, sizeof *o);
        o->start = dg_text_orig_offset(&x->text, m->start);
        o->end = dg_text_orig_offset(&x->text, m->end);
        if (o->end > doc->len)
            o->end = doc->len;
        /* The rule of a list entry is "list:FILE:LINE". */
        const dg_org *org = NULL;
        char line[24];
        size_t nline = 0;
        if (m->org >= 0 && m->rule && strcmp(m->rule, "list") == 0) {
            org = &x->rs->orgs[m->org];
            for (unsigned v = org->line;; v /= 10) {
                line[sizeof line - 1 - nline++] = (char)('0' + v % 10);
                if (v < 10)
                    break;
            }
        }
        /* One block: canonical first (mention_free frees it), then the
         * others, each NUL-terminated; absent ones stay NULL. */
        size_t lc = strlen(m->canonical), ls = m->end - m->start;
        size_t lt = m->type ? strlen(m->type) + 1 : 0;
        size_t lp = m->parent ? strlen(m->parent) + 1 : 0;
        size_t lf = org ? strlen(org->file) : 0;
        size_t lr = org ? 5 + lf + 1 + nline + 1 : m->rule ? strlen(m->rule) + 1 : 0;
        size_t lx = m->resolved_from ? strlen(m->resolved_from) + 1 : 0;
        char *blk = malloc(lc + 1 + ls + 1 + lt + lp + lr + lx);
        if (!blk)
            return DG_ENOMEM;
        char *p = blk;
        o->canonical = memcpy(p, m->canonical, lc + 1);
        p += lc + 1;
        o->surface = memcpy(p, x->text.s + m->start, ls);
        p[ls] = 0;
        p += ls + 1;
        if (lt) {
            o->type = memcpy(p, m->type, lt);
            p += lt;
        }
        if (lp) {
            o->parent = memcpy(p, m->parent, lp);
            p += lp;
        }
        if (org) {
            o->rule = p;
            memcpy(p, "list:", 5);
            memcpy(p + 5, org->file, lf);
            p[5 + lf] = ':';
            memcpy(p + 5 + lf + 1, line + sizeof line - nline, nline);
            p[5 + lf + 1 + nline] = 0;
            p += lr;
        } else if (lr) {
            o->rule = memcpy(p, m->rule, lr);
            p += lr;
        }
        if (lx)
            o->resolved_from = memcpy(p, m->resolved_from, lx);
        o->listed = m->org >= 0;
        res->nmentions++;
        if (!o->rule)
            return DG_ENOMEM; /* as before: a mention must name its rule */
    }
    return DG_OK;
}

/* ---- triggers ---- */

static void mark_rule(size_t rule, void *ctx)
{
    ((dg_extractor *)ctx)->cand[rule] = 1;
}

static dg_status tokens_and_triggers(dg_extractor *x, const char *s, size_t n)
{
    dg_status st = dg_tokenize(&x->toks, s, n);
    if (st != DG_OK)
        return st;
    if (x->toks.n > x->capvoc) {
        size_t cap = x->toks.n * 2;
        const dg_vocab **v = realloc(x->voc, cap * sizeof *v);
        if (!v)
            return DG_ENOMEM;
        x->voc = v;
        x->capvoc = cap;
    }
    memset(x->cand, 0, x->rs->nrules);
    bool prefixes = true;
    for (size_t i = 0; i < x->toks.n; i++) {
        const dg_token *t = &x->toks.v[i];
        const char *k = x->toks.keys.p + t->key;
        const dg_vocab *v = dg_i_lexicon_lookup(x->rs->lex, k, t->key_len);
        x->voc[i] = v;
        size_t nr;
        const size_t *rules = dg_i_vocab_rules(v, &nr);
        for (size_t j = 0; j < nr; j++)
            x->cand[rules[j]] = 1;
        if (prefixes && (t->flags & DG_TOK_WORD))
            dg_i_lexicon_prefix_rules(x->rs->lex, k, t->key_len, mark_rule, x);
    }
    return DG_OK;
}

/* ---- the sentence and the document ---- */

static void trace_masked(dg_extractor *x)
{
    fputs("  masked: ", x->trace);
    const char *m = x->masked.p;
    for (size_t i = 0; i < x->masked.len; i++) {
        if (m[i] == DG_MARK_OPEN) {
            char kind = m[i + 1];
            size_t idx = strtoul(m + i + 2, NULL, 10);
            const dg_ment *mm = &x->ments[idx];
            if (kind == DG_KIND_ORG)
                fprintf(x->trace, "[ORG %s]", mm->canonical);
            else if (kind == DG_KIND_MONEY)
                fprintf(x->trace, "[MONEY %.0f %s]", mm->amount, mm->currency);
            else
                fprintf(x->trace, "[PERCENT %g]", mm->pct);
            while (i < x->masked.len && m[i] != DG_MARK_CLOSE)
                i++;
        } else {
            fputc(m[i], x->trace);
        }
    }
    fputc('\n', x->trace);
}

/* explain: which organization a coreference phrase names, and why. */
static void trace_coref(const dg_extractor *x, const dg_ment *m)
{
    const char *what = m->why == DG_WHY_SUBJECT     ? "subject of"
                       : m->why == DG_WHY_COSUBJECT ? "joint subject of"
                       : m->why == DG_WHY_MAIN      ? "the document's main organization, in"
                       : m->why == DG_WHY_RELATION  ? "a party of the partnership stated last, in"
                       : m->why == DG_WHY_ASIDE     ? "named before an aside about another, in"
                       : m->why == DG_WHY_LIST      ? "named in a list of as many, in"
                       : m->why == DG_WHY_COUNTERPART ? "the subject's counterpart in a relation of"
                                                    : "most recent in";
    fprintf(x->trace, "  (coref %s: %s ", m->rule, what);
    if (m->why_sent == x->sent_idx)
        fputs("this sentence)", x->trace);
    else if (m->why_sent + 1 == x->sent_idx)
        fputs("the previous sentence)", x->trace);
    else
        fprintf(x->trace, "sentence [%zu, %zu))",
                dg_text_orig_offset(&x->text, x->sents.v[m->why_sent].start),
                dg_text_orig_offset(&x->text, x->sents.v[m->why_sent].end));
}

static dg_status do_sentence(dg_extractor *x, const dg_doc *doc, dg_doc_result *res,
                             size_t sbase, size_t send)
{
    const char *s = x->text.s + sbase;
    size_t n = send - sbase;
    dg_status st = tokens_and_triggers(x, s, n);
    if (st != DG_OK)
        return st;
    x->nments = 0;
    find_listed(x, sbase, s);
    find_patterns(x, sbase, s, n);
    if (x->nments)
        qsort(x->ments, x->nments, sizeof *x->ments, cmp_ment);
    repoint_acronyms(x, sbase);
    learn_origins(x, sbase, s);
    dg_i_mark_subjects(x, sbase, s, false);
    dg_i_find_corefs(x, sbase, s, n);
    find_amounts(x, sbase, s, n);
    if (x->nments)
        qsort(x->ments, x->nments, sizeof *x->ments, cmp_ment);
    dg_i_mark_subjects(x, sbase, s, true);
    if (x->trace) {
        fprintf(x->trace, "\nsentence [%zu, %zu): %.*s\n", dg_text_orig_offset(&x->text, sbase),
                dg_text_orig_offset(&x->text, send), (int)n, s);
        for (size_t i = 0; i < x->nments; i++) {
            const dg_ment *m = &x->ments[i];
            if (m->kind != DG_KIND_ORG)
                continue;
            fprintf(x->trace, "  org %s  \"%.*s\"", m->canonical, (int)(m->end - m->start),
                    x->text.s + m->start);
            if (m->org >= 0 && m->rule && strcmp(m->rule, "list") == 0)
                fprintf(x->trace, "  (list %s:%u)", x->rs->orgs[m->org].file,
                        x->rs->orgs[m->org].line);
            else if (m->resolved_from)
                trace_coref(x, m);
            else if (m->rule && strcmp(m->rule, "document") == 0)
                fprintf(x->trace, "  (a name defined earlier in the text)");
            else
                fprintf(x->trace, "  (orgpattern %s%s)", m->rule, m->org >= 0 ? ", listed" : "");
            if (m->sal != DG_SAL_NONE)
                fputs(m->sal == DG_SAL_SUBJECT ? "  subject" : "  co-subject", x->trace);
            fputc('\n', x->trace);
        }
    }
    st = emit_mentions(x, doc, res);
    if (st != DG_OK)
        return st;
    /* remember organizations for coreference */
    if ((st = remember_seen(x)) != DG_OK)
        return st;
    learn_names(x, sbase);
    build_masked(x, sbase, s, n);
    if (x->trace)
        trace_masked(x);
    rel_list rl = {0};
    find_relations(x, &rl);
    for (size_t i = 0; i < rl.n && st == DG_OK; i++) {
        const cand_rel *c = &rl.v[i];
        if (x->trace) {
            if (c->vetoed)
                fprintf(x->trace, "    - rule %s (%s:%u) matched, but veto %s (%s:%u) applies\n",
                        c->rule->id, c->rule->file, c->rule->line, c->veto->id, c->veto->file,
                        c->veto->line);
            else {
                fprintf(x->trace, "  relation %s", cand_type(x, c)->name);
                for (size_t k = 0; k < c->nparties; k++)
                    fprintf(x->trace, "%s%s", k ? (c->directed ? " -> " : " + ") : " ",
                            x->ments[c->parties[k]].canonical);
                fprintf(x->trace, "  status %s", dg_rel_status_str(c->status));
                if (c->money >= 0)
                    fprintf(x->trace, "  amount %.0f %s", x->ments[c->money].amount,
                            x->ments[c->money].currency);
                if (c->round[0])
                    fprintf(x->trace, "  round %s", c->round);
                if (c->pct >= 0)
                    fprintf(x->trace, "  stake %g%%", x->ments[c->pct].pct);
                fprintf(x->trace, "  (rule %s, %s:%u)\n", c->rule->id, c->rule->file,
                        c->rule->line);
            }
        }
        if (!c->vetoed)
            st = emit_relation(x, doc, res, c, sbase, send);
    }
    free(rl.v);
    /* after this sentence's relations are in the result, so a fact knows
     * which deal was mentioned last */
    if (st == DG_OK)
        dg_i_find_facts(x, res);
    return st;
}

static dg_status run_doc(dg_extractor *x, const dg_doc *doc, dg_doc_result *res)
{
    dg_status st = DG_OK;
    dg_doc_result_clear(res);
    pool_clear(x);
    x->limit_hits = 0;
    x->doc_id = doc->id;
    dg_text_destroy(&x->text);
    DG_TRY(dg_text_init(&x->text, doc->text, doc->len));
    res->repaired = x->text.repaired;
    DG_TRY(dg_sentences_split(&x->sents, x->text.s, x->text.len,
                              (const char *const *)x->rs->abbrevs));
    res->sentences = x->sents.n;
    x->nfacts = 0;
    x->res = res;
    for (size_t i = 0; i < x->sents.n; i++) {
        x->sent_idx = i;
        DG_TRY(do_sentence(x, doc, res, x->sents.v[i].start, x->sents.v[i].end));
    }
    DG_TRY(dg_i_apply_facts(x, res));
cleanup:
    x->res = NULL;
    res->limit_hits = x->limit_hits;
    return st;
}

dg_status dg_extract(dg_extractor *x, const dg_doc *doc, dg_doc_result *res, dg_diags *diags)
{
    x->diags = diags;
    x->trace = NULL;
    dg_status st = run_doc(x, doc, res);
    x->diags = NULL;
    return st;
}

dg_status dg_explain(dg_extractor *x, const char *text, size_t n, FILE *out)
{
    dg_doc doc = {0};
    doc.id = "explain";
    doc.text = (char *)text;
    doc.len = n;
    dg_doc_result res;
    dg_doc_result_init(&res);
    x->trace = out;
    x->diags = NULL;
    dg_status st = run_doc(x, &doc, &res);
    x->trace = NULL;
    if (st == DG_OK) {
        fprintf(out, "\n%zu sentence(s), %zu organization mention(s), %zu relation(s)\n",
                res.sentences, res.nmentions, res.rels.n);
        for (size_t i = 0; i < res.rels.n; i++) {
            const dg_relation *r = &res.rels.v[i];
            fprintf(out, "  %s %s: ", r->type, dg_rel_status_str(r->status));
            for (size_t k = 0; k < r->nparties; k++)
                fprintf(out, "%s%s", k ? (r->directed ? " -> " : " + ") : "", r->parties[k]);
            fprintf(out, "  [rule %s]\n", r->rule);
        }
    }
    dg_doc_result_destroy(&res);
    return st;
}
