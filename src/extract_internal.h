/* The extractor's per-thread state (extract.c), shared with explain.c and
 * ruletest.c. */
#ifndef DG_EXTRACT_INTERNAL_H
#define DG_EXTRACT_INTERNAL_H

#include "rules_internal.h"

#include <dealgraph/extract.h>
#include <stdio.h>

/* A mention inside the current sentence. Offsets are in the normalized
 * document text. */
typedef struct dg_ment {
    size_t start, end;
    char kind; /* DG_KIND_ORG, DG_KIND_MONEY, DG_KIND_PERCENT */
    long org;  /* organization index in the rule set, or -1 (unlisted) */
    const char *canonical, *type, *sector, *parent;
    const char *rule;          /* rule id or list entry */
    const char *resolved_from; /* coreference phrase, or NULL */
    long also;                 /* plural coreference: the next mention of the same span, or -1 */
    unsigned char sal;         /* DG_SAL_*: the organization's place in its clause */
    unsigned char why;         /* coreference: DG_WHY_*, how the organization was chosen */
    size_t why_sent;           /* coreference: the sentence it was chosen from */
    double amount;
    char currency[4];
    double pct;
} dg_ment;

/* Salience of an organization mention, for coreference: the subject of its
 * sentence (the first organization at the start of the sentence or of its
 * main clause: after an opening phrase and a comma, a dateline dash, or
 * "said"/"that"), a further party of a coordinated subject ("X and Y
 * agreed"), or neither. */
enum { DG_SAL_NONE, DG_SAL_SUBJECT, DG_SAL_COSUBJECT };

/* Why coreference chose an organization (explain). */
enum { DG_WHY_RECENT, DG_WHY_SUBJECT, DG_WHY_COSUBJECT, DG_WHY_MAIN, DG_WHY_RELATION, DG_WHY_ASIDE, DG_WHY_LIST, DG_WHY_COUNTERPART };

/* An organization seen earlier in the document, for coreference. */
typedef struct dg_seen {
    const char *canonical, *type, *sector, *parent;
    long org;
    size_t pos;         /* normalized offset of the mention */
    size_t sent;        /* index of its sentence */
    unsigned char sal;  /* DG_SAL_* */
    unsigned named;     /* how many mentions of it the document has had, this one included */
    size_t list;        /* names written as one list ("A, B and C") share it; 0: none */
} dg_seen;

/* A name that this document defines: an acronym "(AMD)" or an unlisted
 * organization's name, matched in later sentences. */
typedef struct dg_local {
    char *key;      /* fold keys of its tokens, space-separated */
    size_t klen;    /* strlen(key) */
    uint32_t *lens; /* offset and length of each token's key in `key`, in pairs;
                     * one allocation holds both (free lens) */
    size_t ntok;
    bool given_name; /* a first name too ("Tiffany" of Tiffany & Co.): not
                        when a capitalized word follows ("Tiffany Trump") */
    bool defined;    /* an acronym the text defined ("Mitsui O.S.K. Lines (MOL)"):
                        it wins over a listed name of the same length (MOL Group) */
    dg_seen org;
} dg_local;

/* A word list's fold keys in an open-addressing table (lexicon.c): the same
 * answers as the rule set's key set, with a cheaper hash, for the lookups
 * made for every organization candidate. Each extractor builds its own. */
typedef struct dg_wordset dg_wordset;
dg_status dg_i_wordset_new(const dg_wordlist *wl, dg_wordset **out);
/* false for a NULL set */
bool dg_i_wordset_has(const dg_wordset *ws, const char *key, size_t n);
void dg_i_wordset_free(dg_wordset *ws);

/* Where a pattern can start (startset.c): first[b] is false only when no
 * match can begin at a character whose first byte is b; rej[c] is true only
 * when no match can begin right after the ASCII character c. Computed from
 * the expanded pattern text and its compile options; false when the pattern
 * uses something the reader does not handle (then nothing is known). */
/* Tails: regexes that any match must be followed by (see startset.c),
 * best first; a start with no tail match at or after it cannot match. */
#define DG_STARTSET_TAILS 8
#define DG_STARTSET_TAIL_MAX 2000 /* weight of the first characters, per mille */
/* What a match consumes before tail k begins: only characters in chars[]
 * (ASCII) or non-ASCII ones when hi, with at most ws runs of white space
 * (\s as pcre2 reads it under UCP; UINT32_MAX: no bound). So a start
 * whose text up to the next tail match breaks either cannot match. */
