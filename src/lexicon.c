/* The lexicon: every organization name and alias as a sequence of token fold
 * keys in one trie, matched in a single pass over a sentence's tokens (not
 * one regex per name), plus the vocabulary that maps a token's fold key to
 * the rules it triggers.
 *
 * Both tables are looked up for every token of every sentence, so they are
 * open-addressing tables with linear probing and a cheap word-at-a-time
 * hash rather than uthash (whose Jenkins hash and chained buckets were the
 * largest single cost of extraction). They only grow while rules load;
 * afterwards they are read-only and shared by threads. */
#include "rules_internal.h"
#include "extract_internal.h"

#include <stdlib.h>
#include <string.h>

struct dg_vocab {
    char *key;
    size_t len;
    uint64_t hash;
    long tid;      /* token id in names, -1 when the word is in no name */
    bool lower_start; /* the first word of a name written in lower case */
    size_t *rules; /* rules this word triggers */
    size_t nrules, caprules;
};

/* Trie edges: (node << 32 | token id) -> child node. EDGE_EMPTY marks a free
 * slot; no real key has it, since node ids stay below 2^32 - 1. */
#define EDGE_EMPTY UINT64_MAX

typedef struct edge {
    uint64_t key;
    uint32_t child;
} edge;

typedef struct node {
    long org;        /* organization ending here, -1 none */
    char *exact;     /* name's tokens as written (no spaces), when case must match */
    char *lower;     /* a name written all in lower case ("e&"), as written */
    bool suffix_end; /* in the suffix trie: a legal suffix ends here */
} node;

typedef struct prefix_trigger {
    char *key; /* the prefix */
    size_t len;
    size_t rule;
} prefix_trigger;

/* A vocabulary slot keeps the hash beside the pointer so that probing past
 * other words does not touch their entries (a cache miss each). */
typedef struct vslot {
    uint64_t hash;
    dg_vocab *v; /* NULL: free slot */
} vslot;

struct dg_lexicon {
    vslot *vocab; /* open addressing by key_hash */
    size_t nvocab, capvocab;
    long ntids;
    edge *edges;      /* open addressing by edge_hash */
    size_t nedges, capedges;
    node *nodes;
    size_t nnodes, capnodes;
    uint32_t root, suffix_root;
    size_t names;
    prefix_trigger *prefixes;
    size_t nprefixes;
    dg_tokens scratch;
};

/* Hash of a fold key: 8 bytes at a time, then a final mix (the keys are
 * short words, so this is a few multiplications). */
static uint64_t key_hash(const char *s, size_t n)
{
    uint64_t h = UINT64_C(0x9E3779B97F4A7C15) ^ (n * UINT64_C(0xFF51AFD7ED558CCD));
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * UINT64_C(0xC4CEB9FE1A85EC53);
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    /* the last 0..7 bytes, little-endian, without a variable-length memcpy
     * call */
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * UINT64_C(0xFF51AFD7ED558CCD);
    h ^= h >> 32;
    h *= UINT64_C(0xC4CEB9FE1A85EC53);
    h ^= h >> 29;
    return h;
}

static size_t edge_hash(uint64_t key)
{
    key *= UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(key ^ (key >> 31));
}

/* Slot of `key` in the vocabulary: its entry, or the free slot where it
 * would go. capvocab must be a power of two with a free slot. */
static size_t vocab_slot(const dg_lexicon *lx, const char *key, size_t n, uint64_t h)
{
    size_t mask = lx->capvocab - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const vslot *sl = &lx->vocab[i];
        if (!sl->v || (sl->hash == h && sl->v->len == n && memcmp(sl->v->key, key, n) == 0))
            return i;
    }
}

/* Keeps the load factor at most 1/2 so probes stay short. */
static bool vocab_grow(dg_lexicon *lx)
{
    if (2 * (lx->nvocab + 1) <= lx->capvocab)
        return true;
    size_t cap = lx->capvocab ? lx->capvocab * 2 : 1024;
    vslot *old = lx->vocab;
    size_t oldcap = lx->capvocab;
    lx->vocab = calloc(cap, sizeof *lx->vocab);
    if (!lx->vocab) {
        lx->vocab = old;
        return false;
    }
    lx->capvocab = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].v)
            lx->vocab[vocab_slot(lx, old[i].v->key, old[i].v->len, old[i].hash)] = old[i];
    free(old);
    return true;
}

