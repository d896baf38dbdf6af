/* Internal layout of a compiled rule set, shared by the loader
 * (rules_load.c, rules_pattern.c), the lexicon (lexicon.c) and the matcher
 * (match.c, extract.c, explain.c, ruletest.c). Immutable after loading. */
#ifndef DG_RULES_INTERNAL_H
#define DG_RULES_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dealgraph/relation.h>
#include <dealgraph/rules.h>
#include <dealgraph/text.h>

/* Masked sentences: every entity mention is replaced by a token
 * MARK_OPEN kind index MARK_CLOSE, so relation patterns refer to
 * organizations through slots instead of matching names. */
#define DG_MARK_OPEN '\x01'
#define DG_MARK_CLOSE '\x02'
#define DG_KIND_ORG 'O'
#define DG_KIND_MONEY 'M'
#define DG_KIND_PERCENT 'P'

typedef enum dg_role {
    DG_ROLE_NONE = 0,
    DG_ROLE_SOURCE,
    DG_ROLE_TARGET,
    DG_ROLE_PARTY,
    DG_ROLE_AMOUNT,
    DG_ROLE_STAKE,
    DG_ROLE_ROUND,
    DG_ROLE_NAME /* organization patterns: the name */
} dg_role;

typedef enum dg_slot_kind {
    DG_SLOT_ORG,     /* one organization */
    DG_SLOT_ORGS,    /* a list "A, B and C" */
    DG_SLOT_MONEY,
    DG_SLOT_PERCENT,
    DG_SLOT_TEXT     /* a macro or word list captured as text */
} dg_slot_kind;

typedef struct dg_slot {
    uint32_t group; /* pcre2 capture group number */
    dg_slot_kind kind;
    dg_role role;
} dg_slot;

typedef struct dg_pattern {
    pcre2_code *code;
    char *expanded; /* the regex after macro expansion, for explain */
    unsigned line, col;
    dg_slot *slots;
    size_t nslots;
    size_t norg_slots; /* ORG and ORGS slots */
} dg_pattern;

typedef enum dg_rule_kind {
    DG_RK_RELATION = 0,
    DG_RK_VETO,
    DG_RK_CUE,
    DG_RK_ORGPATTERN,
    DG_RK_COREF,
    DG_RK_MONEY,
    DG_RK_PERCENT,
    DG_RK_FACT, /* an amount, round or stake of a deal stated apart from its parties */
    DG_RK__COUNT
} dg_rule_kind;

/* The keyword that starts a block of kind k ("rule", "veto", ...). */
const char *dg_i_kind_word(dg_rule_kind k);

/* What a relation rule takes from the document's facts ("inherit"). */
enum { DG_INHERIT_AMOUNT = 1, DG_INHERIT_ROUND = 2, DG_INHERIT_STAKE = 4 };

/* An example written beside a rule. */
typedef struct dg_expect_rel {
    char *type;
    char **parties; /* for directed types: {source, target} */
    size_t nparties;
    bool directed;
    bool has_status;
    dg_rel_status status;
    bool has_amount;
    double amount;
    char currency[4];
    char *round;
    bool has_stake;
    double stake;
} dg_expect_rel;

typedef struct dg_example {
    char *text;
    unsigned line;
    bool counter;
    bool has_expect;
    bool expect_org; /* "=> org NAME" */
    char *org_name;
    dg_expect_rel rel;
} dg_example;

/* How a coreference block chooses among the organizations that fit
 * (`resolve`): the salient one, a clause subject, or the nearest. */
enum { DG_RESOLVE_SUBJECT, DG_RESOLVE_RECENT, DG_RESOLVE_OBJECT };

typedef struct dg_rule {
    dg_rule_kind kind;
    char *id;
    char *file;
    unsigned line;
    int priority;
    size_t order;        /* position in load order, to break priority ties */
    int reltype;         /* relation rules and facts: index into reltypes; -1 otherwise */
    unsigned inherit;    /* relation rules: DG_INHERIT_* values taken from facts */
    uint64_t typemask;   /* vetoes and cues: bit per reltype; all ones: every type */
    bool has_status;
    dg_rel_status status;
    bool overlap_shared;
    bool always;         /* no trigger: runs on every sentence */
    char **triggers;     /* as written, for explain */
    size_t ntriggers;
    dg_pattern *pats;
    size_t npats;
    char *orgtype;       /* organization patterns: the type given; coref: accepted types ("*" any) */
    char *sector;        /* coref: accepted sector, or NULL */
    int count;           /* coref: how many organizations it names (the two companies: 2) */
    bool earlier_first;  /* coref: earlier sentences before the phrase's own ("prefer earlier") */
    int resolve;         /* coref: DG_RESOLVE_* ("resolve subject|recent|object") */
    bool role_target;    /* coref: passes over an organization that earlier relations of the
                          * document name only as investor or acquirer ("role target") */
    int majority_type;   /* relation rules: type of a relation whose stake is over 50%, or -1 */
    char *majority_name; /* as written, until the types are known */
    unsigned majority_line, majority_col;
    int *reject_lists;   /* organization patterns: word list ids */
    size_t nreject;
    dg_example *examples;
    size_t nexamples;
} dg_rule;

typedef struct dg_org {
    char *canonical;
    char *type, *parent, *sector, *country; /* may be NULL */
    char *file;
    unsigned line;
    bool strict;
} dg_org;

typedef struct dg_reltype {
    char *name;
    bool directed;
} dg_reltype;

/* A set of fold keys (word lists compiled for lookups). */
typedef struct dg_keyset dg_keyset;