typedef struct dg_tailgap {
    bool chars[128];
    bool hi;
    uint32_t ws;
} dg_tailgap;

typedef struct dg_startset {
    bool first[256];
    bool rej[128];
    char *tails[DG_STARTSET_TAILS];
    dg_tailgap gaps[DG_STARTSET_TAILS];
    size_t ntails;
} dg_startset;
bool dg_i_startset_compute(const char *pattern, size_t n, uint32_t options, dg_startset *out);
void dg_i_startset_destroy(dg_startset *ss);

/* Per extractor and pattern: how to search it (extract.c). */
typedef struct dg_accel dg_accel;
typedef struct dg_accel_cache dg_accel_cache;

/* A value a fact rule found in this document: the amount, round or stake of
 * a deal of `type` about `target` (NULL: "the deal", no party named). */
#define DG_FACT_TAKERS 8
typedef struct dg_fact {
    const dg_rule *rule;
    int type;
    const char *target; /* canonical name, valid for the document */
    const char *source; /* the investor or buyer the value is told of, or NULL */
    size_t sent;        /* sentence index */
    /* no target: the relations (result indexes) of the deal mentioned last
     * when the fact was read, all in sentence `anchor` */
    size_t takers[DG_FACT_TAKERS], ntakers, anchor;
    bool has_amount, has_stake, has_status;
    bool each;          /* an `each` group: every taker put in the amount ("Each of them will put in") */
    double amount, stake;
    char currency[4];
    char round[48];
    dg_rel_status status; /* "The deal closed in November": completed */
} dg_fact;

/* Per relation of the document result, parallel to its array: what the
 * fact pass needs to know about how the relation was found. */
typedef struct dg_relmeta {
    size_t sent, last; /* first and last sentence that stated it */
    bool lead;        /* first source of its match at least once (amounts go to the lead) */
    size_t group;     /* leads of one match with an `each` group share it: one deal's
                       * leads, as one for a value told apart (0: none, or mixed) */
    unsigned inherit; /* DG_INHERIT_* of its rules */
} dg_relmeta;

struct dg_extractor {
    const dg_ruleset *rs;
    dg_accel *accel;   /* per pattern of the rule set, by pat_base[rule] + index */
    dg_accel_cache *cache; /* what the per-pattern fast paths share, with siblings */
    size_t *pat_base;  /* per rule: index of its first pattern in accel */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    dg_text text;
    dg_spans sents;
    dg_tokens toks;
    const dg_vocab **voc;
    size_t capvoc;
    unsigned char *cand; /* per rule: triggered in this sentence */
    dg_ment *ments;
    size_t nments, capments;
    dg_buf masked;
    dg_buf scratch;
    /* Reused within one sentence so the hot path does not allocate:
     * tokens of a candidate name (display_name, learn_names) and a key
     * being built. */
    dg_tokens ntoks;
    dg_buf keybuf;
    dg_wordset **lists; /* per word list of the rule set */
    int first_names, places, not_org, calendar; /* list ids, or -1 */
    int index_after;     /* INDEX_AFTER: "Nasdaq Composite" is an index, or -1 */
    int number_words;    /* NUMBER_WORDS: "Three" counting what follows, or -1 */
    int verb_after_name; /* VERB_AFTER_NAME: a verb right after a name ("Three said"), or -1 */
    int person_title; /* PERSON_TITLE: "chief executive X Y" names a person, or -1 */
    int demonyms, org_adj;                       /* ORG_DEMONYM, ORG_ADJ: list ids, or -1 */
    int clause_break; /* CLAUSE_BREAK: words after a comma that start another clause, or -1 */
    int org_head, descriptor; /* ORG_HEAD, DESCRIPTOR: generic name and description words */
    dg_seen *seen;
    size_t nseen, capseen;
    /* countries the document gave organizations the lists give none
     * ("Istanbul-based Peak", "Turkey's Peak"): canonical name and code */
    struct dg_origin {
        const char *canonical;
        char code[4];
    } *origins;
    size_t norigins, caporigins;
    dg_local *locals;
    size_t nlocals, caplocals;
    /* Prefilter for match_local: bit local_sig(first token) is set for
     * every local name, so most tokens skip the scan of all names. */
    uint64_t local_filter[4];
    char **pool; /* strings owned until the end of the document */
    size_t npool, cappool;
    /* explain: when set, the pipeline tells what it does */
    FILE *trace;
    const char *doc_id;
    dg_diags *diags;
    size_t limit_hits;
    dg_fact *facts; /* this document's facts, in text order */
    size_t nfacts, capfacts;
    dg_relmeta *relmeta; /* parallel to the result's relations */
    size_t caprelmeta;
    size_t ngroups;      /* `each` matches so far, to number relmeta groups */
    size_t sent_idx; /* the sentence being read */
    const dg_doc_result *res; /* the document's relations so far (coreference reads them) */
    /* profiling (dg_extractor_profile): per rule, NULL when off */
    double *cost_sec;
    unsigned long *cost_calls, *cost_hits;
};