static size_t edge_slot(const dg_lexicon *lx, uint64_t key)
{
    size_t mask = lx->capedges - 1;
    for (size_t i = edge_hash(key) & mask;; i = (i + 1) & mask)
        if (lx->edges[i].key == key || lx->edges[i].key == EDGE_EMPTY)
            return i;
}

static bool edges_grow(dg_lexicon *lx)
{
    if (2 * (lx->nedges + 1) <= lx->capedges)
        return true;
    size_t cap = lx->capedges ? lx->capedges * 2 : 4096;
    edge *old = lx->edges;
    size_t oldcap = lx->capedges;
    lx->edges = malloc(cap * sizeof *lx->edges);
    if (!lx->edges) {
        lx->edges = old;
        return false;
    }
    for (size_t i = 0; i < cap; i++)
        lx->edges[i].key = EDGE_EMPTY;
    lx->capedges = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key != EDGE_EMPTY)
            lx->edges[edge_slot(lx, old[i].key)] = old[i];
    free(old);
    return true;
}

static long new_node(dg_lexicon *lx)
{
    if (lx->nnodes == lx->capnodes) {
        size_t cap = lx->capnodes ? lx->capnodes * 2 : 1024;
        node *v = realloc(lx->nodes, cap * sizeof *v);
        if (!v)
            return -1;
        lx->nodes = v;
        lx->capnodes = cap;
    }
    lx->nodes[lx->nnodes] = (node){-1, NULL, NULL, false};
    return (long)lx->nnodes++;
}

dg_lexicon *dg_i_lexicon_new(void)
{
    dg_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx)
        return NULL;
    dg_tokens_init(&lx->scratch);
    long a = new_node(lx), b = new_node(lx);
    if (a < 0 || b < 0 || !vocab_grow(lx) || !edges_grow(lx)) {
        dg_i_lexicon_free(lx);
        return NULL;
    }
    lx->root = (uint32_t)a;
    lx->suffix_root = (uint32_t)b;
    return lx;
}

void dg_i_lexicon_free(dg_lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->capvocab; i++) {
        dg_vocab *v = lx->vocab[i].v;
        if (v) {
            free(v->key);
            free(v->rules);
            free(v);
        }
    }
    free(lx->vocab);
    free(lx->edges);
    for (size_t i = 0; i < lx->nnodes; i++) {
        free(lx->nodes[i].exact);
        free(lx->nodes[i].lower);
    }
    free(lx->nodes);
    for (size_t i = 0; i < lx->nprefixes; i++)
        free(lx->prefixes[i].key);
    free(lx->prefixes);
    dg_tokens_destroy(&lx->scratch);
    free(lx);
}

/* Finds (or, with create, adds) the vocabulary entry of fold key key[0..n). */
static dg_vocab *vocab_get(dg_lexicon *lx, const char *key, size_t n, bool create)
{
    uint64_t h = key_hash(key, n);
    size_t i = vocab_slot(lx, key, n, h);
    if (lx->vocab[i].v || !create)
        return lx->vocab[i].v;
    if (!vocab_grow(lx))
        return NULL;
    i = vocab_slot(lx, key, n, h); /* the table may have been rebuilt */
    dg_vocab *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->key = strndup(key, n);
    if (!v->key) {
        free(v);
        return NULL;
    }
    v->len = n;
    v->hash = h;
    v->tid = -1;
    lx->vocab[i] = (vslot){h, v};
    lx->nvocab++;
    return v;
}

static inline long child(const dg_lexicon *lx, uint32_t from, long tid)
{
    uint64_t k = ((uint64_t)from << 32) | (uint32_t)tid;
    const edge *e = &lx->edges[edge_slot(lx, k)];
    return e->key == k ? (long)e->child : -1;
}

static long child_add(dg_lexicon *lx, uint32_t from, long tid)
{
    long c = child(lx, from, tid);
    if (c >= 0)
        return c;
    if (!edges_grow(lx))
        return -1;
    c = new_node(lx);
    if (c < 0)
        return -1;
    uint64_t k = ((uint64_t)from << 32) | (uint32_t)tid;
    lx->edges[edge_slot(lx, k)] = (edge){k, (uint32_t)c};
    lx->nedges++;
    return c;
}

/* Walks (creating) the path of `name`'s tokens from `root`; returns the last
 * node or -1 on out of memory. *ntok receives the number of tokens. */