typedef struct dg_wordlist {
    char *name;
    char **items; /* as written */
    size_t nitems;
    dg_keyset *keys; /* fold keys of the items */
    char *file;
    unsigned line;
} dg_wordlist;

typedef struct dg_macro {
    char *name;
    char *body; /* as written */
    char *file;
    unsigned line, col; /* where the body starts */
    int state;          /* expansion: 0 unvisited, 1 in progress, 2 done */
} dg_macro;

typedef struct dg_currency_word {
    char *key; /* fold key */
    char code[4];
} dg_currency_word;

typedef struct dg_scale_word {
    char *key;
    double mult;
} dg_scale_word;

/* The lexicon: organization names as token sequences (lexicon.c). */
typedef struct dg_lexicon dg_lexicon;

/* Vocabulary entry: what a token's fold key means to the rule set. */
typedef struct dg_vocab dg_vocab;

struct dg_ruleset {
    char **files;
    size_t nfiles;
    dg_org *orgs;
    size_t norgs, caporgs;
    size_t naliases;
    dg_lexicon *lex;
    dg_rule *rules; /* sorted: kind, then priority desc, then load order */
    size_t nrules;
    size_t kind_start[DG_RK__COUNT + 1]; /* rules of kind k: [kind_start[k], kind_start[k+1]) */
    dg_reltype *reltypes;
    size_t nreltypes;
    dg_wordlist *lists;
    size_t nlists;
    dg_macro *macros;
    size_t nmacros;
    dg_currency_word *currencies;
    size_t ncurrencies;
    dg_currency_word *countries; /* "country JP = Japanese": ISO 3166 codes in code */
    size_t ncountries;
    dg_scale_word *scales;
    size_t nscales;
    char **abbrevs; /* NULL-terminated, built-in list plus `abbrev` statements */
    size_t nabbrevs;
    int legal_suffix_list; /* word list id of LEGAL_SUFFIX, or -1 */
    size_t max_groups;     /* largest capture count of any pattern */
    size_t nexamples;
};

/* Word-list ids by name; -1 when absent. */
int dg_i_ruleset_list(const dg_ruleset *rs, const char *name);
bool dg_i_keyset_has(const dg_keyset *ks, const char *key, size_t n);
dg_keyset *dg_i_keyset_new(void);
dg_status dg_i_keyset_add(dg_keyset *ks, const char *key, size_t n);
void dg_i_keyset_free(dg_keyset *ks);

/* Currency code and scale by fold key; NULL / 0 when unknown. */
const char *dg_i_currency(const dg_ruleset *rs, const char *key, size_t n);
/* The ISO 3166 code a folded country word names ("country" tables), or NULL. */
const char *dg_i_country(const dg_ruleset *rs, const char *key, size_t n);
double dg_i_scale(const dg_ruleset *rs, const char *key, size_t n);

/* --- lexicon.c --- */

/* Builds the lexicon from rs->orgs and their aliases (names[i] belongs to
 * org owner[i]); LEGAL_SUFFIX items become optional tails. Rule triggers are
 * added with dg_i_lexicon_add_trigger. */
dg_lexicon *dg_i_lexicon_new(void);
void dg_i_lexicon_free(dg_lexicon *lx);
/* Adds a name of org `org`. Returns DG_EINVAL (with *other set) when the
 * name already belongs to another organization. */
dg_status dg_i_lexicon_add_name(dg_lexicon *lx, const char *name, size_t org,
                                bool exact_case, size_t *other);
dg_status dg_i_lexicon_add_suffix(dg_lexicon *lx, const char *suffix);
/* Registers trigger word `key` (a fold key; a trailing '*' makes it a
 * prefix) for rule index `rule`. */
dg_status dg_i_lexicon_add_trigger(dg_lexicon *lx, const char *word, size_t rule);
/* Number of distinct aliases. */
size_t dg_i_lexicon_names(const dg_lexicon *lx);

/* A match of the lexicon in a token list. */
typedef struct dg_lexmatch {
    size_t tok_start, tok_end; /* token range [start, end) including a legal suffix */
    size_t name_end;           /* token end of the name proper */
    size_t org;
} dg_lexmatch;

/* Per-sentence lookups: token i's vocabulary entry (or NULL). */
const dg_vocab *dg_i_lexicon_lookup(const dg_lexicon *lx, const char *key, size_t n);
/* Rule indices triggered by a vocabulary entry (exact words). */
const size_t *dg_i_vocab_rules(const dg_vocab *v, size_t *n);
/* Rules triggered by prefix words of the token key. Calls fn for each. */
void dg_i_lexicon_prefix_rules(const dg_lexicon *lx, const char *key, size_t n,
                               void (*fn)(size_t rule, void *ctx), void *ctx);
/* Longest organization name starting at token i (vocab entries of the
 * tokens are given in voc[]); false when none. Strict names must match as
 * written; with lower, only names written in lower case count, and only as
 * written (for a token without a capital). */
bool dg_i_lexicon_match(const dg_lexicon *lx, const dg_tokens *toks,
                        const dg_vocab *const *voc, size_t i, const char *text, bool lower,
                        dg_lexmatch *out);
/* Whether a word begins a name written in lower case ("e&", "flydubai"). */
bool dg_i_vocab_lower_start(const dg_vocab *v);
/* Looks a whole name up (fold key, suffixes dropped); returns the org index
 * or -1. */
long dg_i_lexicon_find(const dg_lexicon *lx, const char *name, size_t n);

#endif