/* Shared by the extraction modules (extract.c, match.c, coref.c, facts.c). */

/* s (malloc'ed, may be NULL) kept until the end of the document; returns it. */
const char *dg_i_pool_keep(dg_extractor *x, char *s);
/* The country of an organization: its list entry's, else what the
 * document said of it before ("Istanbul-based Peak"); NULL when neither. */
const char *dg_i_org_country(const dg_extractor *x, long org, const char *canonical);

/* The text of the named group of p's last match (in x->md) on s; false when
 * the pattern has no such group or it did not take part. */
bool dg_i_group_text(const dg_extractor *x, const dg_pattern *p, const char *name,
                     const char *s, const char **out, size_t *n);
/* A new zeroed mention at the end of x->ments, or NULL when out of memory. */
dg_ment *dg_i_ment_add(dg_extractor *x);
/* Whether [s, e) overlaps a mention (of kind kind_filter, or any when 0). */
bool dg_i_overlaps_any(const dg_extractor *x, size_t s, size_t e, char kind_filter);

/* match.c: the fast paths' cache, shared by an extractor and its siblings
 * (new: one reference; hold: one more; release: the last frees it), the
 * per-extractor fast-path states, and one search: pcre2_match(p, s, n,
 * start) with PCRE2_NO_UTF_CHECK into x->md, through the fast path, with
 * limit hits reported and costs counted when profiling. */
dg_accel_cache *dg_i_accel_cache_new(size_t npats);
void dg_i_accel_cache_hold(dg_accel_cache *c);
void dg_i_accel_cache_release(dg_accel_cache *c);
dg_accel *dg_i_accels_new(size_t npats);
void dg_i_accels_free(dg_accel *a, size_t npats);
int dg_i_run_match(dg_extractor *x, const dg_rule *r, const dg_pattern *p, const char *s,
                   size_t n, size_t start);

/* Calls fn(x, rule, pattern, ovector, ctx) for every match, left to right,
 * of every pattern of the rules of kind k this sentence triggered. */
typedef void (*dg_i_match_fn)(dg_extractor *x, const dg_rule *r, const dg_pattern *p,
                              const PCRE2_SIZE *ov, void *ctx);
void dg_i_each_match(dg_extractor *x, dg_rule_kind k, const char *s, size_t n, dg_i_match_fn fn,
                     void *ctx);

/* The sentence a match callback works on. */
typedef struct sentence_at {
    size_t sbase; /* the sentence's offset in the document text */
    const char *s;
} sentence_at;

/* coref.c: marks the clause subjects among this sentence's organization
 * mentions (resolved: the coreference mentions, after they are found), and
 * resolves the sentence's coreference phrases into organization mentions. */
void dg_i_mark_subjects(dg_extractor *x, size_t sbase, const char *s, bool resolved);
void dg_i_find_corefs(dg_extractor *x, size_t sbase, const char *s, size_t n);

/* extract.c, for facts.c: mention indices of the ORG tokens in masked[a, e)
 * (at most max), the first mention of kind in masked[a, e) or -1, a round's
 * normal form ("Series B" -> "series b"), and the rank of a status (a more
 * specific one replaces "announced"). */
size_t dg_i_orgs_in(const dg_extractor *x, size_t a, size_t e, size_t *out, size_t max);
long dg_i_ment_in(const dg_extractor *x, size_t a, size_t e, char kind);
void dg_i_normalize_round(char *dst, size_t cap, const char *s, size_t n);
int dg_i_status_rank(dg_rel_status s);

/* facts.c: collects the facts of the sentence just read (after its
 * relations are in res), and gives the document's relations the values and
 * statuses its facts state. */
void dg_i_find_facts(dg_extractor *x, const dg_doc_result *res);
dg_status dg_i_apply_facts(dg_extractor *x, dg_doc_result *res);

/* dg_i_lexicon_find over an already tokenized name (lexicon.c): the
 * organization whose name, optionally followed by a legal suffix, is
 * exactly the tokens of t, or -1. */
long dg_i_lexicon_find_tokens(const dg_lexicon *lx, const dg_tokens *t);

#endif