static long insert_path(dg_lexicon *lx, uint32_t root, const char *name, size_t *ntok)
{
    dg_tokens *t = &lx->scratch;
    if (dg_tokenize(t, name, strlen(name)) != DG_OK)
        return -1;
    *ntok = t->n;
    long cur = root;
    for (size_t i = 0; i < t->n; i++) {
        const char *k = t->keys.p + t->v[i].key;
        dg_vocab *v = vocab_get(lx, k, t->v[i].key_len, true);
        if (!v)
            return -1;
        if (v->tid < 0)
            v->tid = lx->ntids++;
        cur = child_add(lx, (uint32_t)cur, v->tid);
        if (cur < 0)
            return -1;
    }
    return cur;
}

/* The name without its spaces, or NULL. */
static char *strip_spaces(const char *name)
{
    size_t len = strlen(name);
    char *x = malloc(len + 1), *p = x;
    if (!x)
        return NULL;
    for (size_t i = 0; i < len; i++)
        if (name[i] != ' ')
            *p++ = name[i];
    *p = 0;
    return x;
}

/* A name written in lower case that is no common word: ASCII with a
 * lower-case letter and no capital or digit, three characters or more or
 * holding a sign ("e&", "flydubai", "imec"; not "du"). Such a name is looked
 * up at lower-case tokens too, where it must appear exactly as written. */
static bool lowercase_name(const char *name)
{
    bool lower = false, sign = false;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (*p >= 0x80 || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
            return false;
        lower |= *p >= 'a' && *p <= 'z';
        sign |= *p != ' ' && !(*p >= 'a' && *p <= 'z');
        n += *p != ' ';
    }
    return lower && (n >= 3 || sign);
}

dg_status dg_i_lexicon_add_name(dg_lexicon *lx, const char *name, size_t org,
                                bool exact_case, size_t *other)
{
    size_t ntok = 0;
    long n = insert_path(lx, lx->root, name, &ntok);
    if (n < 0)
        return DG_ENOMEM;
    if (ntok == 0)
        return DG_EINVAL;
    node *nd = &lx->nodes[n];
    if (nd->org >= 0 && (size_t)nd->org != org) {
        *other = (size_t)nd->org;
        return DG_EINVAL;
    }
    if (nd->org < 0)
        lx->names++;
    nd->org = (long)org;
    if (exact_case && !nd->exact && !(nd->exact = strip_spaces(name)))
        return DG_ENOMEM;
    if (!exact_case && !nd->lower && lowercase_name(name)) {
        /* lx->scratch still holds the name's tokens (insert_path) */
        const dg_tokens *t = &lx->scratch;
        dg_vocab *v = vocab_get(lx, t->keys.p + t->v[0].key, t->v[0].key_len, false);
        if (!(nd->lower = strip_spaces(name)))
            return DG_ENOMEM;
        if (v)
            v->lower_start = true;
    }
    return DG_OK;
}

dg_status dg_i_lexicon_add_suffix(dg_lexicon *lx, const char *suffix)
{
    size_t ntok = 0;
    long n = insert_path(lx, lx->suffix_root, suffix, &ntok);
    if (n < 0)
        return DG_ENOMEM;
    if (ntok)
        lx->nodes[n].suffix_end = true;
    return DG_OK;
}

dg_status dg_i_lexicon_add_trigger(dg_lexicon *lx, const char *word, size_t rule)
{
    dg_buf key;
    dg_buf_init(&key);
    size_t n = strlen(word);
    bool prefix = n > 1 && word[n - 1] == '*';
    dg_status st = dg_fold_append(&key, word, prefix ? n - 1 : n);
    if (st != DG_OK)
        goto cleanup;
    if (prefix) {
        prefix_trigger *p =
            realloc(lx->prefixes, (lx->nprefixes + 1) * sizeof *lx->prefixes);
        if (!p) {
            st = DG_ENOMEM;
            goto cleanup;
        }
        lx->prefixes = p;
        p[lx->nprefixes] = (prefix_trigger){strndup(key.p, key.len), key.len, rule};
        if (!p[lx->nprefixes].key) {
            st = DG_ENOMEM;
            goto cleanup;
        }
        lx->nprefixes++;
    } else {
        /* Sentences are looked up token by token, and "tie-up" or "joint
         * venture" is several tokens: such a trigger is filed under its
         * longest word, which every sentence holding it holds too. */
        const char *k = key.p;
        size_t kn = key.len;
        dg_tokens t;
        dg_tokens_init(&t);
        if (dg_tokenize(&t, key.p, key.len) == DG_OK && t.n > 1) {
            bool chosen = false;
            for (size_t i = 0; i < t.n; i++)
                if ((t.v[i].flags & DG_TOK_WORD) && (!chosen || t.v[i].end - t.v[i].start > kn)) {
                    k = key.p + t.v[i].start; /* the key is folded already */
                    kn = t.v[i].end - t.v[i].start;
                    chosen = true;
                }
        }
        dg_tokens_destroy(&t);
        dg_vocab *v = vocab_get(lx, k, kn, true);
        if (!v) {
            st = DG_ENOMEM;
            goto cleanup;
        }
        for (size_t i = 0; i < v->nrules; i++)
            if (v->rules[i] == rule)
                goto cleanup;
        if (v->nrules == v->caprules) {
            size_t cap = v->caprules ? v->caprules * 2 : 4;
            size_t *r = realloc(v->rules, cap * sizeof *r);
            if (!r) {
                st = DG_ENOMEM;
                goto cleanup;
            }
            v->rules = r;
            v->caprules = cap;
        }
        v->rules[v->nrules++] = rule;
    }
cleanup:
    dg_buf_destroy(&key);
    return st;
}

size_t dg_i_lexicon_names(const dg_lexicon *lx)
{
    return lx->names;
}

const dg_vocab *dg_i_lexicon_lookup(const dg_lexicon *lx, const char *key, size_t n)
{
    return lx->vocab[vocab_slot(lx, key, n, key_hash(key, n))].v;
}

const size_t *dg_i_vocab_rules(const dg_vocab *v, size_t *n)
{
    *n = v ? v->nrules : 0;
    return v ? v->rules : NULL;
}

void dg_i_lexicon_prefix_rules(const dg_lexicon *lx, const char *key, size_t n,
                               void (*fn)(size_t rule, void *ctx), void *ctx)
{
    for (size_t i = 0; i < lx->nprefixes; i++) {
        const prefix_trigger *p = &lx->prefixes[i];
        if (p->len <= n && memcmp(p->key, key, p->len) == 0)
            fn(p->rule, ctx);
    }
}

/* Surface tokens concatenated without white space, compared with the exact
 * form a strict name was written in. */
static bool exact_equal(const dg_tokens *toks, size_t a, size_t b, const char *text,
                        const char *exact)
{
    size_t off = 0;
    for (size_t i = a; i < b; i++) {
        size_t len = toks->v[i].end - toks->v[i].start;
        if (strncmp(exact + off, text + toks->v[i].start, len) != 0)
            return false;
        off += len;
    }
    return exact[off] == 0;
}

bool dg_i_vocab_lower_start(const dg_vocab *v)
{
    return v->lower_start;
}

bool dg_i_lexicon_match(const dg_lexicon *lx, const dg_tokens *toks,
                        const dg_vocab *const *voc, size_t i, const char *text, bool lower,
                        dg_lexmatch *out)
{
    long cur = lx->root;
    long best_org = -1;
    size_t best_end = 0;
    for (size_t j = i; j < toks->n; j++) {
        const dg_vocab *v = voc[j];
        if (!v || v->tid < 0)
            break;
        /* Names do not run across a space-less join with a previous word
         * ("Google-backed" keeps "Google" whole) but may hold punctuation. */
        cur = child(lx, (uint32_t)cur, v->tid);
        if (cur < 0)
            break;
        const node *nd = &lx->nodes[cur];
        if (nd->org >= 0 && (!nd->exact || exact_equal(toks, i, j + 1, text, nd->exact)) &&
            (!lower || (nd->lower && exact_equal(toks, i, j + 1, text, nd->lower)))) {
            best_org = nd->org;
            best_end = j + 1;
        }
    }
    if (best_org < 0)
        return false;
    /* Take a legal suffix that follows ("Inc.", ", Ltd.") into the mention. */
    size_t end = best_end;
    long s = lx->suffix_root;
    for (size_t j = best_end; j < toks->n; j++) {
        const dg_vocab *v = voc[j];
        if (!v || v->tid < 0)
            break;
        s = child(lx, (uint32_t)s, v->tid);
        if (s < 0)
            break;
        /* "Roche co-developed": a suffix glued to a hyphen is a word prefix */
        if (lx->nodes[s].suffix_end &&
            !(j + 1 < toks->n && toks->v[j + 1].start == toks->v[j].end &&
              text[toks->v[j].end] == '-'))
            end = j + 1;
    }
    out->tok_start = i;
    out->name_end = best_end;
    out->tok_end = end;
    out->org = (size_t)best_org;
    return true;
}

long dg_i_lexicon_find(const dg_lexicon *lx, const char *name, size_t n)
{
    dg_tokens t;
    dg_tokens_init(&t);
    long org = -1;
    if (dg_tokenize(&t, name, n) == DG_OK)
        org = dg_i_lexicon_find_tokens(lx, &t);
    dg_tokens_destroy(&t);
    return org;
}

long dg_i_lexicon_find_tokens(const dg_lexicon *lx, const dg_tokens *tp)
{
    const dg_tokens t = *tp;
    long org = -1;
    long cur = lx->root;
    size_t j = 0;
    for (; j < t.n; j++) {
        const dg_vocab *v = dg_i_lexicon_lookup(lx, t.keys.p + t.v[j].key, t.v[j].key_len);
        if (!v || v->tid < 0)
            break;
        long c = child(lx, (uint32_t)cur, v->tid);
        if (c < 0)
            break;
        cur = c;
        if (lx->nodes[cur].org >= 0) {
            /* the rest must be a legal suffix */
            long s = lx->suffix_root;
            size_t k = j + 1;
            bool ok = k == t.n;
            for (; k < t.n && !ok; k++) {
                const dg_vocab *w =
                    dg_i_lexicon_lookup(lx, t.keys.p + t.v[k].key, t.v[k].key_len);
                if (!w || w->tid < 0)
                    break;
                s = child(lx, (uint32_t)s, w->tid);
                if (s < 0)
                    break;
                if (lx->nodes[s].suffix_end && k + 1 == t.n)
                    ok = true;
            }
            if (ok)
                org = lx->nodes[cur].org;
        }
    }
    return org;
}

/* ---- word sets: a word list's fold keys for the extractor's hot path ---- */

typedef struct wslot {
    uint64_t hash;
    uint32_t off, len; /* key in keys */
    bool used;
} wslot;

struct dg_wordset {
    wslot *slots;
    size_t cap; /* power of two, at most half full */
    dg_buf keys;
};

static size_t wordset_slot(const dg_wordset *ws, const char *key, size_t n, uint64_t h)
{
    size_t mask = ws->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const wslot *sl = &ws->slots[i];
        if (!sl->used || (sl->hash == h && sl->len == n &&
                          memcmp(ws->keys.p + sl->off, key, n) == 0))
            return i;
    }
}

dg_status dg_i_wordset_new(const dg_wordlist *wl, dg_wordset **out)
{
    dg_status st = DG_OK;
    dg_buf k;
    dg_buf_init(&k);
    dg_wordset *ws = calloc(1, sizeof *ws);
    *out = NULL;
    if (!ws)
        return DG_ENOMEM;
    dg_buf_init(&ws->keys);
    ws->cap = 16;
    while (ws->cap < 2 * wl->nitems + 2)
        ws->cap *= 2;
    ws->slots = calloc(ws->cap, sizeof *ws->slots);
    if (!ws->slots) {
        st = DG_ENOMEM;
        goto cleanup;
    }
    for (size_t j = 0; j < wl->nitems; j++) {
        /* the same keys as the loader's key set (rules_load.c) */
        k.len = 0;
        DG_TRY(dg_fold_append(&k, wl->items[j], strlen(wl->items[j])));
        const char *key = k.p ? k.p : "";
        uint64_t h = key_hash(key, k.len);
        size_t i = wordset_slot(ws, key, k.len, h);
        if (ws->slots[i].used)
            continue;
        if (ws->keys.len + k.len > UINT32_MAX) {
            st = DG_ELIMIT;
            goto cleanup;
        }
        ws->slots[i] = (wslot){h, (uint32_t)ws->keys.len, (uint32_t)k.len, true};
        DG_TRY(dg_buf_append(&ws->keys, key, k.len));
    }
    *out = ws;
    ws = NULL;
cleanup:
    dg_buf_destroy(&k);
    dg_i_wordset_free(ws);
    return st;
}

bool dg_i_wordset_has(const dg_wordset *ws, const char *key, size_t n)
{
    return ws && ws->slots[wordset_slot(ws, key, n, key_hash(key, n))].used;
}

void dg_i_wordset_free(dg_wordset *ws)
{
    if (!ws)
        return;
    free(ws->slots);
    dg_buf_destroy(&ws->keys);
    free(ws);
}
